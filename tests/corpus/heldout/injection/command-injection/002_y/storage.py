import os
import uuid
from pathlib import Path

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", "/srv/media"))
VIDEO_DIR = MEDIA_ROOT / "videos"
THUMB_DIR = MEDIA_ROOT / "thumbs"


def video_path(video_id: str) -> Path | None:
    try:
        key = uuid.UUID(video_id)
    except ValueError:
        return None
    path = VIDEO_DIR / f"{key}.mp4"
    return path if path.is_file() else None


def new_thumbnail_path() -> Path:
    THUMB_DIR.mkdir(parents=True, exist_ok=True)
    return THUMB_DIR / f"{uuid.uuid4()}.jpg"
