import logging
import os
import tempfile
import uuid
from urllib.parse import urlparse

import requests
from celery import Celery

from . import media

log = logging.getLogger(__name__)

celery_app = Celery("media", broker=os.environ.get("CELERY_BROKER_URL", "redis://localhost:6379/2"))

UPLOAD_HOST = os.environ.get("UPLOAD_BUCKET_HOST", "uploads.internal.example.com")
OUTPUT_ROOT = os.environ.get("PREVIEW_OUTPUT_ROOT", "/srv/media/previews")


def _download(url: str, dest: str) -> None:
    if urlparse(url).hostname != UPLOAD_HOST:
        raise ValueError("unexpected download host")
    with requests.get(url, stream=True, timeout=60) as resp:
        resp.raise_for_status()
        with open(dest, "wb") as fh:
            for chunk in resp.iter_content(chunk_size=1 << 20):
                fh.write(chunk)


@celery_app.task(bind=True, max_retries=3, acks_late=True)
def process_upload(self, upload_id: str, download_url: str, title: str) -> dict:
    workdir = tempfile.mkdtemp(prefix="upload-")
    source = os.path.join(workdir, f"{uuid.uuid4().hex}.bin")
    try:
        _download(download_url, source)
    except requests.RequestException as exc:
        raise self.retry(exc=exc, countdown=30)

    out_dir = os.path.join(OUTPUT_ROOT, uuid.uuid4().hex)
    os.makedirs(out_dir, exist_ok=True)

    preview = media.make_preview(source, os.path.join(out_dir, "preview.mp4"), title=title)
    poster = media.make_poster(source, os.path.join(out_dir, "poster.jpg"))
    log.info("upload %s processed into %s", upload_id, out_dir)
    return {"upload_id": upload_id, "preview": preview, "poster": poster}
