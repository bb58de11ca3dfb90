import hashlib
from pathlib import Path

RELEASE = Path("/srv/releases/current.tar.gz")


def verify_release(expected_digest: str) -> bool:
    """Check the downloaded release archive against the digest the vendor published."""
    digest = hashlib.sha256()
    with RELEASE.open("rb") as archive:
        for block in iter(lambda: archive.read(65536), b""):
            digest.update(block)
    return digest.hexdigest() == expected_digest.lower()


def install_if_valid(expected_digest: str) -> str:
    if not verify_release(expected_digest):
        return "rejected"
    return "installed"
