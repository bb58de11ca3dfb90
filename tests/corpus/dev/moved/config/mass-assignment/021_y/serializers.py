from zoneinfo import available_timezones

from rest_framework import serializers

from .models import Profile

_TIMEZONES = frozenset(available_timezones())


class ProfileSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Profile
        fields = (
            "id",
            "username",
            "headline",
            "about",
            "website",
            "timezone",
            "avatar_url",
            "tier",
            "storage_quota_mb",
            "updated_at",
        )
        read_only_fields = ("id", "tier", "storage_quota_mb", "updated_at")

    def validate_timezone(self, value: str) -> str:
        if value not in _TIMEZONES:
            raise serializers.ValidationError("Unknown time zone.")
        return value
