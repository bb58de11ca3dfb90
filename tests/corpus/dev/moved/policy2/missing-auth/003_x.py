import csv
import io

from django.http import HttpResponse
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action

from billing.models import Customer


class IsAccountOwner(permissions.BasePermission):
    message = "Only the account owner can do this."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.role == "owner")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # Keep spreadsheet apps from treating exported names as formulas.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


class CustomerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Customer
        fields = ["id", "name", "email", "billing_city", "created_at"]
        read_only_fields = ["id", "created_at"]


class CustomerViewSet(viewsets.ModelViewSet):
    serializer_class = CustomerSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return Customer.objects.filter(account=self.request.user.account).order_by("name")

    def get_permissions(self):
        if self.action in ("destroy", "export"):
            return [permissions.IsAuthenticated(), IsAccountOwner()]
        return super().get_permissions()

    def perform_create(self, serializer):
        serializer.save(account=self.request.user.account)

    # The nightly sync job uses a service account token with the owner role.
    @action(detail=False, methods=["get"], url_path="export")
    def export(self, request):
        customers = self.get_queryset()

        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["id", "name", "email", "billing_city"])
        for c in customers.iterator():
            writer.writerow([c.id, _cell(c.name), _cell(c.email), _cell(c.billing_city)])

        response = HttpResponse(buf.getvalue(), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="customers.csv"'
        return response
