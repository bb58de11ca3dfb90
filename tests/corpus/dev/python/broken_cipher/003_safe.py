import os

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

CARD_KEY = bytes.fromhex(os.environ["CARD_KEY_HEX"])


def tokenize_card(number: str) -> bytes:
    nonce = os.urandom(12)
    encryptor = Cipher(algorithms.AES(CARD_KEY), modes.GCM(nonce)).encryptor()
    sealed = encryptor.update(number.encode()) + encryptor.finalize()
    return nonce + encryptor.tag + sealed
