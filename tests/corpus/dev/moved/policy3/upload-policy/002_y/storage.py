import os
import secrets
from dataclasses import dataclass
from pathlib import Path

ATTACHMENT_ROOT = Path(os.environ.get("EXPENSES_ATTACHMENT_DIR", "/srv/expenses/attachments"))


@dataclass(slots=True)
class StoredAttachment:
    key: str
    path: Path
    size: int


def save_attachment(claim_ref: str, stream, extension: str) -> StoredAttachment:
    """Write an uploaded stream under a random name inside the claim's directory."""
    claim_dir = ATTACHMENT_ROOT / claim_ref
    claim_dir.mkdir(parents=True, exist_ok=True)
    suffix = extension if extension.isalnum() and len(extension) <= 8 else "bin"
    key = f"{secrets.token_hex(16)}.{suffix}"
    target = claim_dir / key
    size = 0
    with open(target, "xb") as fh:
        while chunk := stream.read(64 * 1024):
            fh.write(chunk)
            size += len(chunk)
    os.chmod(target, 0o640)
    return StoredAttachment(key=key, path=target, size=size)
