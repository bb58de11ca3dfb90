"""Dashboard layout sharing.

Users can export the widget layout of a dashboard as a text blob, paste it to a
colleague, who imports it into one of their own dashboards.
"""
import base64
import binascii
import hashlib
import hmac
import pickle

from django.conf import settings
from django.db import transaction
from rest_framework import permissions, serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from dashboards.models import Dashboard, Widget

LAYOUT_VERSION = 3
_MAC_LEN = hashlib.sha256().digest_size


class LayoutImportSerializer(serializers.Serializer):
    layout = serializers.CharField(max_length=200_000)
    replace = serializers.BooleanField(default=False)


def _mac(payload: bytes) -> bytes:
    # LAYOUT_SIGNING_KEY is provisioned per environment from the secrets store
    return hmac.new(settings.LAYOUT_SIGNING_KEY.encode(), payload, hashlib.sha256).digest()


def dump_layout(dashboard: Dashboard) -> str:
    state = {
        "version": LAYOUT_VERSION,
        "columns": dashboard.columns,
        "widgets": [
            {"kind": w.kind, "title": w.title, "x": w.x, "y": w.y, "w": w.width, "h": w.height, "options": w.options}
            for w in dashboard.widgets.order_by("y", "x")
        ],
    }
    payload = pickle.dumps(state)
    return base64.urlsafe_b64encode(_mac(payload) + payload).decode()


def load_layout(blob: str) -> dict:
    try:
        raw = base64.urlsafe_b64decode(blob.encode())
    except binascii.Error as exc:
        raise serializers.ValidationError({"layout": "not a layout export"}) from exc
    mac, payload = raw[:_MAC_LEN], raw[_MAC_LEN:]
    if len(mac) != _MAC_LEN or not hmac.compare_digest(mac, _mac(payload)):
        raise serializers.ValidationError({"layout": "not a layout export"})
    state = pickle.loads(payload)
    if not isinstance(state, dict) or state.get("version") != LAYOUT_VERSION:
        raise serializers.ValidationError({"layout": "layout was exported from an older version"})
    return state


class DashboardLayoutView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def _dashboard(self, request, pk):
        return get_object_or_404(Dashboard, pk=pk, owner=request.user)

    def get(self, request, pk):
        dashboard = self._dashboard(request, pk)
        return Response({"layout": dump_layout(dashboard)})

    def post(self, request, pk):
        dashboard = self._dashboard(request, pk)
        serializer = LayoutImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        state = load_layout(serializer.validated_data["layout"])

        with transaction.atomic():
            if serializer.validated_data["replace"]:
                dashboard.widgets.all().delete()
            dashboard.columns = int(state.get("columns", dashboard.columns))
            dashboard.save(update_fields=["columns"])
            Widget.objects.bulk_create(
                Widget(
                    dashboard=dashboard,
                    kind=str(w["kind"]),
                    title=str(w["title"])[:120],
                    x=int(w["x"]), y=int(w["y"]), width=int(w["w"]), height=int(w["h"]),
                    options=w.get("options") or {},
                )
                for w in state["widgets"][:100]
                if w.get("kind") in Widget.KINDS
            )
        return Response({"imported": len(state["widgets"][:100])}, status=status.HTTP_201_CREATED)
