import hashlib
import uuid
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile

from . import conf


def harden_permissions(path: Path) -> None:
    """Bring a freshly written file in line with the archive policy."""
    path.chmod(conf.CONTRACT_FILE_MODE)


def _account_dir(account_id: int) -> Path:
    folder = conf.CONTRACT_ROOT / f"acct-{account_id:08d}"
    folder.mkdir(mode=conf.CONTRACT_DIR_MODE, parents=True, exist_ok=True)
    return folder


def save_contract(account_id: int, upload: UploadedFile, suffix: str) -> tuple[Path, str]:
    target = _account_dir(account_id) / f"{uuid.uuid4()}{suffix}"
    sha = hashlib.sha256()
    with target.open("xb") as out:
        for chunk in upload.chunks():
            sha.update(chunk)
            out.write(chunk)
    harden_permissions(target)
    return target, sha.hexdigest()
