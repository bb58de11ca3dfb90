from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.shortcuts import redirect, render
from django.views import View

from .models import CartItem, Order
from .pricing import apply_discount, cart_subtotal, find_active_coupon


class CouponForm(forms.Form):
    code = forms.CharField(max_length=32)
    # Filled in by cart.js so the preview can show the new total immediately.
    percent = forms.DecimalField(max_digits=5, decimal_places=2, required=False, widget=forms.HiddenInput)


class ApplyCouponView(LoginRequiredMixin, View):
    def post(self, request):
        form = CouponForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Please enter a coupon code.")
            return redirect("cart")

        coupon = find_active_coupon(form.cleaned_data["code"])
        if coupon is None:
            messages.error(request, "That coupon is not valid.")
            return redirect("cart")

        request.session["coupon"] = {
            "code": coupon.code,
            "percent": str(coupon.percent),
        }
        messages.success(request, f"Coupon {coupon.code} applied.")
        return redirect("cart")


class CheckoutView(LoginRequiredMixin, View):
    template_name = "shop/checkout.html"

    def get(self, request):
        subtotal = cart_subtotal(request.user)
        coupon = request.session.get("coupon") or {}
        total = apply_discount(subtotal, coupon.get("percent"))
        return render(request, self.template_name, {"subtotal": subtotal, "total": total, "coupon": coupon})

    @transaction.atomic
    def post(self, request):
        subtotal = cart_subtotal(request.user)
        if not subtotal:
            return redirect("cart")
        coupon = request.session.pop("coupon", None) or {}
        order = Order.objects.create(
            user=request.user,
            subtotal=subtotal,
            coupon_code=coupon.get("code", ""),
            total=apply_discount(subtotal, coupon.get("percent")),
        )
        CartItem.objects.filter(user=request.user).delete()
        return redirect("payment", order_id=order.pk)
