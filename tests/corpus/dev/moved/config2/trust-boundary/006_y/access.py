from functools import wraps

from django.core.exceptions import PermissionDenied

SUPPORT_AGENT_KEY = "support_agent"


def support_agent_required(view_func):
    """Only let through sessions that were flagged as support staff at login."""

    @wraps(view_func)
    def _wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise PermissionDenied
        if not request.session.get(SUPPORT_AGENT_KEY):
            raise PermissionDenied
        return view_func(request, *args, **kwargs)

    return _wrapped
