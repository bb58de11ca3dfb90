"""Helpers for the cookies the portal sets on responses."""
from django.conf import settings
from django.http import HttpResponse

API_TOKEN_COOKIE = "portal_api_token"
THEME_COOKIE = "portal_theme"

TOKEN_MAX_AGE = getattr(settings, "PORTAL_TOKEN_MAX_AGE", 60 * 60 * 10)
THEME_MAX_AGE = 60 * 60 * 24 * 365


def attach_api_token(response: HttpResponse, token: str) -> HttpResponse:
    # the SPA reads this on boot and sends it back as a bearer header
    response.set_cookie(
        API_TOKEN_COOKIE,
        token,
        max_age=TOKEN_MAX_AGE,
        secure=True,
        httponly=False,
        samesite="Lax",
    )
    return response


def clear_api_token(response: HttpResponse) -> HttpResponse:
    response.delete_cookie(API_TOKEN_COOKIE, samesite="Lax")
    return response


def remember_theme(response: HttpResponse, theme: str) -> HttpResponse:
    response.set_cookie(THEME_COOKIE, theme, max_age=THEME_MAX_AGE, samesite="Lax")
    return response
