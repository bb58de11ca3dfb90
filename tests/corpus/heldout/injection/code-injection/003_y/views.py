import json

from django.contrib.auth.decorators import login_required, permission_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from .coerce import CoercionError, coerce_flag_value
from .models import FeatureFlag


def _serialise(flag: FeatureFlag) -> dict:
    return {
        "key": flag.key,
        "description": flag.description,
        "value": flag.value,
        "updated_at": flag.updated_at.isoformat(),
    }


@login_required
def list_flags(request):
    return JsonResponse({"flags": [_serialise(f) for f in FeatureFlag.objects.all()]})


@login_required
@permission_required("flags.change_featureflag", raise_exception=True)
@require_http_methods(["POST", "PUT"])
def update_flag(request, key: str):
    flag = get_object_or_404(FeatureFlag, key=key)
    if request.content_type == "application/json":
        try:
            raw = json.loads(request.body).get("value", "")
        except (json.JSONDecodeError, AttributeError):
            return JsonResponse({"error": "malformed body"}, status=400)
    else:
        raw = request.POST.get("value", "")

    if not isinstance(raw, str):
        flag.value = raw
    else:
        try:
            flag.value = coerce_flag_value(raw)
        except CoercionError as exc:
            return JsonResponse({"error": str(exc)}, status=400)

    flag.updated_by = request.user
    flag.save(update_fields=["value", "updated_at", "updated_by"])
    return JsonResponse(_serialise(flag))
