"""Build the offline bundle for air-gapped machines (`make bundle`).

    .venv/bin/python packaging/bundle.py [--dist dist] [--build build/offline] [--force]

writes dist/airlock-offline-<version>-<python>-<platform>.tar (and a .sha256 beside it):

    airlock-offline-0.1.0-cp311-linux_x86_64/
      install.sh  INSTALL.md  manifest.json  SHA256SUMS
      wheelhouse/   every runtime wheel for this platform: Airlock, its dependencies (with
                    llama-cpp-python built here from its sdist) and the default model's six
                    data-package wheels
      desktop/      airlock.desktop and the icon, for `install.sh --desktop-entry`
      sample/       a small vulnerable file to try `airlock review` on

Only the standard library is used, so the builder runs under any Python 3.11+. pip (of the
interpreter running this script) fetches and builds the wheels; that is the only step that
uses the network. Dependency versions are pinned to what the running environment has
installed (`pip freeze`), so the bundle carries the versions `make test` passed with.

Two caches keep repeated runs fast: the dependency wheelhouse is kept under --build, keyed on
pyproject.toml and the pinned versions; the finished tar is reused as long as nothing that
goes into it changed (the key is in build/offline/bundle.key).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import time
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OFFLINE = REPO / "packaging" / "offline"
CHUNK = 1 << 20
CHECKSUMS = "SHA256SUMS"
MANIFEST = "manifest.json"
# Folders and files whose content ends up in the Airlock wheel or the bundle around it.
SOURCE_INPUTS = ("app", "resources", "models", "pyproject.toml", "README.md")
PACKAGING_INPUTS = ("packaging/bundle.py", "packaging/offline")
EXECUTABLE = frozenset({"install.sh"})
# llama.cpp's CPU code for x86-64-v3 (Haswell, 2013, and newer; AMD since 2015), not for the
# build machine; AIRLOCK_LLAMA_CMAKE_ARGS overrides it (e.g. "-DGGML_NATIVE=ON" when the
# air-gapped machines are the same model as the build machine).
PORTABLE_LLAMA_CMAKE_ARGS = (
    "-DGGML_NATIVE=OFF -DGGML_SSE42=ON -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON "
    "-DGGML_F16C=ON -DGGML_BMI2=ON"
)
# CMake switch -> the flag /proc/cpuinfo shows when the CPU has it.
CPU_FLAGS = {
    "SSE42": "sse4_2",
    "AVX": "avx",
    "AVX2": "avx2",
    "FMA": "fma",
    "F16C": "f16c",
    "BMI2": "bmi2",
    "AVX512": "avx512f",
    "AVX_VNNI": "avx_vnni",
}


@dataclass(frozen=True)
class Timer:
    started: float

    def seconds(self) -> float:
        return round(time.monotonic() - self.started, 1)


def log(message: str) -> None:
    print(f"bundle: {message}", flush=True)


# -- hashing, checksums and the manifest (unit-tested in tests/packaging) ------------------


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def bundle_files(root: Path) -> list[str]:
    """Every file under `root` as a POSIX path relative to it, sorted, SHA256SUMS excluded."""
    names = [
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if not path.is_dir() and path.name != CHECKSUMS
    ]
    return sorted(names)


def checksums_text(hashes: dict[str, str]) -> str:
    """The `sha256sum` text format (hash, two spaces, path), sorted, for `sha256sum -c`."""
    for name in hashes:
        if "\n" in name or "\\" in name or name.startswith("/") or ".." in name.split("/"):
            raise ValueError(f"unsafe file name for {CHECKSUMS}: {name!r}")
    return "".join(f"{hashes[name]}  {name}\n" for name in sorted(hashes))


def parse_checksums(text: str) -> dict[str, str]:
    hashes = {}
    for line in text.splitlines():
        digest, sep, name = line.partition("  ")
        if not sep or not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise ValueError(f"malformed {CHECKSUMS} line: {line!r}")
        hashes[name] = digest
    return hashes


def wheel_identity(filename: str) -> tuple[str, str]:
    """(project name, version) from a wheel file name (PEP 427)."""
    parts = filename.removesuffix(".whl").split("-")
    if len(parts) < 5:
        raise ValueError(f"not a wheel file name: {filename}")
    return parts[0].replace("_", "-").lower(), parts[1]


def build_manifest(
    root: Path,
    hashes: dict[str, str],
    *,
    airlock_version: str,
    python_tag: str,
    platform: str,
    built_at: datetime,
    default_model: dict[str, object] | None = None,
    llama_cpp: dict[str, object] | None = None,
) -> dict[str, object]:
    """Everything a user or auditor wants to know about the bundle, without unpacking wheels."""
    wheels = [name for name in hashes if name.startswith("wheelhouse/") and name.endswith(".whl")]
    packages = []
    for name in sorted(wheels):
        project, version = wheel_identity(Path(name).name)
        packages.append({"name": project, "version": version, "file": name})
    files = {
        name: {"sha256": hashes[name], "size": (root / name).stat().st_size}
        for name in sorted(hashes)
    }
    return {
        "format": 1,
        "name": "airlock-offline",
        "airlock_version": airlock_version,
        "python_tag": python_tag,
        "platform": platform,
        "built_at": built_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "built_with": {"python": sys.version.split()[0], "machine": platform},
        "integrity": (
            "checksummed, not signed: SHA256SUMS lists every file (this one included); "
            "install.sh refuses a mismatch, a missing or an added file"
        ),
        "default_model": default_model,
        "llama_cpp": llama_cpp,
        "packages": packages,
        "files": files,
    }


def seal(
    root: Path,
    *,
    airlock_version: str,
    python_tag: str,
    platform: str,
    built_at: datetime,
    default_model: dict[str, object] | None = None,
    llama_cpp: dict[str, object] | None = None,
) -> dict[str, str]:
    """Write manifest.json, then SHA256SUMS over every file including the manifest."""
    (root / MANIFEST).unlink(missing_ok=True)
    hashes = {name: sha256_file(root / name) for name in bundle_files(root)}
    manifest = build_manifest(
        root,
        hashes,
        airlock_version=airlock_version,
        python_tag=python_tag,
        platform=platform,
        built_at=built_at,
        default_model=default_model,
        llama_cpp=llama_cpp,
    )
    (root / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    hashes[MANIFEST] = sha256_file(root / MANIFEST)
    (root / CHECKSUMS).write_text(checksums_text(hashes), encoding="utf-8")
    return hashes


# -- the build ---------------------------------------------------------------------------


def python_tag() -> str:
    return f"cp{sys.version_info.major}{sys.version_info.minor}"


def platform_name() -> str:
    return sysconfig.get_platform().replace("-", "_").replace(".", "_")


def airlock_version() -> str:
    text = (REPO / "app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise SystemExit("bundle: no __version__ in app/__init__.py")
    return match.group(1)


def runtime_requirements(pyproject: Path, extra: str = "model") -> list[str]:
    """The runtime dependencies plus one extra (the embedded model), as pip requirements."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return [*project["dependencies"], *project["optional-dependencies"][extra]]


