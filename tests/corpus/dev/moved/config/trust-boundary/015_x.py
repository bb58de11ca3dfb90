"""Customer portal sign-in: password first, then a TOTP code."""
import pyotp
from django.contrib.auth.hashers import check_password
from django.shortcuts import redirect, render
from django.views import View

from .models import Customer

PENDING_KEY = "portal_pending_customer"
SESSION_KEY = "portal_customer_id"


class PasswordStepView(View):
    template_name = "portal/signin_password.html"

    def get(self, request):
        return render(request, self.template_name)

    def post(self, request):
        email = request.POST.get("email", "").strip().lower()
        customer = Customer.objects.filter(email=email, is_active=True).first()
        if customer is None or not check_password(request.POST.get("password", ""), customer.password):
            return render(request, self.template_name, {"error": "Sign-in failed."}, status=401)

        request.session.cycle_key()
        request.session[PENDING_KEY] = customer.pk
        return redirect("portal:signin-otp")


class OtpStepView(View):
    template_name = "portal/signin_otp.html"

    def _pending(self, request):
        pk = request.session.get(PENDING_KEY)
        return Customer.objects.filter(pk=pk, is_active=True).first() if pk else None

    def get(self, request):
        customer = self._pending(request)
        if customer is None:
            return redirect("portal:signin")
        return render(request, self.template_name, {"customer_id": customer.pk})

    def post(self, request):
        customer = self._pending(request)
        if customer is None:
            return redirect("portal:signin")

        code = request.POST.get("code", "").replace(" ", "")
        if not pyotp.TOTP(customer.totp_secret).verify(code, valid_window=1):
            return render(
                request,
                self.template_name,
                {"customer_id": customer.pk, "error": "That code did not match."},
                status=401,
            )

        request.session.pop(PENDING_KEY, None)
        request.session.cycle_key()
        request.session[SESSION_KEY] = int(request.POST["customer_id"])
        return redirect("portal:home")


class SignOutView(View):
    def post(self, request):
        request.session.flush()
        return redirect("portal:signin")
