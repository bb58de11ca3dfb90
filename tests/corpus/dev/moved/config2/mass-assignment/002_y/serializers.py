from rest_framework import serializers

from .models import Vendor


class VendorProfileSerializer(serializers.ModelSerializer):
    is_live = serializers.BooleanField(read_only=True)

    class Meta:
        model = Vendor
        fields = "__all__"
        read_only_fields = ("id", "owner", "created_at", "updated_at")

    def validate_shop_name(self, value: str) -> str:
        value = value.strip()
        if len(value) < 3:
            raise serializers.ValidationError("Shop name is too short.")
        return value
