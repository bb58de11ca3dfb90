"""Filesystem helpers for project attachments."""
import os
import shutil

from django.conf import settings


def attachments_root() -> str:
    return getattr(settings, "ATTACHMENTS_ROOT", "/srv/tracker/attachments")


def attachment_path(project_slug: str, stored_name: str) -> str:
    return os.path.join(attachments_root(), project_slug, stored_name)


def archive_attachment(project_slug: str, stored_name: str) -> str:
    src = attachment_path(project_slug, stored_name)
    archive_dir = os.path.join(attachments_root(), ".archive", project_slug)
    os.makedirs(archive_dir, exist_ok=True)
    dst = os.path.join(archive_dir, stored_name)
    shutil.copy2(src, dst)
    return dst


def remove_attachment(project_slug: str, stored_name: str) -> None:
    path = attachment_path(project_slug, stored_name)
    if os.path.exists(path):
        os.remove(path)
