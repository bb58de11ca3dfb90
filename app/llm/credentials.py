"""API keys for inference servers: in the OS keyring, or in a 0600 file where there is none.

Never in the database (it records only where a key is kept) and never in a log line. The
keyring entry is service "airlock", user "endpoint.<role>". Headless Linux has no keyring
backend; there the key goes to `$AIRLOCK_HOME/credentials/endpoint.<role>` with mode 0600 in
a 0700 folder, and a file whose mode lets others read it is refused rather than used.
`AIRLOCK_CREDENTIALS=file` (or `keyring`) forces one of the two.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from pathlib import Path
from typing import Protocol

from app.core.errors import UserInputError
from app.core.paths import airlock_home
from app.store.endpoints import KeyStore

log = logging.getLogger(__name__)

SERVICE = "airlock"
BACKEND_ENV = "AIRLOCK_CREDENTIALS"


class CredentialError(UserInputError):
    """An API key cannot be stored or read safely."""


class SecretStore(Protocol):
    kind: KeyStore

    def get(self, name: str) -> str | None: ...
    def set(self, name: str, secret: str) -> None: ...
    def delete(self, name: str) -> None: ...


def key_name(role: str) -> str:
    return f"endpoint.{role}"


class KeyringStore:
    """The OS keyring (macOS Keychain, Windows Credential Locker, Secret Service)."""

    kind: KeyStore = "keyring"

    def get(self, name: str) -> str | None:
        import keyring
        import keyring.errors

        try:
            return keyring.get_password(SERVICE, name)
        except keyring.errors.KeyringError as exc:
            raise CredentialError(f"cannot read the API key from the OS keyring: {exc}") from exc

    def set(self, name: str, secret: str) -> None:
        import keyring
        import keyring.errors

        try:
            keyring.set_password(SERVICE, name, secret)
        except keyring.errors.KeyringError as exc:
            raise CredentialError(
                f"the OS keyring did not store the API key ({exc}); unlock it, or set "
                f"{BACKEND_ENV}=file to keep the key in a file only you can read"
            ) from exc

    def delete(self, name: str) -> None:
        import keyring
        import keyring.errors

        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(SERVICE, name)


class FileStore:
    """One file per key, mode 0600, in a 0700 folder under the Airlock home."""

    kind: KeyStore = "file"

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or airlock_home() / "credentials"

    def path(self, name: str) -> Path:
        return self.directory / name

    def get(self, name: str) -> str | None:
        path = self.path(name)
        try:
            info = path.stat()
        except FileNotFoundError:
            return None
        _require_private(path, info)
        return path.read_text(encoding="utf-8").strip() or None

    def set(self, name: str, secret: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.directory.chmod(0o700)
        path = self.path(name)
        temporary = path.with_name(f".{name}.tmp")
        temporary.unlink(missing_ok=True)
        # Created 0600 from the start (not chmod-ed afterwards), so the key is never readable
        # by others, not even for a moment; then renamed over the old file.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secret)
        temporary.replace(path)

    def delete(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)


def _require_private(path: Path, info: os.stat_result) -> None:
    if os.name == "nt":
        return  # NTFS permissions are not POSIX modes; the file lives in the user's profile
    if info.st_mode & 0o077:
        raise CredentialError(
            f"{path} can be read by other users (mode {stat.S_IMODE(info.st_mode):o}); it was "
            f"not used. Run `chmod 600 {path}`, or give the key again with --api-key-stdin"
        )
    if info.st_uid != os.getuid():
        raise CredentialError(f"{path} belongs to another user; it was not used")


def keyring_usable() -> bool:
    """True if the keyring library found a real backend (headless Linux usually has none)."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError:
        return False
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return False
    return not (isinstance(backend, chainer.ChainerBackend) and not backend.backends)


def store_for(kind: KeyStore) -> SecretStore:
    return KeyringStore() if kind == "keyring" else FileStore()


def default_store() -> SecretStore:
    """Where a new key goes: the keyring if there is a usable one, else the 0600 file."""
    forced = os.environ.get(BACKEND_ENV, "").strip().lower()
    if forced in ("keyring", "file"):
        return store_for("keyring" if forced == "keyring" else "file")
    if forced:
        raise CredentialError(f"{BACKEND_ENV} must be 'keyring' or 'file', not {forced!r}")
    if keyring_usable():
        return KeyringStore()
    log.info("no OS keyring available; API keys are kept in 0600 files")
    return FileStore()
