from django.conf import settings
from django.db import models


class PayoutAccount(models.Model):
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="payout_account"
    )
    holder_name = models.CharField(max_length=140)
    iban_encrypted = models.TextField()
    tax_id_encrypted = models.TextField(blank=True, default="")
    country = models.CharField(max_length=2)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"PayoutAccount<{self.owner_id}>"
