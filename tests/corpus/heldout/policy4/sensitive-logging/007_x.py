"""Account sign-up service used by the web and mobile front ends.

The HTTP layer builds a SignupRequest from the submitted form or JSON body and calls
register_account(); this module owns validation, hashing and persistence.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from argon2 import PasswordHasher

from accounts.repository import AccountRepository, DuplicateEmail
from accounts.mailer import send_verification_email

logger = logging.getLogger("accounts.signup")
_hasher = PasswordHasher()

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 12


class SignupError(ValueError):
    pass


@dataclass(slots=True)
class SignupRequest:
    email: str = field(repr=False)
    display_name: str
    password: str
    marketing_opt_in: bool = False
    referral_code: str | None = None
    locale: str = "en"


@dataclass(slots=True)
class Account:
    id: int
    email: str = field(repr=False)
    display_name: str
    created_at: datetime
    verified: bool = False
    tags: list[str] = field(default_factory=list)


def _validate(req: SignupRequest) -> None:
    if not EMAIL_RE.match(req.email):
        raise SignupError("invalid email address")
    if not 1 <= len(req.display_name) <= 64:
        raise SignupError("display name must be 1-64 characters")
    if len(req.password) < MIN_PASSWORD_LENGTH:
        raise SignupError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")


def register_account(req: SignupRequest, repo: AccountRepository) -> Account:
    logger.info("signup request received: %s", req)
    _validate(req)

    password_hash = _hasher.hash(req.password)
    try:
        account_id = repo.insert_account(
            email=req.email.lower(),
            display_name=req.display_name,
            password_hash=password_hash,
            marketing_opt_in=req.marketing_opt_in,
            referral_code=req.referral_code,
            locale=req.locale,
        )
    except DuplicateEmail:
        logger.info("signup rejected: email already registered (referral=%s)", req.referral_code)
        raise SignupError("an account with this email already exists") from None

    account = Account(
        id=account_id,
        email=req.email.lower(),
        display_name=req.display_name,
        created_at=datetime.now(timezone.utc),
        tags=["referred"] if req.referral_code else [],
    )
    send_verification_email(account.id, account.email, locale=req.locale)
    logger.info("account %d created", account.id)
    return account
