"""Imports theme packages uploaded by shop owners."""
import re
import zipfile
from pathlib import Path

THEMES = Path("/srv/shop/themes")
MAX_ENTRIES = 500
MAX_TOTAL_BYTES = 20 * 1024 * 1024


def install_theme(archive_path: Path, theme_id: str) -> list[str]:
    if not re.fullmatch(r"[a-z0-9-]{1,40}", theme_id):
        raise ValueError("theme ids are lower-case letters, digits and dashes")
    dest = (THEMES / theme_id).resolve()
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    with zipfile.ZipFile(archive_path) as archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES or sum(i.file_size for i in entries) > MAX_TOTAL_BYTES:
            raise ValueError("theme archive is too large")
        for info in entries:
            if info.is_dir():
                continue
            target = (dest / info.filename).resolve()
            if not target.is_relative_to(dest):
                raise ValueError(f"archive entry escapes the theme folder: {info.filename}")
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as src, open(target, "wb") as out:
                out.write(src.read())
            written.append(info.filename)
    return written
