import json
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

BACKUP_KEY = bytes.fromhex(os.environ["BACKUP_KEY_HEX"])


def seal_backup(records: list[dict]) -> bytes:
    """Encrypt the nightly customer export before it is copied off-site."""
    nonce = os.urandom(12)
    plain = json.dumps(records).encode()
    return nonce + AESGCM(BACKUP_KEY).encrypt(nonce, plain, b"backup-v1")
