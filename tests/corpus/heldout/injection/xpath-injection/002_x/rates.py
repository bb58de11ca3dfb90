from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from lxml import etree

RATES_FILE = Path(__file__).with_name("data") / "shipping_rates.xml"


@dataclass(frozen=True)
class Rate:
    service: str
    max_weight_g: int
    price: Decimal
    currency: str


class RateTable:
    def __init__(self, path: Path = RATES_FILE):
        parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
        self._tree = etree.parse(str(path), parser)

    def public_rates(self, country: str, service: str) -> list[Rate]:
        find = etree.XPath(
            "/rates/zone[country/@code='" + country + "']"
            "/rate[@audience='public' and @service='" + service + "']"
        )
        return [
            Rate(
                service=node.get("service"),
                max_weight_g=int(node.get("max-weight")),
                price=Decimal(node.findtext("price")),
                currency=node.find("price").get("currency", "EUR"),
            )
            for node in find(self._tree)
        ]

    def countries(self) -> list[str]:
        return sorted(set(self._tree.xpath("/rates/zone/country/@code")))
