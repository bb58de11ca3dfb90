from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Product:
    sku: str
    title: str
    price_cents: int
    max_per_order: int = 10


_PRODUCTS = (
    Product("MUG-BLK-350", "Black mug 350ml", 1450),
    Product("MUG-WHT-350", "White mug 350ml", 1450),
    Product("TEE-LOGO-M", "Logo t-shirt (M)", 2400, max_per_order=5),
    Product("TEE-LOGO-L", "Logo t-shirt (L)", 2400, max_per_order=5),
    Product("STK-PACK-10", "Sticker pack", 600, max_per_order=20),
)

CATALOG: dict[str, Product] = {p.sku: p for p in _PRODUCTS}
