"""Test-wide setup: every test gets its own Airlock home, and Qt renders offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def airlock_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point AIRLOCK_HOME at a fresh directory so no test touches the user's data."""
    home = tmp_path / "airlock-home"
    monkeypatch.setenv("AIRLOCK_HOME", str(home))
    yield home
