#!/usr/bin/env python3
"""Drain the carrier-webhook inbox.

The public webhook receiver writes every POSTed notification body verbatim to
``<inbox>/<uuid>.xml``. This job parses them, updates shipment tracking and
moves each file to ``done/`` or ``failed/``.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .shipment_xml import read_notice
from .tracking import TrackingRepository

log = logging.getLogger("carrier-inbox")


def process_file(path: Path, repo: TrackingRepository) -> bool:
    try:
        with path.open("rb") as fh:
            notice = read_notice(fh)
    except Exception as exc:  # malformed payloads are expected from time to time
        log.warning("cannot parse %s: %s", path.name, exc)
        return False

    if not notice.tracking_number:
        log.warning("%s has no tracking number", path.name)
        return False

    for ev in notice.events:
        repo.add_event(
            tracking_number=notice.tracking_number,
            carrier=notice.carrier,
            code=ev.code,
            location=ev.location,
            note=ev.note,
        )
    log.info("%s: %d events for %s", path.name, len(notice.events), notice.tracking_number)
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--inbox", type=Path, default=Path("/var/spool/carrier-hooks"))
    ap.add_argument("--limit", type=int, default=500)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO)

    repo = TrackingRepository.from_env()
    done = args.inbox / "done"
    failed = args.inbox / "failed"
    done.mkdir(exist_ok=True)
    failed.mkdir(exist_ok=True)

    for path in sorted(args.inbox.glob("*.xml"))[: args.limit]:
        target = done if process_file(path, repo) else failed
        path.rename(target / path.name)
    repo.commit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
