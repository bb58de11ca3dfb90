"""Airlock's baseline: the policies that hold for any project, used where the threat model
states none of its own.

Only rules with no project-specific answer belong here. Passwords must be stored with a
password hashing scheme (argon2, bcrypt, scrypt, PBKDF2): OWASP's advice for every
application, whatever it does. Which paths are public, which fields may be logged or which
algorithms a regulator forbids differ per project, so they stay the threat model's to say.
A threat model's own crypto policy replaces the baseline's entirely.
"""

from __future__ import annotations

from dataclasses import replace

from app.core.threat_model import CryptoPolicy, Policies

BASELINE_CRYPTO = CryptoPolicy(password_hashing=("argon2", "bcrypt", "scrypt", "pbkdf2"))


def effective_policies(policies: Policies | None) -> Policies:
    """The threat model's policies, with the baseline filling what they leave out."""
    stated = policies or Policies()
    if stated.crypto is None:
        return replace(stated, crypto=BASELINE_CRYPTO)
    return stated


def is_baseline(policy: object) -> bool:
    return policy is BASELINE_CRYPTO
