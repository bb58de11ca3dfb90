"""Shared steps of the installation smoke tests (bundle_test.py, app_bundle.py test).

Standard library only. Each check raises SmokeFailure with a message that says what was
expected and what happened; commands run with the network cut off where the machine allows.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "offline" / "sample" / "app.py"
# app/scan/offload.py moves bandit into a spawned process from this many Python files on.
CHILD_STAGE_FILES = 33
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
REVIEW_JSON = ["review", "--format", "json", "--no-save"]


class SmokeFailure(Exception):
    """A smoke-test step did not do what a user needs."""


@dataclass(frozen=True)
class Isolation:
    prefix: list[str]  # command prefix that runs a program without network access
    description: str


def say(message: str) -> None:
    print(f"smoke: {message}", flush=True)


def network_isolation() -> Isolation:
    """`unshare -rn` (a new, empty network namespace) when it works here, else nothing.

    Without it, the tests still keep pip away from any index (PIP_NO_INDEX, no pip config,
    and proxies pointing at a closed port), but cannot prove the absence of network use.
    """
    unshare = shutil.which("unshare")
    if unshare is not None:
        probe = subprocess.run([unshare, "-rn", "true"], capture_output=True, check=False)
        if probe.returncode == 0:
            return Isolation([unshare, "-rn"], "unshare -rn (no network interfaces)")
    return Isolation([], "no network namespace available: pip --no-index, proxies refused")


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """A small environment like a user's shell: no pip settings, no proxies that work."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TMPDIR": tempfile.gettempdir(),
        "PIP_NO_INDEX": "1",
        "PIP_CONFIG_FILE": os.devnull,
        # Anything that tries the network anyway fails at once instead of timing out.
        "http_proxy": "http://127.0.0.1:9",
        "https_proxy": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
    }
    env.update(extra)
    return env


def run(
    command: Sequence[str | Path],
    *,
    env: dict[str, str],
    timeout: float,
    cwd: Path | None = None,
) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    completed = subprocess.run(
        [str(part) for part in command],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return completed, round(time.monotonic() - started, 1)


def require_success(completed: subprocess.CompletedProcess[str], what: str) -> None:
    if completed.returncode != 0:
        raise SmokeFailure(
            f"{what} failed with exit code {completed.returncode}\n"
            f"--- stdout ---\n{completed.stdout[-4000:]}\n"
            f"--- stderr ---\n{completed.stderr[-4000:]}"
        )


def base_python() -> Path:
    """The real interpreter behind this (virtual) environment, for creating new venvs."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidate = Path(sys.base_prefix) / "bin" / f"python{version}"
    return candidate if candidate.exists() else Path(sys.base_prefix) / "bin" / "python3"


def check_network_cut(isolation: Isolation, python: Path) -> None:
    if not isolation.prefix:
        say("network left on (no namespace); relying on pip --no-index")
        return
    probe = "import socket; socket.create_connection(('pypi.org', 443), timeout=5)"
    completed, _ = run(
        [*isolation.prefix, python, "-c", probe], env=clean_env(Path("/")), timeout=30
    )
    if completed.returncode == 0:
        raise SmokeFailure("the network namespace still reaches pypi.org")
    say(f"network cut: {isolation.description}")


SERVER_JS = """\
const express = require('express');
const { exec } = require('child_process');
const app = express();
app.post('/lookup', (req, res) => {
  exec('nslookup ' + req.body.host, (err, out) => res.send(out));
});
"""
SAMPLE_FILES = CHILD_STAGE_FILES + 1  # the Python handlers and server.js


def write_samples(folder: Path) -> tuple[Path, Path]:
    """One vulnerable file (for a model review), and a folder of CHILD_STAGE_FILES files."""
    single = folder / "one"
    single.mkdir(parents=True)
    shutil.copy(SAMPLE, single / "app.py")
    many = folder / "many"
    many.mkdir()
    for number in range(CHILD_STAGE_FILES):
        (many / f"handler_{number:02d}.py").write_text(
            f'"""Handler {number}."""\n\n\ndef handle(expression: str) -> object:\n'
            "    return eval(expression)\n",
            encoding="utf-8",
        )
    # semgrep's engine and the rule pack must come with the bundle: an Express route.
    (many / "server.js").write_text(SERVER_JS, encoding="utf-8")
    return single / "app.py", many


def review_result(completed: subprocess.CompletedProcess[str], what: str) -> dict[str, Any]:
    require_success(completed, what)
    try:
        result = json.loads(completed.stdout)
    except json.JSONDecodeError as exc:
        raise SmokeFailure(f"{what}: output is not JSON ({exc}): {completed.stdout[:500]}") from exc
    if not isinstance(result, dict):
        raise SmokeFailure(f"{what}: unexpected JSON {type(result).__name__}")
    return result


def check_review(result: dict[str, Any], what: str, *, with_model: bool, files: int) -> str:
    """The review found something, every stage ran, and (if asked) the model took part."""
    findings: list[dict[str, Any]] = result.get("findings") or []
    warnings: list[dict[str, Any]] = result.get("warnings") or []
    stages: dict[str, float] = result.get("stage_seconds") or {}
    if not findings:
        raise SmokeFailure(f"{what}: no findings in the sample (expected several)")
    if len(result.get("files") or []) != files:
        raise SmokeFailure(f"{what}: reviewed {result.get('files')}, expected {files} files")
    failed = [w for w in warnings if w.get("kind") in ("stage_failed", "skipped")]
    if failed:
        raise SmokeFailure(f"{what}: stages failed or were skipped: {failed}")
    if with_model and ("model" not in stages or not result.get("prompt_hashes")):
        raise SmokeFailure(f"{what}: the model did not run (stages {stages}, warnings {warnings})")
    sources = sorted({source for f in findings for source in f.get("sources", [])})
    if files == SAMPLE_FILES and "semgrep" not in sources:
        raise SmokeFailure(f"{what}: semgrep found nothing in server.js (sources {sources})")
    return f"{len(findings)} findings from {', '.join(sources)}"


def check_child_stage(completed: subprocess.CompletedProcess[str], what: str) -> None:
    """With --debug, app/core/review.py logs when a stage could not get its own process."""
    fallback = [line for line in completed.stderr.splitlines() if "in-process" in line]
    if fallback:
        raise SmokeFailure(f"{what}: a stage could not start its process: {fallback[0]}")


def check_screenshot(path: Path) -> str:
    if not path.is_file():
        raise SmokeFailure(f"no screenshot was written to {path}")
    data = path.read_bytes()
    if not data.startswith(PNG_SIGNATURE) or len(data) < 10_000:
        raise SmokeFailure(f"{path} is not a plausible PNG ({len(data)} bytes)")
    return f"{path.name}, {len(data) // 1024} KB"


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
