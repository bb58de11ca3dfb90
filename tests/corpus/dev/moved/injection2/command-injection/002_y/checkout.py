"""Workspace preparation for CI builds: fetch a PR head into a fresh worktree."""
from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger("ci.checkout")

GIT_TIMEOUT = 300
_SHA = re.compile(r"[0-9a-f]{40}")
_BRANCH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,199}")


class CheckoutError(RuntimeError):
    pass


def _git(*args: str, cwd: Path | None = None) -> str:
    log.debug("running: git %s", " ".join(args))
    result = subprocess.run(
        ["git", *args],
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
    if not _SHA.fullmatch(sha):
        raise CheckoutError(f"unexpected head sha {sha!r}")
    label = branch if _BRANCH.fullmatch(branch) and ".." not in branch else f"pr-{number}"

    if workspace.exists():
        shutil.rmtree(workspace)
    workspace.parent.mkdir(parents=True, exist_ok=True)

    _git("fetch", "--quiet", "origin", f"+refs/pull/{number}/head:refs/ci/pr-{number}", cwd=mirror)
    _git("worktree", "add", "--force", "--detach", str(workspace), f"refs/ci/pr-{number}", cwd=mirror)
    _git("checkout", "--quiet", "-B", label, sha, cwd=workspace)

    head = _git("rev-parse", "HEAD", cwd=workspace).strip()
    log.info("workspace %s at %s (%s)", workspace, head, label)
    return workspace
