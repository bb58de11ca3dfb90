"""One-time reset codes sent by email, for accounts without a recovery phone."""
import hmac
import random

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_protect

CODE_TTL = 10 * 60
MAX_ATTEMPTS = 5

User = get_user_model()


def _cache_key(user_id: int) -> str:
    return f"reset-code:{user_id}"


def issue_code(user) -> str:
    code = f"{random.randint(0, 999_999):06d}"
    cache.set(_cache_key(user.pk), {"code": code, "attempts": 0}, CODE_TTL)
    return code


@method_decorator(csrf_protect, name="dispatch")
class SendResetCodeView(View):
    def post(self, request):
        email = request.POST.get("email", "").strip()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is not None:
            code = issue_code(user)
            send_mail(
                "Your reset code",
                f"Enter {code} on the reset page. It expires in 10 minutes.",
                None,
                [user.email],
            )
        return JsonResponse({"sent": True})


@method_decorator(csrf_protect, name="dispatch")
class VerifyResetCodeView(View):
    def post(self, request):
        email = request.POST.get("email", "").strip()
        submitted = request.POST.get("code", "").strip()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            return JsonResponse({"ok": False}, status=400)

        key = _cache_key(user.pk)
        entry = cache.get(key)
        if entry is None or entry["attempts"] >= MAX_ATTEMPTS:
            cache.delete(key)
            return JsonResponse({"ok": False, "error": "request a new code"}, status=400)

        if not hmac.compare_digest(submitted, entry["code"]):
            entry["attempts"] += 1
            cache.set(key, entry, CODE_TTL)
            return JsonResponse({"ok": False}, status=400)

        cache.delete(key)
        request.session["reset_user_id"] = user.pk
        return JsonResponse({"ok": True, "next": "/account/reset/new-password/"})
