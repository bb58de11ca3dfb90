"""install.sh's install step, end to end on a tiny bundle whose only wheel is a stand-in.

The real bundle (600 MB) is installed by `make bundle-test`; here a hand-made `airlock`
wheel keeps the same steps fast: a virtual environment, pip with no index, the desktop entry,
and the refusal to overwrite an environment without --force.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

from tests.packaging.conftest import INSTALL_SH, REPO, current_python_tag


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def write_stand_in_wheel(path: Path) -> None:
    """A valid wheel named airlock 0.1.0 with a `model` extra and one module, no dependencies."""
    files = {
        "airlock_stand_in.py": b"INSTALLED = True\n",
        "airlock-0.1.0.dist-info/METADATA": (
            b"Metadata-Version: 2.1\nName: airlock\nVersion: 0.1.0\nProvides-Extra: model\n"
        ),
        "airlock-0.1.0.dist-info/WHEEL": (
            b"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        ),
    }
    record = [_record_line(name, data) for name, data in files.items()]
    record.append("airlock-0.1.0.dist-info/RECORD,,")
    with zipfile.ZipFile(path, "w") as wheel:
        for name, data in files.items():
            wheel.writestr(name, data)
        wheel.writestr("airlock-0.1.0.dist-info/RECORD", "\n".join(record) + "\n")


@pytest.fixture
def installable_bundle(tmp_path: Path, builder: ModuleType) -> Path:
    root = tmp_path / "bundle"
    (root / "wheelhouse").mkdir(parents=True)
    (root / "desktop").mkdir()
    shutil.copy2(INSTALL_SH, root / "install.sh")
    shutil.copy2(REPO / "resources" / "desktop" / "airlock.desktop", root / "desktop")
    shutil.copy2(REPO / "resources" / "icons" / "airlock.svg", root / "desktop")
    write_stand_in_wheel(root / "wheelhouse" / "airlock-0.1.0-py3-none-any.whl")
    builder.seal(
        root,
        airlock_version="0.1.0",
        python_tag=current_python_tag(),
        platform="linux_x86_64",
        built_at=datetime(2026, 11, 26, tzinfo=UTC),
    )
    return root


def run_install(bundle: Path, home: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    # The caller's pip settings must not reach the install: this one would make it fail.
    constraint = home.parent / "caller-constraints.txt"
    constraint.write_text("airlock==9.9.9\n", encoding="utf-8")
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "PIP_CONSTRAINT": str(constraint)}
    return subprocess.run(
        [
            "/bin/sh",
            str(bundle / "install.sh"),
            "--python",
            sys.base_prefix + "/bin/python3",
            *map(str, args),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_install_creates_the_environment_from_the_bundle_and_a_desktop_entry(
    installable_bundle: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    result = run_install(installable_bundle, home, "--desktop-entry")
    assert result.returncode == 0, result.stderr
    venv = home / ".local" / "share" / "airlock" / "venv"
    probe = subprocess.run(
        [
            venv / "bin" / "python",
            "-c",
            "import airlock_stand_in; print(airlock_stand_in.INSTALLED)",
        ],
        capture_output=True,
        text=True,
    )
    assert probe.stdout.strip() == "True"
    entry = (home / ".local/share/applications/airlock.desktop").read_text(encoding="utf-8")
    assert f'Exec="{venv}/bin/airlock-gui"' in entry
    icon = home / ".local/share/icons/hicolor/scalable/apps/airlock.svg"
    assert f"Icon={icon}" in entry
    assert icon.read_bytes() == (REPO / "resources" / "icons" / "airlock.svg").read_bytes()
    assert f"{venv}/bin/airlock models list" in result.stdout


def test_an_existing_environment_is_replaced_only_with_force(
    installable_bundle: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "airlock venv"  # a space in the path, too
    assert run_install(installable_bundle, tmp_path, "--venv", venv).returncode == 0
    marker = venv / "marker"
    marker.write_text("old", encoding="utf-8")
    again = run_install(installable_bundle, tmp_path, "--venv", venv)
    assert again.returncode == 1
    assert "already exists; pass --force to replace it" in again.stderr
    assert marker.exists()
    forced = run_install(installable_bundle, tmp_path, "--venv", venv, "--force")
    assert forced.returncode == 0, forced.stderr
    assert not marker.exists()
    assert (venv / "bin" / "python").exists()
