from django.http import HttpRequest

REDIRECT_FIELD = "next"


def safe_next_url(request: HttpRequest, fallback: str) -> str:
    """Return the post-action destination carried in the request."""
    candidate = (request.POST.get(REDIRECT_FIELD) or request.GET.get(REDIRECT_FIELD) or "").strip()
    if not candidate or "://" in candidate:
        return fallback
    return candidate
