"""Where ticket attachments live on disk.

Layout: ``<ATTACHMENT_ROOT>/<ticket id>/<original file name>``; the upload
handler runs names through secure_filename before writing them.
"""
from __future__ import annotations

import os
from pathlib import Path

ATTACHMENT_ROOT = Path(os.environ.get("HELPDESK_ATTACHMENTS", "/srv/helpdesk/attachments"))


class AttachmentMissing(FileNotFoundError):
    pass


def ticket_dir(ticket_id: int) -> Path:
    return ATTACHMENT_ROOT / str(int(ticket_id))


def locate_attachment(ticket_id: int, filename: str) -> Path:
    folder = ticket_dir(ticket_id).resolve()
    candidate = (folder / filename).resolve()
    if not candidate.is_relative_to(folder) or not candidate.is_file():
        raise AttachmentMissing(filename)
    return candidate


def list_attachments(ticket_id: int) -> list[str]:
    folder = ticket_dir(ticket_id)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file())
