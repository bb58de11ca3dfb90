from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info
from django.views.decorators.http import require_GET

SUPPORTED = {code for code, _name in settings.LANGUAGES}


@require_GET
def switch_language(request):
    lang = request.GET.get("language", "")
    destination = request.GET.get("next") or request.META.get("HTTP_REFERER") or reverse("home")

    response = HttpResponseRedirect(destination)
    if lang in SUPPORTED:
        translation.activate(lang)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            lang,
            max_age=365 * 24 * 3600,
            secure=True,
            samesite="Lax",
        )
    return response


@require_GET
def available_languages(request):
    current = translation.get_language()
    languages = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        languages.append({"code": code, "name": info["name_local"], "bidi": info["bidi"], "current": code == current})
    return JsonResponse({"languages": languages})
