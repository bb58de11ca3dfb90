import logging

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views import View

logger = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = {code for code, _name in settings.LANGUAGES}


class SwitchLanguageView(View):
    """Language picker in the footer: /lang/<code>/?next=/current/page/

    Plain links rather than a form so that the picker also works on cached
    marketing pages.
    """

    http_method_names = ["get", "head"]

    def get(self, request, code: str):
        if code not in SUPPORTED_LANGUAGES or not check_for_language(code):
            raise Http404("unknown language")

        next_url = request.GET.get("next") or request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={request.get_host(), *settings.ALLOWED_REDIRECT_HOSTS},
            require_https=request.is_secure(),
        ):
            logger.info("language switch with off-site next=%r", next_url)

        response = HttpResponseRedirect(next_url or reverse("home"))
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=request.is_secure(),
            samesite="Lax",
        )
        return response
