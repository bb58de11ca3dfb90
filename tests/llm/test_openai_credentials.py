"""API keys: the OS keyring when there is one, else a 0600 file that is refused if others can
read it; never logged."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.core
import pytest

from app.llm.credentials import (
    SERVICE,
    CredentialError,
    FileStore,
    KeyringStore,
    default_store,
    key_name,
)


class MemoryKeyring(keyring.backend.KeyringBackend):
    """An OS keyring stand-in, so no test writes to the developer's real keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    backend = MemoryKeyring()
    monkeypatch.setattr(keyring.core, "_keyring_backend", backend)
    monkeypatch.delenv("AIRLOCK_CREDENTIALS", raising=False)
    return backend


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Headless Linux: the keyring library finds no backend."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.backends.fail.Keyring())
    monkeypatch.delenv("AIRLOCK_CREDENTIALS", raising=False)


def test_with_a_keyring_the_key_is_stored_there_under_service_airlock(
    memory_keyring: MemoryKeyring, airlock_home: Path
) -> None:
    store = default_store()
    store.set(key_name("review"), "sk-in-the-keyring")

    assert isinstance(store, KeyringStore)
    assert memory_keyring.items == {(SERVICE, "endpoint.review"): "sk-in-the-keyring"}
    assert store.get(key_name("review")) == "sk-in-the-keyring"
    assert not (airlock_home / "credentials").exists()
    store.delete(key_name("review"))
    assert memory_keyring.items == {}


def test_without_a_keyring_the_key_goes_to_a_0600_file_in_a_0700_folder(
    no_keyring: None, airlock_home: Path
) -> None:
    store = default_store()
    store.set(key_name("review"), "sk-in-a-file")

    assert isinstance(store, FileStore)
    path = airlock_home / "credentials" / "endpoint.review"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert store.get(key_name("review")) == "sk-in-a-file"
    assert [p.name for p in path.parent.iterdir()] == ["endpoint.review"]  # no temp file left


def test_the_file_is_created_private_even_with_a_permissive_umask(
    no_keyring: None, airlock_home: Path
) -> None:
    previous = os.umask(0)
    try:
        FileStore().set(key_name("generate"), "k")
    finally:
        os.umask(previous)
    path = airlock_home / "credentials" / "endpoint.generate"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_key_file_others_can_read_is_refused(no_keyring: None, airlock_home: Path) -> None:
    store = FileStore()
    store.set(key_name("review"), "sk-exposed")
    path = store.path(key_name("review"))
    path.chmod(0o644)

    with pytest.raises(CredentialError, match=r"mode 644.*chmod 600") as raised:
        store.get(key_name("review"))
    assert "sk-exposed" not in str(raised.value)


def test_a_missing_key_file_is_no_key(no_keyring: None) -> None:
    assert FileStore().get(key_name("review")) is None


def test_the_store_can_be_forced_with_an_environment_variable(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIRLOCK_CREDENTIALS", "file")
    assert isinstance(default_store(), FileStore)
    monkeypatch.setenv("AIRLOCK_CREDENTIALS", "vault")
    with pytest.raises(CredentialError, match="'keyring' or 'file'"):
        default_store()


def test_storing_and_reading_keys_logs_no_key(
    no_keyring: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store = default_store()
    store.set(key_name("review"), "sk-never-logged")
    store.get(key_name("review"))
    assert "sk-never-logged" not in caplog.text
