from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, EmailStr, Field

from .billing import PaymentFailed, cart_total, charge_cart
from .catalog import CATALOG

router = APIRouter()


class AddToCart(BaseModel):
    sku: str = Field(pattern=r"^[A-Z0-9-]{3,32}$")
    quantity: int = Field(ge=1, le=20)


class CheckoutRequest(BaseModel):
    payment_token: str = Field(min_length=8, max_length=128)
    email: EmailStr


@router.get("/cart")
async def view_cart(request: Request):
    lines = request.session.get("cart", [])
    return {"lines": lines, "total_cents": cart_total(lines)}


@router.post("/cart/items", status_code=201)
async def add_to_cart(item: AddToCart, request: Request):
    product = CATALOG.get(item.sku)
    if product is None:
        raise HTTPException(404, "unknown product")
    if item.quantity > product.max_per_order:
        raise HTTPException(422, f"at most {product.max_per_order} per order")

    lines = [line for line in request.session.get("cart", []) if line["sku"] != product.sku]
    lines.append(
        {
            "sku": product.sku,
            "title": product.title,
            "quantity": item.quantity,
            "unit_price_cents": product.price_cents,
        }
    )
    request.session["cart"] = lines
    return {"lines": lines, "total_cents": cart_total(lines)}


@router.post("/checkout")
async def checkout(body: CheckoutRequest, request: Request):
    lines = request.session.get("cart", [])
    if not lines:
        raise HTTPException(409, "cart is empty")
    try:
        charge = await charge_cart(lines, body.payment_token, body.email)
    except PaymentFailed as exc:
        raise HTTPException(402, str(exc)) from exc
    request.session.pop("cart", None)
    return {"order_reference": charge["id"], "amount_cents": charge["amount"]}
