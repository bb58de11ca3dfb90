"""Field encryption for stored card numbers (key comes from the KMS at start-up)."""
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class CardVault:
    def __init__(self, key: bytes):
        if len(key) != 32:
            raise ValueError("expected a 256-bit key")
        self._key = key

    def encrypt(self, pan: str) -> bytes:
        nonce = os.urandom(12)
        return nonce + AESGCM(self._key).encrypt(nonce, pan.encode(), b"card")

    def decrypt(self, blob: bytes) -> str:
        nonce, ciphertext = blob[:12], blob[12:]
        return AESGCM(self._key).decrypt(nonce, ciphertext, b"card").decode()
