#!/usr/bin/env python3
"""Process spooled push webhooks and refresh the local git mirrors.

The webhook receiver writes each delivery to SPOOL_DIR as <delivery-id>.json;
this worker runs from a systemd timer and handles whatever is waiting.
"""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

SPOOL_DIR = Path(os.environ.get("SPOOL_DIR", "/var/spool/hooks/push"))
MIRROR_ROOT = Path(os.environ.get("MIRROR_ROOT", "/srv/mirrors"))
DONE_DIR = SPOOL_DIR / "done"

# repositories we mirror; anything else in the spool is ignored
MIRRORED_REPOS = {
    "platform/api": "https://git.example.org/platform/api.git",
    "platform/web": "https://git.example.org/platform/web.git",
    "platform/infra": "https://git.example.org/platform/infra.git",
    "tools/release-scripts": "https://git.example.org/tools/release-scripts.git",
}

log = logging.getLogger("mirror-worker")


def mirror_dir_for(full_name: str) -> Path:
    return MIRROR_ROOT / (full_name.replace("/", "__") + ".git")


def refresh_mirror(full_name: str) -> int:
    clone_url = MIRRORED_REPOS[full_name]
    dest = mirror_dir_for(full_name)
    if dest.exists():
        cmd = f"git -C {dest} remote update --prune"
    else:
        cmd = f"git clone --quiet --mirror {clone_url} {dest}"
    proc = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        log.error("git failed for %s: %s", full_name, proc.stderr.strip()[-500:])
    return proc.returncode


def handle_delivery(path: Path) -> None:
    payload = json.loads(path.read_text(encoding="utf-8"))
    repo = payload.get("repository") or {}
    full_name = repo.get("full_name", "")
    if full_name not in MIRRORED_REPOS:
        log.warning("skipping %s: %r is not mirrored here", path.name, full_name)
        return
    ref = payload.get("ref", "?")
    log.info("push to %s (%r), refreshing mirror", full_name, ref)
    refresh_mirror(full_name)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    MIRROR_ROOT.mkdir(parents=True, exist_ok=True)
    DONE_DIR.mkdir(parents=True, exist_ok=True)
    failures = 0
    for delivery in sorted(SPOOL_DIR.glob("*.json")):
        try:
            handle_delivery(delivery)
        except (ValueError, OSError, subprocess.TimeoutExpired):
            log.exception("delivery %s failed", delivery.name)
            failures += 1
            continue
        delivery.rename(DONE_DIR / delivery.name)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
