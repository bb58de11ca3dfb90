"""Field encryption for stored card numbers (key comes from the KMS at start-up)."""
import os

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class CardVault:
    def __init__(self, key: bytes):
        if len(key) != 32:
            raise ValueError("expected a 256-bit key")
        self._key = key

    def encrypt(self, pan: str) -> bytes:
        padder = padding.PKCS7(128).padder()
        data = padder.update(pan.encode()) + padder.finalize()
        encryptor = Cipher(algorithms.AES(self._key), modes.ECB()).encryptor()
        return encryptor.update(data) + encryptor.finalize()

    def decrypt(self, blob: bytes) -> str:
        decryptor = Cipher(algorithms.AES(self._key), modes.ECB()).decryptor()
        data = decryptor.update(blob) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return (unpadder.update(data) + unpadder.finalize()).decode()
