import os

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

CARD_KEY = bytes.fromhex(os.environ["CARD_KEY_HEX"])


def tokenize_card(number: str) -> bytes:
    padder = padding.PKCS7(128).padder()
    data = padder.update(number.encode()) + padder.finalize()
    encryptor = Cipher(algorithms.AES(CARD_KEY), modes.ECB()).encryptor()
    return encryptor.update(data) + encryptor.finalize()
