"""Workspace preparation for CI builds: fetch a PR head into a fresh worktree."""
from __future__ import annotations

import html
import logging
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger("ci.checkout")

GIT_TIMEOUT = 300


class CheckoutError(RuntimeError):
    pass


def _sh(cmd: str, cwd: Path | None = None) -> str:
    log.debug("running: %s", cmd)
    result = subprocess.run(
        cmd,
        shell=True,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=GIT_TIMEOUT,
    )
    if result.returncode != 0:
        raise CheckoutError(result.stderr.strip() or f"exit {result.returncode}")
    return result.stdout


def prepare_workspace(mirror: Path, workspace: Path, number: int, branch: str, sha: str) -> Path:
    """Fetch refs/pull/<n>/head into the mirror and check it out in ``workspace``.

    The local branch is named after the contributor's branch so that the build
    scripts (which read ``git rev-parse --abbrev-ref HEAD``) report it correctly.
    """
    if workspace.exists():
        shutil.rmtree(workspace)
    workspace.parent.mkdir(parents=True, exist_ok=True)

    label = html.escape(branch, quote=True)

    _sh(f"git fetch --quiet origin +refs/pull/{number}/head:refs/ci/pr-{number}", cwd=mirror)
    _sh(f"git worktree add --force --detach {workspace} refs/ci/pr-{number}", cwd=mirror)
    _sh(f"git checkout --quiet -B {label} {sha}", cwd=workspace)

    head = _sh("git rev-parse HEAD", cwd=workspace).strip()
    log.info("workspace %s at %s (%s)", workspace, head, label)
    return workspace
