from django.shortcuts import get_object_or_404
from rest_framework import generics, permissions

from .models import Vendor
from .serializers import VendorProfileSerializer


class MyVendorProfileView(generics.RetrieveUpdateAPIView):
    """Lets a logged-in seller view and edit their own shop profile."""

    serializer_class = VendorProfileSerializer
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> Vendor:
        return get_object_or_404(Vendor, owner=self.request.user)

    def perform_update(self, serializer: VendorProfileSerializer) -> None:
        vendor = serializer.save()
        if "shop_name" in serializer.validated_data and vendor.is_live:
            vendor.status = Vendor.Status.PENDING
            vendor.save(update_fields=["status", "updated_at"])
