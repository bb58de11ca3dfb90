import base64
import os

from Cryptodome.Cipher import AES

KEY = bytes.fromhex(os.environ["FIELD_KEY_HEX"])


def encrypt_ssn(ssn: str) -> str:
    cipher = AES.new(KEY, AES.MODE_GCM)
    sealed, tag = cipher.encrypt_and_digest(ssn.encode())
    return base64.b64encode(cipher.nonce + tag + sealed).decode()


def decrypt_ssn(token: str) -> str:
    raw = base64.b64decode(token)
    nonce, tag, sealed = raw[:16], raw[16:32], raw[32:]
    cipher = AES.new(KEY, AES.MODE_GCM, nonce=nonce)
    return cipher.decrypt_and_verify(sealed, tag).decode()
