from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

REDIRECT_FIELD = "next"


def safe_next_url(request: HttpRequest, fallback: str) -> str:
    """Return the post-action destination carried in the request."""
    candidate = (request.POST.get(REDIRECT_FIELD) or request.GET.get(REDIRECT_FIELD) or "").strip()
    if not candidate:
        return fallback
    if not url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return fallback
    return candidate
