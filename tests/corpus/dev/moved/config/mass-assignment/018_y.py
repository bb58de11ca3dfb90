"""Account profile service used by the web and mobile API layers.

``update_profile`` receives the JSON body of a PATCH /me request as ``changes``.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, Protocol

PHONE_RE = re.compile(r"^\+?[0-9 ()-]{6,20}$")
EDITABLE_FIELDS = frozenset({"display_name", "phone", "locale"})


@dataclass
class Account:
    id: int
    email: str
    display_name: str
    phone: str | None = None
    locale: str = "en"
    role: str = "member"
    credit_limit_cents: int = 0
    email_verified: bool = False
    updated_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


class AccountStore(Protocol):
    def get(self, account_id: int) -> Account | None: ...
    def save(self, account: Account) -> None: ...


class ProfileError(ValueError):
    pass


def _check_value(key: str, value: Any) -> None:
    match key, value:
        case "display_name", str(name) if 1 <= len(name.strip()) <= 80:
            return
        case "phone", None:
            return
        case "phone", str(number) if PHONE_RE.fullmatch(number):
            return
        case "locale", str(loc) if len(loc) in (2, 5):
            return
        case ("display_name" | "phone" | "locale"), _:
            raise ProfileError(f"invalid value for {key}")
        case _:
            return


def update_profile(store: AccountStore, account_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    account = store.get(account_id)
    if account is None:
        raise LookupError(account_id)

    accepted = {k: v for k, v in changes.items() if k in EDITABLE_FIELDS}
    for key, value in accepted.items():
        _check_value(key, value)

    account = replace(account, **accepted, updated_at=datetime.now(timezone.utc))
    store.save(account)

    public = asdict(account)
    public.pop("credit_limit_cents", None)
    return public
