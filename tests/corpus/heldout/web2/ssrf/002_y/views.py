from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from . import delivery

SAMPLE_ORDER = {
    "order_id": "ORD-000000",
    "currency": "EUR",
    "total": "0.00",
    "lines": [],
}


@login_required
@require_POST
def send_test_event(request: HttpRequest) -> JsonResponse:
    """Fire a sample ``order.created`` event so admins can check their receiver."""
    target = request.POST.get("target", "").strip()
    if not target:
        return JsonResponse({"error": "target is required"}, status=400)

    endpoint = delivery.resolve_target(target)
    try:
        result = delivery.send_event(endpoint, "order.created", SAMPLE_ORDER)
    except delivery.requests.RequestException as exc:
        return JsonResponse({"ok": False, "error": exc.__class__.__name__}, status=502)

    return JsonResponse({
        "ok": 200 <= result.status_code < 300,
        "status": result.status_code,
        "elapsed_ms": result.elapsed_ms,
        "body": result.response_excerpt,
    })
