#!/usr/bin/env python3
"""Unpack theme bundles that store owners upload through the dashboard.

The web tier drops each upload into the incoming spool as <submission-id>.zip;
this worker (run from a systemd timer) unpacks it into the theme staging tree
and writes a manifest for the review tool.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import zipfile
from pathlib import Path

SPOOL = Path(os.environ.get("THEME_SPOOL", "/var/spool/themes/incoming"))
STAGING = Path(os.environ.get("THEME_STAGING", "/srv/themes/staging"))
DONE = SPOOL.parent / "processed"
MAX_MEMBERS = 2000
MAX_TOTAL_BYTES = 200 * 1024 * 1024

log = logging.getLogger("theme-unpack")


def classify(name: str) -> str:
    match Path(name).suffix.lower():
        case ".html" | ".liquid" | ".jinja":
            return "template"
        case ".css" | ".scss":
            return "style"
        case ".js":
            return "script"
        case ".png" | ".jpg" | ".svg" | ".webp" | ".woff2":
            return "asset"
        case _:
            return "other"


def unpack(bundle: Path, dest: Path) -> list[dict]:
    entries: list[dict] = []
    with zipfile.ZipFile(bundle) as zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ValueError(f"{bundle.name}: too many entries")
        if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
            raise ValueError(f"{bundle.name}: bundle too large when unpacked")

        for info in infos:
            if info.is_dir():
                continue
            target = os.path.join(dest, info.filename)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with zf.open(info) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)
            entries.append({"path": info.filename, "kind": classify(info.filename), "size": info.file_size})
    return entries


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    DONE.mkdir(parents=True, exist_ok=True)
    failures = 0
    for bundle in sorted(SPOOL.glob("*.zip")):
        submission_id = bundle.stem
        dest = STAGING / submission_id
        try:
            dest.mkdir(parents=True, exist_ok=False)
            entries = unpack(bundle, dest)
        except (zipfile.BadZipFile, ValueError, FileExistsError) as exc:
            log.error("skipping %s: %s", bundle.name, exc)
            failures += 1
            continue
        (dest / ".manifest.json").write_text(json.dumps({"submission": submission_id, "files": entries}, indent=2))
        bundle.rename(DONE / bundle.name)
        log.info("unpacked %s (%d files)", submission_id, len(entries))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
