from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from .models import CartItem, Coupon

CENT = Decimal("0.01")


@dataclass(frozen=True)
class CouponInfo:
    code: str
    percent: Decimal


def find_active_coupon(code: str) -> CouponInfo | None:
    coupon = (
        Coupon.objects.filter(code__iexact=code.strip(), active=True, valid_until__gte=timezone.now())
        .only("code", "percent_off")
        .first()
    )
    if coupon is None:
        return None
    return CouponInfo(code=coupon.code, percent=coupon.percent_off)


def cart_subtotal(user) -> Decimal:
    total = Decimal("0")
    for item in CartItem.objects.filter(user=user).select_related("product"):
        total += item.product.price * item.quantity
    return total


def apply_discount(subtotal: Decimal, percent: Decimal | str | None) -> Decimal:
    if not percent:
        return subtotal.quantize(CENT)
    factor = (Decimal("100") - Decimal(percent)) / Decimal("100")
    return (subtotal * factor).quantize(CENT, rounding=ROUND_HALF_UP)
