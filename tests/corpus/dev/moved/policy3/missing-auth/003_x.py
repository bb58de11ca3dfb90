"""Vendor and payment-run endpoints for the ledger API (Django REST framework)."""
from django.db import models, transaction
from django.urls import include, path
from rest_framework import permissions, routers, serializers, viewsets
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.response import Response


class Vendor(models.Model):
    name = models.CharField(max_length=200)
    iban = models.CharField(max_length=34)
    bic = models.CharField(max_length=11, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(default=30)
    blocked = models.BooleanField(default=False)

    class Meta:
        app_label = "ledger"
        ordering = ["name"]


class VendorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vendor
        fields = ["id", "name", "iban", "bic", "payment_terms_days", "blocked"]


class IsFinanceLead(permissions.BasePermission):
    message = "Only finance leads may change vendor master data."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.groups.filter(name="finance-lead").exists())


READ_ACTIONS = {"list", "retrieve"}


class VendorViewSet(viewsets.ModelViewSet):
    queryset = Vendor.objects.all()
    serializer_class = VendorSerializer
    authentication_classes = [TokenAuthentication]

    def get_permissions(self):
        if self.action in READ_ACTIONS:
            # the mobile app caches the vendor list for offline expense entry
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated(), IsFinanceLead()]

    def get_queryset(self):
        qs = super().get_queryset()
        if (term := self.request.query_params.get("search")) and len(term) >= 2:
            qs = qs.filter(name__icontains=term)
        if self.request.query_params.get("include_blocked") != "1":
            qs = qs.filter(blocked=False)
        return qs

    @action(detail=True, methods=["post"])
    def block(self, request, pk=None):
        vendor = self.get_object()
        with transaction.atomic():
            vendor.blocked = True
            vendor.save(update_fields=["blocked"])
        return Response({"id": vendor.id, "blocked": True})


@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def health(request):
    return Response({"status": "ok"})


router = routers.SimpleRouter(trailing_slash=False)
router.register("vendors", VendorViewSet, basename="vendor")

urlpatterns = [
    path("health", health),
    path("auth/token", obtain_auth_token),
    path("", include(router.urls)),
]
