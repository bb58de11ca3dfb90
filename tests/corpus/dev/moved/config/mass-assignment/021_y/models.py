from django.conf import settings
from django.db import models


class Profile(models.Model):
    class Tier(models.TextChoices):
        FREE = "free"
        PRO = "pro"
        ENTERPRISE = "enterprise"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    headline = models.CharField(max_length=140, blank=True)
    about = models.TextField(blank=True)
    website = models.URLField(blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    avatar_url = models.URLField(blank=True)
    tier = models.CharField(max_length=16, choices=Tier.choices, default=Tier.FREE)
    is_admin = models.BooleanField(default=False)
    storage_quota_mb = models.PositiveIntegerField(default=500)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Profile<{self.user_id}>"
