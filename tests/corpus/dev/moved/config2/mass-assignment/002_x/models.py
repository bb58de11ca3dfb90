from decimal import Decimal

from django.conf import settings
from django.db import models


class Vendor(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending review"
        APPROVED = "approved", "Approved"
        SUSPENDED = "suspended", "Suspended"

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vendor"
    )
    shop_name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    support_email = models.EmailField()
    website = models.URLField(blank=True)
    logo_url = models.URLField(blank=True)

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    commission_rate = models.DecimalField(max_digits=4, decimal_places=3, default=Decimal("0.150"))
    payout_account = models.CharField(max_length=64, blank=True)
    featured = models.BooleanField(default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.shop_name

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.APPROVED
