"""Ticket attachment storage on the shared volume."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ALLOWED_SUFFIXES = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".txt", ".log", ".csv"})


class InvalidAttachmentName(ValueError):
    pass


def validate_attachment_name(name: str) -> str:
    """Normalise an attachment name and make sure it is something we accept."""
    name = name.strip()
    if not name:
        raise InvalidAttachmentName("attachment name is empty")
    if len(name) > 200:
        raise InvalidAttachmentName("attachment name is too long")
    if Path(name).suffix.lower() not in ALLOWED_SUFFIXES:
        raise InvalidAttachmentName("file type not allowed")
    return name


@dataclass
class AttachmentStore:
    root: Path = field(
        default_factory=lambda: Path(os.environ.get("ATTACHMENT_ROOT", "/var/lib/helpdesk/attachments"))
    )

    def _ticket_dir(self, ticket_id: int) -> Path:
        return self.root / f"{ticket_id:08d}"

    def path_for(self, ticket_id: int, name: str) -> Path:
        return self._ticket_dir(ticket_id) / validate_attachment_name(name)

    def save(self, ticket_id: int, name: str, data: bytes) -> Path:
        path = self.path_for(ticket_id, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def list(self, ticket_id: int) -> list[str]:
        folder = self._ticket_dir(ticket_id)
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if p.is_file())
