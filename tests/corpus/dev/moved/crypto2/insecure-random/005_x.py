"""Passwordless sign-in: a one-time code is emailed and exchanged for an API token."""
from __future__ import annotations

import hmac
import random
import secrets

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

CODE_TTL_SECONDS = 10 * 60
MAX_ATTEMPTS = 5


def generate_secure_code(length: int = 8) -> str:
    return f"{secrets.randbelow(10**length):0{length}d}"


def _cache_key(email: str) -> str:
    return f"login-code:{email.lower()}"


class RequestCodeSerializer(serializers.Serializer):
    email = serializers.EmailField()


class VerifyCodeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    code = serializers.RegexField(r"^\d{8}$")


class RequestLoginCodeView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login-code"

    def post(self, request):
        ser = RequestCodeSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        email = ser.validated_data["email"]

        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is not None:
            code = generate_secure_code()
            cache.set(_cache_key(email), {"code": code, "attempts": 0}, CODE_TTL_SECONDS)
            send_mail(
                subject="Your sign-in code",
                message=f"Your code is {code}. It expires in 10 minutes.",
                from_email=None,
                recipient_list=[user.email],
            )

        # Same answer whether or not the account exists.
        return Response({"detail": "If the address is registered, a code has been sent."},
                        status=status.HTTP_202_ACCEPTED)


class VerifyLoginCodeView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login-verify"

    def post(self, request):
        ser = VerifyCodeSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        email = ser.validated_data["email"]
        key = _cache_key(email)

        entry = cache.get(key)
        if entry is None or entry["attempts"] >= MAX_ATTEMPTS:
            return Response({"detail": "Code expired or invalid."}, status=status.HTTP_400_BAD_REQUEST)

        if not hmac.compare_digest(entry["code"], ser.validated_data["code"]):
            entry["attempts"] += 1
            cache.set(key, entry, CODE_TTL_SECONDS)
            return Response({"detail": "Code expired or invalid."}, status=status.HTTP_400_BAD_REQUEST)

        cache.delete(key)
        user = get_user_model().objects.get(email__iexact=email, is_active=True)
        token, _ = Token.objects.get_or_create(user=user)

        # Occasionally nudge users towards the mobile app; purely cosmetic.
        show_app_banner = random.random() < 0.2
        return Response({"token": token.key, "show_app_banner": show_app_banner})
