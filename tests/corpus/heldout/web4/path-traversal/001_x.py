"""Worker that unpacks uploaded storefront theme bundles.

The upload endpoint stores the raw .zip in the uploads bucket and enqueues
``import_theme`` on the ``themes`` queue. We pull the archive down, unpack
the static assets into the tenant's theme directory and mark the import done.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import boto3
from redis import Redis
from rq import Queue

from storefront.models import ThemeImport

log = logging.getLogger("workers.themes")

UPLOAD_BUCKET = os.environ.get("THEME_UPLOAD_BUCKET", "storefront-uploads")
THEMES_ROOT = Path(os.environ.get("THEMES_ROOT", "/srv/storefront/themes"))

ASSET_SUFFIXES = {".css", ".js", ".png", ".jpg", ".jpeg", ".svg", ".woff2", ".html"}
MAX_MEMBERS = 2000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

s3 = boto3.client("s3")
queue = Queue("themes", connection=Redis.from_url(os.environ["REDIS_URL"]))


class ThemeBundleError(Exception):
    pass


def _download(key: str) -> Path:
    fd, local_path = tempfile.mkstemp(suffix=".zip")
    os.close(fd)
    s3.download_file(UPLOAD_BUCKET, key, local_path)
    return Path(local_path)


def _member_target(theme_root: Path, name: str) -> Path:
    target = (theme_root / name).resolve()
    if not target.is_relative_to(theme_root):
        raise ThemeBundleError(f"entry {name!r} points outside the theme directory")
    return target


def _unpack(archive_path: Path, theme_dir: Path) -> int:
    theme_root = theme_dir.resolve()
    written = 0
    total = 0
    with zipfile.ZipFile(archive_path) as zf:
        members = zf.infolist()
        if len(members) > MAX_MEMBERS:
            raise ThemeBundleError(f"theme has too many files ({len(members)})")

        for info in members:
            if info.is_dir():
                continue
            if Path(info.filename).suffix.lower() not in ASSET_SUFFIXES:
                log.debug("skipping non-asset %s", info.filename)
                continue

            total += info.file_size
            if total > MAX_UNPACKED_BYTES:
                raise ThemeBundleError("theme bundle is too large once unpacked")

            target = _member_target(theme_root, info.filename)
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst)
            written += 1
    return written


def import_theme(import_id: int) -> None:
    job = ThemeImport.objects.select_related("shop").get(pk=import_id)
    theme_dir = THEMES_ROOT / str(job.shop.pk) / str(job.pk)
    theme_dir.mkdir(parents=True, exist_ok=True)

    archive_path = _download(job.upload_key)
    try:
        count = _unpack(archive_path, theme_dir)
    except (zipfile.BadZipFile, ThemeBundleError) as exc:
        log.warning("theme import %s failed: %s", job.pk, exc)
        job.mark_failed(str(exc))
        shutil.rmtree(theme_dir, ignore_errors=True)
        return
    finally:
        archive_path.unlink(missing_ok=True)

    log.info("theme import %s: unpacked %d assets", job.pk, count)
    job.mark_ready(path=str(theme_dir))


def enqueue_theme_import(import_id: int) -> None:
    queue.enqueue(import_theme, import_id, job_timeout=600)
