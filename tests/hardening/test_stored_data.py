"""What Airlock stores, and where: one folder, readable by the user only, gone when deleted.

docs/SECURITY.md promises this; these tests run the real CLI in a child process with a fake
home directory, so anything written outside AIRLOCK_HOME would show up there.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.hardening.hostile_corpus import HERE as HOSTILE

PLUGIN_CACHE = ".cache/python-entrypoints/"


def _airlock(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from app.cli import main; main()", *args],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_everything_is_stored_in_the_data_folder_only_and_deleting_it_wipes_it(
    tmp_path: Path,
) -> None:
    home, data = tmp_path / "user-home", tmp_path / "airlock-data"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
    env.update(HOME=str(home), AIRLOCK_HOME=str(data), PYTHONDONTWRITEBYTECODE="1")
    steps = [
        ("project", "create", "shop", "--template", "web-api"),
        ("review", "--no-model", "--project", "shop", "-q", str(HOSTILE)),
        ("report", "--project", "shop", "--output", str(tmp_path / "report.html")),
        ("history", "search", "injection"),
    ]
    for args in steps:
        result = _airlock(env, *args)
        assert result.returncode in (0, 1), (args, result.stderr)  # 1: findings, no error

    # Nothing in the user's home, caches or config, except the list of installed Python
    # plugins that bandit's plugin loader (stevedore) caches: no data of the user's.
    assert [f for f in _files(home) if not f.startswith(PLUGIN_CACHE)] == []
    assert set(_files(data)) <= {"airlock.db", "airlock.db-wal", "airlock.db-shm"}
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "airlock.db").stat().st_mode) == 0o600

    for path in sorted(data.rglob("*"), reverse=True):  # the documented wipe: delete the folder
        path.unlink() if path.is_file() else path.rmdir()
    data.rmdir()
    listed = _airlock(env, "history", "list")
    assert listed.returncode == 0
    assert "no sessions or reviews yet" in listed.stderr