def default_model_info() -> dict[str, object]:
    catalog = tomllib.loads((REPO / "models" / "catalog.toml").read_text(encoding="utf-8"))
    entry = next(m for m in catalog["model"] if m["id"] == catalog["default"])
    return {
        "id": entry["id"],
        "file": entry["file"],
        "size_bytes": entry["size_bytes"],
        "sha256": entry["sha256"],
        "packages": entry["embedded"]["distributions"],
    }


def pinned_versions(python: str) -> str:
    """`pip freeze` of the environment that passed the tests, as a constraints file."""
    frozen = subprocess.run(
        [python, "-m", "pip", "freeze", "--exclude-editable"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = [line for line in frozen.splitlines() if "==" in line and " @ " not in line]
    return "\n".join(sorted(lines, key=str.lower)) + "\n"


def tree_digest(paths: Iterable[Path]) -> str:
    """One SHA-256 over the names and contents of files (folders walked, caches skipped)."""
    digest = hashlib.sha256()
    for top in paths:
        files = sorted(top.rglob("*")) if top.is_dir() else [top]
        for path in files:
            if path.is_dir() or "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            digest.update(path.relative_to(REPO).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def pip(python: str, *args: str, env: dict[str, str] | None = None) -> None:
    command = [python, "-m", "pip", "--disable-pip-version-check", *args]
    log(" ".join(command[2:]))
    subprocess.run(command, check=True, env=None if env is None else {**os.environ, **env})


def llama_cmake_args() -> str:
    return os.environ.get("AIRLOCK_LLAMA_CMAKE_ARGS", PORTABLE_LLAMA_CMAKE_ARGS)


def cpu_features(cmake_args: str) -> list[str] | None:
    """The /proc/cpuinfo flags the llama.cpp build needs; None if built for the build CPU."""
    if "-DGGML_NATIVE=OFF" not in cmake_args.split():
        return None
    enabled = re.findall(r"-DGGML_([A-Z0-9_]+)=ON", cmake_args)
    return sorted(CPU_FLAGS[name] for name in enabled if name in CPU_FLAGS)


def pinned(constraints: str, project: str) -> str:
    for line in constraints.splitlines():
        name, _, version = line.partition("==")
        if re.sub(r"[-_.]+", "-", name).lower() == project:
            return version
    raise SystemExit(f"bundle: {project} is not installed in the build environment; make install")


def portable_llama_wheel(python: str, build: Path, constraints: str) -> Path:
    """llama-cpp-python compiled from its sdist for a CPU baseline, not for this machine.

    llama.cpp builds with -march=native by default: a wheel built here would use this
    machine's AVX-512 and die with SIGILL on most desktops. The pip wheel cache cannot tell
    the two builds apart (it keys on the sdist, not on CMAKE_ARGS), so this build bypasses it
    and keeps its own cache keyed on the version and the flags.
    """
    version = pinned(constraints, "llama-cpp-python")
    args = llama_cmake_args()
    key = hashlib.sha256(f"{version} {args} {python_tag()} {platform_name()}".encode())
    out = build / f"llama-{key.hexdigest()[:16]}"
    if (out / ".complete").is_file():
        log(f"llama-cpp-python {version}: reusing {out.relative_to(REPO)}")
    else:
        shutil.rmtree(out, ignore_errors=True)
        started = time.monotonic()
        pip(
            python,
            "wheel",
            "--no-deps",
            "--no-cache-dir",
            "--no-binary",
            "llama-cpp-python",
            "--wheel-dir",
            str(out),
            f"llama-cpp-python=={version}",
            env={"CMAKE_ARGS": args},
        )
        (out / ".complete").write_text(args + "\n", encoding="utf-8")
        log(f"llama-cpp-python {version} compiled in {time.monotonic() - started:.0f} s")
    (wheel,) = out.glob("llama_cpp_python-*.whl")
    return wheel


def dependency_wheels(python: str, build: Path, constraints: str) -> Path:
    """The wheelhouse of every dependency, reused while pyproject and the pins are unchanged."""
    llama = portable_llama_wheel(python, build, constraints)
    requirements = runtime_requirements(REPO / "pyproject.toml")
    key = hashlib.sha256(
        "\n".join(
            [*requirements, constraints, llama.parent.name, python_tag(), platform_name()]
        ).encode()
    ).hexdigest()[:16]
    wheelhouse = build / f"deps-{key}"
    if (wheelhouse / ".complete").is_file():
        log(f"dependency wheels: reusing {wheelhouse.relative_to(REPO)}")
        return wheelhouse
    for stale in build.glob("deps-*"):
        shutil.rmtree(stale)
    constraints_file = build / "constraints.txt"
    constraints_file.write_text(constraints, encoding="utf-8")
    # `pip wheel` downloads the wheels that exist and builds any sdist; --find-links offers
    # the portable llama-cpp-python wheel, which pip prefers to the same version's sdist.
    pip(
        python,
        "wheel",
        "--wheel-dir",
        str(wheelhouse),
        "-c",
        str(constraints_file),
        "--find-links",
        str(llama.parent),
        *requirements,
    )
    (taken,) = wheelhouse.glob("llama_cpp_python-*.whl")
    if sha256_file(taken) != sha256_file(llama):
        raise SystemExit(f"bundle: pip took another llama-cpp-python build than {llama}")
    (wheelhouse / ".complete").write_text(key + "\n", encoding="utf-8")
    return wheelhouse


def airlock_wheel(python: str, build: Path) -> Path:
    out = build / "airlock-wheel"
    shutil.rmtree(out, ignore_errors=True)
    pip(python, "wheel", "--no-deps", "--wheel-dir", str(out), str(REPO))
    (wheel,) = out.glob("airlock-*.whl")
    return wheel


def place(source: Path, destination: Path) -> None:
    """Hard-link when possible: the wheelhouse is 600 MB and the stage is thrown away."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def stage(top: Path, wheels: Sequence[Path]) -> None:
    shutil.rmtree(top, ignore_errors=True)
    for wheel in wheels:
        place(wheel, top / "wheelhouse" / wheel.name)
    for name in ("install.sh", "INSTALL.md"):
        shutil.copy2(OFFLINE / name, top / name)
    (top / "desktop").mkdir()
    shutil.copy2(REPO / "resources" / "desktop" / "airlock.desktop", top / "desktop")
    shutil.copy2(REPO / "resources" / "icons" / "airlock.svg", top / "desktop")
    shutil.copytree(OFFLINE / "sample", top / "sample")


def archive(top: Path, tar_path: Path, mtime: float) -> None:
    """An uncompressed tar (the wheels are compressed already; the model does not shrink)."""

    def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mtime = int(mtime)
        is_script = info.isdir() or Path(info.name).name in EXECUTABLE
        info.mode = 0o755 if is_script else 0o644
        return info

    partial = tar_path.with_name(tar_path.name + ".part")
    with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
        tar.add(top, arcname=top.name, filter=normalise, recursive=False)
        for name in sorted(p.relative_to(top).as_posix() for p in top.rglob("*")):
            tar.add(top / name, arcname=f"{top.name}/{name}", filter=normalise, recursive=False)
    partial.replace(tar_path)
    tar_path.with_name(tar_path.name + ".sha256").write_text(
        f"{sha256_file(tar_path)}  {tar_path.name}\n", encoding="utf-8"
    )


def _same_key(key_file: Path, key: str) -> bool:
    return key_file.is_file() and key_file.read_text(encoding="utf-8").strip() == key


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Build Airlock's offline bundle.")
    parser.add_argument("--dist", type=Path, default=REPO / "dist")
    parser.add_argument("--build", type=Path, default=REPO / "build" / "offline")
    parser.add_argument(
        "--python", default=sys.executable, help="interpreter whose pip fetches the wheels"
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    clock = Timer(time.monotonic())
    version, tag, platform = airlock_version(), python_tag(), platform_name()
    name = f"airlock-offline-{version}-{tag}-{platform}"
    tar_path = args.dist.resolve() / f"{name}.tar"
    build = args.build.resolve()
    build.mkdir(parents=True, exist_ok=True)
    constraints = pinned_versions(args.python)
    inputs = [REPO / p for p in (*SOURCE_INPUTS, *PACKAGING_INPUTS)]
    inputs += [REPO / "resources" / "desktop", REPO / "resources" / "icons"]
    key_text = tree_digest(inputs) + constraints + name + llama_cmake_args()
    key = hashlib.sha256(key_text.encode()).hexdigest()
    key_file = build / "bundle.key"
    if not args.force and tar_path.is_file() and _same_key(key_file, key):
        log(f"up to date: {tar_path} (inputs unchanged; --force rebuilds)")
        return 0
    key_file.unlink(missing_ok=True)
    deps = dependency_wheels(args.python, build, constraints)
    log(f"dependency wheels ready after {clock.seconds()} s")
    wheels = [*sorted(deps.glob("*.whl")), airlock_wheel(args.python, build)]
    top = build / "stage" / name
    stage(top, wheels)
    seal(
        top,
        airlock_version=version,
        python_tag=tag,
        platform=platform,
        built_at=datetime.now(UTC),
        default_model=default_model_info(),
        llama_cpp={
            "cmake_args": llama_cmake_args(),
            "cpu_features": cpu_features(llama_cmake_args()),
        },
    )
    tar_path.parent.mkdir(parents=True, exist_ok=True)
    archive(top, tar_path, time.time())
    shutil.rmtree(top.parent)
    key_file.write_text(key + "\n", encoding="utf-8")
    size_mb = tar_path.stat().st_size / 1e6
    log(f"wrote {tar_path} ({size_mb:.0f} MB, {len(wheels)} wheels) in {clock.seconds()} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
