import secrets

from Cryptodome.Hash import SHA256

API_KEYS: dict[str, str] = {}


def issue_api_key(account_id: str) -> str:
    """Give the account a new key; only its fingerprint is stored."""
    key = secrets.token_urlsafe(32)
    fingerprint = SHA256.new(key.encode()).hexdigest()
    API_KEYS[fingerprint] = account_id
    return key


def account_for(presented_key: str) -> str | None:
    fingerprint = SHA256.new(presented_key.encode()).hexdigest()
    return API_KEYS.get(fingerprint)
