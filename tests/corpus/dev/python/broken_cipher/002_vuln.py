import json
import os

from Cryptodome.Cipher import DES
from Cryptodome.Random import get_random_bytes
from Cryptodome.Util.Padding import pad

BACKUP_KEY = bytes.fromhex(os.environ["BACKUP_KEY_HEX"])[:8]


def seal_backup(records: list[dict]) -> bytes:
    """Encrypt the nightly customer export before it is copied off-site."""
    iv = get_random_bytes(8)
    cipher = DES.new(BACKUP_KEY, DES.MODE_CBC, iv)
    plain = json.dumps(records).encode()
    return iv + cipher.encrypt(pad(plain, DES.block_size))
