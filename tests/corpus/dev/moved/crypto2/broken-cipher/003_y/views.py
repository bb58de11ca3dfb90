from __future__ import annotations

import re

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, JsonResponse
from django.views import View

from .fieldcrypt import decrypt_value, encrypt_value, mask
from .models import PayoutAccount

IBAN_RE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")
SUPPORTED_COUNTRIES = {"DE", "FR", "NL", "BE", "AT", "ES", "IT", "IE"}


class PayoutAccountView(LoginRequiredMixin, View):
    raise_exception = True

    def get(self, request: HttpRequest) -> JsonResponse:
        account = PayoutAccount.objects.filter(owner=request.user).first()
        if account is None:
            return JsonResponse({"configured": False})
        return JsonResponse(
            {
                "configured": True,
                "holder_name": account.holder_name,
                "iban": mask(decrypt_value(account.iban_encrypted, context="iban")),
                "country": account.country,
            }
        )

    def post(self, request: HttpRequest) -> JsonResponse:
        iban = request.POST.get("iban", "").replace(" ", "").upper()
        holder = request.POST.get("holder_name", "").strip()
        country = request.POST.get("country", "").upper()
        tax_id = request.POST.get("tax_id", "").strip()

        if not IBAN_RE.fullmatch(iban):
            return JsonResponse({"error": "invalid IBAN"}, status=400)
        if country not in SUPPORTED_COUNTRIES:
            return JsonResponse({"error": "unsupported country"}, status=400)
        if not holder or len(holder) > 140:
            return JsonResponse({"error": "holder name required"}, status=400)

        PayoutAccount.objects.update_or_create(
            owner=request.user,
            defaults={
                "holder_name": holder,
                "iban_encrypted": encrypt_value(iban, context="iban"),
                "tax_id_encrypted": encrypt_value(tax_id, context="tax_id") if tax_id else "",
                "country": country,
            },
        )
        return JsonResponse({"saved": True, "iban": mask(iban)}, status=201)
