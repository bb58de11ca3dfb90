from django.conf import settings
from django.db import models


class FeatureFlag(models.Model):
    key = models.SlugField(max_length=64, unique=True)
    description = models.CharField(max_length=200, blank=True)
    value = models.JSONField(default=None, null=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key
