"""install.sh checks the bundle before installing anything (packaging/offline/install.sh).

Run on a tiny fake bundle: a changed, a missing and an added file must each stop the
install with exit code 3 and the file's name; so must an edited SHA256SUMS. The same checks
hold where sha256sum is missing and install.sh hashes with Python instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

EXIT_REFUSED = 3
WHEEL = "wheelhouse/click-8.5.1-py3-none-any.whl"
# What install.sh needs up to the end of verification, without sha256sum.
TOOLS_WITHOUT_SHA256SUM = ("sh", "dirname", "sed", "awk", "find", "grep", "wc", "tr", "cat")


def install_sh(
    bundle: Path, *args: str | Path, path: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": path or os.environ["PATH"]}
    return subprocess.run(
        ["/bin/sh", str(bundle / "install.sh"), *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=bundle.parent,
        timeout=60,
    )


@pytest.fixture(params=["sha256sum", "python"])
def tool_path(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    """The normal PATH, or one without sha256sum so install.sh falls back to Python."""
    if request.param == "sha256sum":
        return None
    bin_dir = tmp_path / "bin-without-sha256sum"
    bin_dir.mkdir()
    for tool in TOOLS_WITHOUT_SHA256SUM:
        found = shutil.which(tool)
        assert found is not None, tool
        (bin_dir / tool).symlink_to(found)
    assert shutil.which("sha256sum", path=str(bin_dir)) is None
    return str(bin_dir)


def verify(bundle: Path, path: str | None) -> subprocess.CompletedProcess[str]:
    return install_sh(bundle, "--verify-only", "--python", sys.executable, path=path)


def flip_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_an_intact_bundle_verifies(fake_bundle: Path, tool_path: str | None) -> None:
    result = verify(fake_bundle, tool_path)
    assert result.returncode == 0, result.stderr
    assert "verified 6 files against SHA256SUMS" in result.stdout


def test_one_flipped_byte_in_a_wheel_is_refused_naming_the_wheel(
    fake_bundle: Path, tool_path: str | None
) -> None:
    flip_one_byte(fake_bundle / WHEEL)
    result = verify(fake_bundle, tool_path)
    assert result.returncode == EXIT_REFUSED
    assert f"{WHEEL}: its SHA-256 does not match SHA256SUMS" in result.stderr
    assert "refusing to install: 1 file(s) failed verification" in result.stderr


def test_a_missing_file_is_refused_naming_it(fake_bundle: Path, tool_path: str | None) -> None:
    (fake_bundle / WHEEL).unlink()
    result = verify(fake_bundle, tool_path)
    assert result.returncode == EXIT_REFUSED
    assert f"{WHEEL}: listed in SHA256SUMS but missing" in result.stderr


def test_an_added_file_is_refused_naming_it(fake_bundle: Path, tool_path: str | None) -> None:
    (fake_bundle / "wheelhouse" / "evil-1.0-py3-none-any.whl").write_bytes(b"payload")
    (fake_bundle / "sitecustomize.py").write_text("import os\n", encoding="utf-8")
    result = verify(fake_bundle, tool_path)
    assert result.returncode == EXIT_REFUSED
    assert "wheelhouse/evil-1.0-py3-none-any.whl: not listed in SHA256SUMS" in result.stderr
    assert "sitecustomize.py: not listed in SHA256SUMS" in result.stderr
    assert "2 file(s) failed verification" in result.stderr


def test_an_added_symlink_counts_as_an_added_file(fake_bundle: Path) -> None:
    (fake_bundle / "wheelhouse" / "link.whl").symlink_to(fake_bundle / WHEEL)
    result = verify(fake_bundle, None)
    assert result.returncode == EXIT_REFUSED
    assert "wheelhouse/link.whl: not listed in SHA256SUMS" in result.stderr


def test_every_problem_is_named_not_only_the_first(fake_bundle: Path) -> None:
    flip_one_byte(fake_bundle / WHEEL)
    (fake_bundle / "INSTALL.md").unlink()
    (fake_bundle / "extra.txt").write_text("x", encoding="utf-8")
    result = verify(fake_bundle, None)
    assert result.returncode == EXIT_REFUSED
    for name in (WHEEL, "INSTALL.md", "extra.txt"):
        assert name in result.stderr
    assert "3 file(s) failed verification" in result.stderr


def test_a_rewritten_manifest_is_caught_by_its_checksum(fake_bundle: Path) -> None:
    manifest = json.loads((fake_bundle / "manifest.json").read_text(encoding="utf-8"))
    manifest["airlock_version"] = "9.9.9"
    (fake_bundle / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = verify(fake_bundle, None)
    assert result.returncode == EXIT_REFUSED
    assert "manifest.json: its SHA-256 does not match" in result.stderr


def test_a_malformed_sha256sums_is_refused(fake_bundle: Path) -> None:
    sums = fake_bundle / "SHA256SUMS"
    sums.write_text(sums.read_text(encoding="utf-8") + "garbage line\n", encoding="utf-8")
    result = verify(fake_bundle, None)
    assert result.returncode == EXIT_REFUSED
    assert "SHA256SUMS has malformed lines" in result.stderr


def test_a_bundle_without_sha256sums_is_refused(fake_bundle: Path) -> None:
    (fake_bundle / "SHA256SUMS").unlink()
    result = verify(fake_bundle, None)
    assert result.returncode == EXIT_REFUSED
    assert "SHA256SUMS is missing" in result.stderr


def test_a_tampered_bundle_creates_no_environment(fake_bundle: Path, tmp_path: Path) -> None:
    flip_one_byte(fake_bundle / WHEEL)
    venv = tmp_path / "venv"
    result = install_sh(fake_bundle, "--venv", venv, "--python", sys.executable)
    assert result.returncode == EXIT_REFUSED
    assert WHEEL in result.stderr
    assert not venv.exists()


def test_a_python_of_another_version_is_refused_before_creating_anything(
    fake_bundle: Path, tmp_path: Path, builder: ModuleType
) -> None:
    manifest_path = fake_bundle / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["python_tag"] = "cp39"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    reseal_checksums(fake_bundle, builder)
    venv = tmp_path / "venv"
    result = install_sh(fake_bundle, "--venv", venv, "--python", sys.executable)
    assert result.returncode == 1
    assert "this bundle is for Python cp39" in result.stderr
    assert not venv.exists()


def test_an_unknown_option_is_a_usage_error(fake_bundle: Path) -> None:
    result = install_sh(fake_bundle, "--colour")
    assert result.returncode == 2
    assert "unknown option '--colour'" in result.stderr


def reseal_checksums(bundle: Path, builder: ModuleType) -> None:
    """Rewrite SHA256SUMS for the current files, as someone editing the bundle would."""
    names = builder.bundle_files(bundle)
    hashes = {name: builder.sha256_file(bundle / name) for name in names}
    (bundle / "SHA256SUMS").write_text(builder.checksums_text(hashes), encoding="utf-8")


def test_a_cpu_without_the_llama_build_features_gets_a_warning(
    fake_bundle: Path, tmp_path: Path, builder: ModuleType
) -> None:
    manifest_path = fake_bundle / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["llama_cpp"]["cpu_features"] = ["fpu", "avx9000"]
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    reseal_checksums(fake_bundle, builder)
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "notes.txt").write_text("mine", encoding="utf-8")
    result = install_sh(fake_bundle, "--venv", occupied, "--python", sys.executable)
    assert "WARNING: this CPU lacks avx9000, which the bundled llama.cpp needs" in result.stderr
    # ... and a folder that is not a virtual environment is never replaced.
    assert result.returncode == 1
    assert "is not a virtual environment" in result.stderr
    assert (occupied / "notes.txt").read_text(encoding="utf-8") == "mine"
