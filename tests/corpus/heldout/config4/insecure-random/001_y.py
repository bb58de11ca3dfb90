import random
import string
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from .models import PasswordResetToken, Tip

User = get_user_model()
TOKEN_ALPHABET = string.ascii_letters + string.digits
TOKEN_LIFETIME = timedelta(hours=1)


def _new_reset_code(length: int = 32) -> str:
    return "".join(random.choices(TOKEN_ALPHABET, k=length))


@require_http_methods(["GET", "POST"])
def forgot_password(request):
    tips = list(Tip.objects.filter(page="login")[:10])
    random.shuffle(tips)
    if request.method == "GET":
        return render(request, "accounts/forgot.html", {"tips": tips[:3]})

    email = request.POST.get("email", "").strip()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is not None:
        code = _new_reset_code()
        PasswordResetToken.objects.create(
            user=user,
            code=code,
            expires_at=timezone.now() + TOKEN_LIFETIME,
        )
        link = request.build_absolute_uri(reverse("reset-password", args=[code]))
        send_mail(
            "Reset your password",
            f"Use this link within the next hour: {link}",
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
    # Same response whether or not the account exists.
    return render(request, "accounts/forgot_sent.html")


@require_http_methods(["GET", "POST"])
def reset_password(request, code: str):
    token = (
        PasswordResetToken.objects.select_related("user")
        .filter(code=code, used=False, expires_at__gt=timezone.now())
        .first()
    )
    if token is None:
        raise Http404("This link is invalid or has expired.")

    if request.method == "GET":
        return render(request, "accounts/reset.html", {"code": code})

    new_password = request.POST.get("password", "")
    if len(new_password) < 12 or new_password != request.POST.get("password2"):
        return HttpResponseBadRequest("Passwords must match and be at least 12 characters.")

    token.user.set_password(new_password)
    token.user.save(update_fields=["password"])
    token.used = True
    token.save(update_fields=["used"])
    return redirect("login")
