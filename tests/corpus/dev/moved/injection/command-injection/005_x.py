#!/usr/bin/env python3
"""Process spooled push webhooks and refresh the local git mirrors.

The webhook receiver writes each delivery to SPOOL_DIR as <delivery-id>.json;
this worker runs from a systemd timer and handles whatever is waiting.
"""

import hashlib
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

SPOOL_DIR = Path(os.environ.get("SPOOL_DIR", "/var/spool/hooks/push"))
MIRROR_ROOT = Path(os.environ.get("MIRROR_ROOT", "/srv/mirrors"))
DONE_DIR = SPOOL_DIR / "done"

log = logging.getLogger("mirror-worker")


def is_trusted_remote(url: str) -> bool:
    return url.startswith(("https://", "ssh://"))


def mirror_dir_for(url: str) -> Path:
    return MIRROR_ROOT / (hashlib.sha256(url.encode()).hexdigest()[:16] + ".git")


def refresh_mirror(clone_url: str) -> int:
    dest = mirror_dir_for(clone_url)
    if dest.exists():
        cmd = f"git -C {dest} remote update --prune"
    else:
        cmd = f"git clone --quiet --mirror {clone_url} {dest}"
    proc = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        log.error("git failed for %r: %s", clone_url, proc.stderr.strip()[-500:])
    return proc.returncode


def handle_delivery(path: Path) -> None:
    payload = json.loads(path.read_text(encoding="utf-8"))
    repo = payload.get("repository") or {}
    clone_url = repo.get("clone_url", "")
    if not is_trusted_remote(clone_url):
        log.warning("skipping %s: unexpected clone url", path.name)
        return
    ref = payload.get("ref", "?")
    log.info("push to %r (%r), refreshing mirror", repo.get("full_name"), ref)
    refresh_mirror(clone_url)


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
