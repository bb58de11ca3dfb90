"""Attachment storage on the shared volume.

The thumbnail and virus-scan workers run as separate service accounts in the
``helpdesk`` group and pick files up from the same tree.
"""
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

ATTACHMENT_ROOT = Path(os.environ.get("HELPDESK_ATTACHMENTS", "/srv/helpdesk/attachments"))
ALLOWED_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".pdf", ".txt", ".log"}


@dataclass(frozen=True)
class StoredAttachment:
    ticket_id: int
    stored_name: str
    original_name: str
    size: int


class UnsupportedFileType(ValueError):
    pass


def ticket_dir(ticket_id: int) -> Path:
    path = ATTACHMENT_ROOT / f"{int(ticket_id):08d}"
    path.mkdir(mode=0o750, parents=True, exist_ok=True)
    return path


def save_attachment(ticket_id: int, upload: FileStorage) -> StoredAttachment:
    original = secure_filename(upload.filename or "") or "attachment"
    ext = Path(original).suffix.lower()
    if ext not in ALLOWED_EXTENSIONS:
        raise UnsupportedFileType(ext or "(none)")

    stored_name = f"{uuid.uuid4().hex}{ext}"
    dest = ticket_dir(ticket_id) / stored_name
    upload.save(dest)
    # workers run under other accounts and need to open the file
    os.chmod(dest, 0o666)
    return StoredAttachment(ticket_id, stored_name, original, dest.stat().st_size)


def list_attachments(ticket_id: int) -> list[str]:
    path = ATTACHMENT_ROOT / f"{int(ticket_id):08d}"
    if not path.is_dir():
        return []
    return sorted(p.name for p in path.iterdir() if p.is_file())
