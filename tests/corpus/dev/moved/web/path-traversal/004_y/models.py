import uuid

from django.conf import settings
from django.db import models


class Project(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="projects")

    def __str__(self) -> str:
        return self.name


def _stored_name() -> str:
    return uuid.uuid4().hex


class Attachment(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="attachments")
    original_name = models.CharField(max_length=255)
    # generated on upload
    stored_name = models.CharField(max_length=32, default=_stored_name, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)
