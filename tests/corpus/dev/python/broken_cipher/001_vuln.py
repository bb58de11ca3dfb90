import base64
import os

from Cryptodome.Cipher import AES
from Cryptodome.Util.Padding import pad, unpad

KEY = bytes.fromhex(os.environ["FIELD_KEY_HEX"])


def encrypt_ssn(ssn: str) -> str:
    cipher = AES.new(KEY, AES.MODE_ECB)
    return base64.b64encode(cipher.encrypt(pad(ssn.encode(), AES.block_size))).decode()


def decrypt_ssn(token: str) -> str:
    cipher = AES.new(KEY, AES.MODE_ECB)
    return unpad(cipher.decrypt(base64.b64decode(token)), AES.block_size).decode()
