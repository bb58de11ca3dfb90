from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import IsAuthenticated

from .authentication import GatewayJWTAuthentication
from .models import Invoice


class InvoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invoice
        fields = ["id", "number", "issued_on", "total", "currency", "status"]


class ScopedMixin:
    authentication_classes = [GatewayJWTAuthentication]
    permission_classes = [IsAuthenticated]
    required_scope = "invoices:read"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        scopes = (request.auth or {}).get("scope", "").split()
        if self.required_scope not in scopes:
            raise PermissionDenied("missing scope")


class InvoiceList(ScopedMixin, ListAPIView):
    serializer_class = InvoiceSerializer

    def get_queryset(self):
        return Invoice.objects.filter(account__owner=self.request.user).order_by("-issued_on")


class InvoiceDetail(ScopedMixin, RetrieveAPIView):
    serializer_class = InvoiceSerializer
    lookup_field = "number"

    def get_queryset(self):
        return Invoice.objects.filter(account__owner=self.request.user)
