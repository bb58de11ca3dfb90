"""Read-only access to orders from the legacy ERP archive (nightly XML dump)."""

from django.conf import settings
from lxml import etree
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

_parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def archive() -> etree._ElementTree:
    return etree.parse(settings.LEGACY_ORDER_ARCHIVE, _parser)


class LegacyLineSerializer(serializers.Serializer):
    sku = serializers.CharField()
    description = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(max_digits=10, decimal_places=2)


class LegacyOrderSerializer(serializers.Serializer):
    reference = serializers.CharField()
    placed_on = serializers.DateField()
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    lines = LegacyLineSerializer(many=True)


def order_from_node(node: etree._Element) -> dict:
    return {
        "reference": node.get("ref"),
        "placed_on": node.findtext("placed"),
        "total": node.findtext("total"),
        "lines": [
            {
                "sku": line.get("sku"),
                "description": line.findtext("desc"),
                "quantity": line.findtext("qty"),
                "unit_price": line.findtext("price"),
            }
            for line in node.iterfind("lines/line")
        ],
    }


class LegacyOrderDetail(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request, reference: str):
        customer_no = request.user.profile.legacy_customer_no
        if customer_no is None:
            return Response({"detail": "no legacy account linked"}, status=status.HTTP_404_NOT_FOUND)

        # archive references are plain order numbers, e.g. 20031187
        try:
            order_no = int(reference)
        except ValueError:
            return Response({"detail": "order not found"}, status=status.HTTP_404_NOT_FOUND)

        query = (
            f"/archive/order[@ref='{order_no}'"
            f" and customer/@number='{int(customer_no)}']"
        )
        matches = archive().xpath(query)
        if not matches:
            return Response({"detail": "order not found"}, status=status.HTTP_404_NOT_FOUND)

        data = LegacyOrderSerializer(order_from_node(matches[0])).data
        return Response(data)
