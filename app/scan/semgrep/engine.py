"""semgrep's engine as a child program: found on disk, run offline, cancellable.

Airlock never imports semgrep's Python code: it runs the `semgrep-core` binary that the PyPI
wheel carries (LGPL-2.1) as a separate program, in its `osemgrep` personality (`scan
--experimental`, the engine's own command line; the Python wrapper `semgrep` would start a
second interpreter and take about 1.5 s more per review).

Offline by construction:
- only local rule files are passed (`--config DIR`), never `auto`, `p/...` or a URL;
- `--metrics=off --disable-version-check`, and the same in the environment;
- the child gets a minimal environment: no proxy settings, no tokens, and a private HOME, so
  it neither reads a user's semgrep login nor writes settings into their home folder.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.scan.child_program import ChildProgram

CORE_NAME = "semgrep-core.exe" if os.name == "nt" else "semgrep-core"
# Per rule and file: a pathological file must not hold up the review (the engine reports a
# timeout as an error for that file, which becomes a warning).
RULE_TIMEOUT_S = 10
# The engine's own cap on a target; Airlock's collector already refuses larger files.
MAX_TARGET_BYTES = 4 * 1024 * 1024
# Configurations that download rules: refused whatever the caller passes.
_REMOTE_CONFIG_PREFIXES = ("auto", "p/", "r/", "s/", "http://", "https://", "gh:", "tag:")


class EngineMissing(Exception):
    """semgrep is not installed (or its binary is not where the wheel puts it)."""


class EngineFailed(Exception):
    """The engine exited with an error or wrote something that is not its JSON report."""


@dataclass(frozen=True)
class EngineReport:
    """What one run found: raw results and errors from the engine's JSON, and the targets it
    says it scanned (relative to the folder it ran in)."""

    results: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    scanned: frozenset[str]
    version: str


def find_core() -> Path:
    """The `semgrep-core` binary inside the installed semgrep package, without importing it
    (in the one-folder app: semgrep/bin in the app's internal folder, packaging/airlock.spec)."""
    spec = importlib.util.find_spec("semgrep")
    locations = list(spec.submodule_search_locations or []) if spec else []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        locations.append(str(Path(frozen) / "semgrep"))
    for location in locations:
        candidate = Path(location) / "bin" / CORE_NAME
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise EngineMissing(
        "semgrep is not installed, so JavaScript/TypeScript, Java, Go and C# files were not "
        "checked by rules (pip install semgrep, or reinstall Airlock)"
    )


def check_local_config(config: Path) -> None:
    """Refuse anything but a local folder or file of rules: a registry name downloads."""
    text = str(config)
    if text.startswith(_REMOTE_CONFIG_PREFIXES) or not config.exists():
        raise ValueError(f"semgrep rules must be a local path, not {text!r}")


def command(config: Path, targets: Path) -> list[str]:
    """The engine's argument list; argv[0] selects its osemgrep personality."""
    check_local_config(config)
    return [
        "osemgrep",
        "scan",
        "--experimental",
        "--config",
        str(config),
        "--json",
        "--quiet",
        "--metrics=off",
        "--disable-version-check",
        "--no-git-ignore",
        "--timeout",
        str(RULE_TIMEOUT_S),
        "--max-target-bytes",
        str(MAX_TARGET_BYTES),
        str(targets),
    ]


def child_environment(home: Path) -> dict[str, str]:
    """A minimal environment: nothing from the user's (proxies, tokens, settings)."""
    return {
        "PATH": os.defpath,
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "NO_COLOR": "1",
        "SEMGREP_SEND_METRICS": "off",
        "SEMGREP_ENABLE_VERSION_CHECK": "0",
        "SEMGREP_SETTINGS_FILE": str(home / "settings.yml"),
        "SEMGREP_LOG_FILE": str(home / "semgrep.log"),
        "SEMGREP_VERSION_CACHE_PATH": str(home / "version-cache"),
    }


class RunningEngine:
    """One engine run in the background: `wait` for its report, `kill` it, `close` always.

    The review starts it before the in-process stages and collects it after them, so the
    engine uses the second core while Python analyses Python (app/core/review.py).
    """

    def __init__(
        self,
        config: Path,
        targets: Path,
        *,
        core: Path | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        binary = core or find_core()
        argv = command(config, targets)
        self._home = tempfile.TemporaryDirectory(prefix="airlock-semgrep-home-")
        try:
            env = child_environment(Path(self._home.name)) | (extra_env or {})
            self._program = ChildProgram(argv, env=env, cwd=targets, executable=binary)
        except BaseException:
            self._home.cleanup()
            raise

    def wait(self, should_cancel: Callable[[], bool]) -> EngineReport:
        """The report; OperationCancelled (the engine killed) when `should_cancel` turns true."""
        return parse_report(*self._program.wait(should_cancel))

    def kill(self) -> None:
        self._program.kill()

    def close(self) -> None:
        """Kill the engine if it still runs, and remove its files."""
        self._program.close()
        self._home.cleanup()


def run_engine(
    config: Path,
    targets: Path,
    *,
    should_cancel: Callable[[], bool],
    core: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> EngineReport:
    """Run the engine over `targets` (a folder) with the rules in `config` and wait for it.

    Raises OperationCancelled (after killing the engine) when `should_cancel` turns true,
    EngineMissing when there is no engine, EngineFailed when it fails as a whole.
    """
    engine = RunningEngine(config, targets, core=core, extra_env=extra_env)
    try:
        return engine.wait(should_cancel)
    finally:
        engine.close()


def parse_report(returncode: int, stdout: bytes, stderr: bytes) -> EngineReport:
    """The engine's JSON report, or EngineFailed saying why there is none.

    Exit code 0 is a clean run and 1 means findings; 2 and above with a JSON report still
    carry per-file errors worth keeping, so only a missing or broken report fails the run.
    """
    try:
        report = json.loads(stdout.decode("utf-8", "replace") or "null")
    except json.JSONDecodeError:
        report = None
    if not isinstance(report, dict) or not isinstance(report.get("results"), list):
        tail = stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        detail = " / ".join(tail) or f"exit code {returncode}"
        raise EngineFailed(f"semgrep failed: {detail}")
    paths = report.get("paths") or {}
    scanned = paths.get("scanned") if isinstance(paths, dict) else None
    return EngineReport(
        results=[r for r in report["results"] if isinstance(r, dict)],
        errors=[e for e in report.get("errors") or [] if isinstance(e, dict)],
        scanned=frozenset(str(p) for p in scanned or ()),
        version=str(report.get("version", "")),
    )
