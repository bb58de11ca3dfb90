"""DRF authentication for partner integrations that call us with their IdP's tokens."""
import time

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from jose import JWTError, jwt
from rest_framework import authentication, exceptions

_JWKS_CACHE: dict[str, object] = {"keys": {}, "fetched": 0.0}
JWKS_TTL = 600


def _signing_keys() -> dict[str, dict]:
    if time.time() - _JWKS_CACHE["fetched"] > JWKS_TTL:
        resp = requests.get(settings.PARTNER_JWKS_URL, timeout=5)
        resp.raise_for_status()
        _JWKS_CACHE["keys"] = {k["kid"]: k for k in resp.json()["keys"]}
        _JWKS_CACHE["fetched"] = time.time()
    return _JWKS_CACHE["keys"]


class PartnerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate_header(self, request):
        return self.keyword

    def authenticate(self, request):
        auth = authentication.get_authorization_header(request).split()
        if not auth or auth[0].decode().lower() != self.keyword.lower():
            return None
        if len(auth) != 2:
            raise exceptions.AuthenticationFailed("malformed authorization header")
        token = auth[1].decode()

        try:
            # header is only used to choose which published key to verify with
            header = jwt.get_unverified_header(token)
            if (jwk := _signing_keys().get(header.get("kid"))) is None:
                raise exceptions.AuthenticationFailed(f"unknown signing key {str(header.get("kid"))[:40]!r}")
            claims = jwt.decode(
                token,
                jwk,
                algorithms=["RS256"],
                audience=settings.PARTNER_AUDIENCE,
                issuer=settings.PARTNER_ISSUER,
            )
        except JWTError as exc:
            raise exceptions.AuthenticationFailed("invalid token") from exc

        User = get_user_model()
        try:
            user = User.objects.get(partner_subject=claims["sub"], is_active=True)
        except (KeyError, User.DoesNotExist):
            raise exceptions.AuthenticationFailed("no such partner account")
        return user, claims
