from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.http import require_GET

from .queries import low_stock, search_stock


def _int_param(request, name, default):
    raw = request.GET.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        return None


@login_required
@require_GET
def stock_search(request, warehouse_id: int):
    term = request.GET.get("q", "").strip()
    if not term:
        return JsonResponse({"results": []})

    limit = _int_param(request, "limit", 50)
    if limit is None or not 1 <= limit <= 200:
        return HttpResponseBadRequest("limit must be between 1 and 200")

    rows = search_stock(warehouse_id, term, limit)
    return JsonResponse({"results": rows, "count": len(rows)})


@login_required
@require_GET
def stock_alerts(request, warehouse_id: int):
    threshold = _int_param(request, "threshold", 10)
    if threshold is None:
        return HttpResponseBadRequest("threshold must be an integer")
    return JsonResponse({"results": low_stock(warehouse_id, threshold)})
