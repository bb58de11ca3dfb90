from rest_framework import serializers

from .models import Vendor


class VendorProfileSerializer(serializers.ModelSerializer):
    is_live = serializers.BooleanField(read_only=True)

    class Meta:
        model = Vendor
        fields = (
            "id",
            "shop_name",
            "description",
            "support_email",
            "website",
            "logo_url",
            "status",
            "commission_rate",
            "featured",
            "is_live",
            "updated_at",
        )
        read_only_fields = ("id", "status", "commission_rate", "featured", "updated_at")

    def validate_shop_name(self, value: str) -> str:
        value = value.strip()
        if len(value) < 3:
            raise serializers.ValidationError("Shop name is too short.")
        return value
