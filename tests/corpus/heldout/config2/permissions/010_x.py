#!/usr/bin/env python3
"""Drain the webhook spool and write normalised export records.

The HTTP receiver drops each delivery from the payment provider into the spool
directory as-is; this job (run from a systemd timer) parses them and writes one
JSON record per delivery under the export tree, where the reporting sync agent
picks them up.
"""
import argparse
import json
import logging
import os
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger("hookrelay.drain")

EVENT_DIRS = {
    "charge.succeeded": "charges",
    "charge.refunded": "refunds",
    "customer.updated": "customers",
    "payout.paid": "payouts",
}


class BadDelivery(ValueError):
    pass


def parse_delivery(raw: bytes) -> dict:
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BadDelivery(f"not JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise BadDelivery("delivery must be an object")
    try:
        delivery_id = uuid.UUID(str(doc["id"]))
    except (KeyError, ValueError) as exc:
        raise BadDelivery("missing or malformed id") from exc
    event = doc.get("type")
    if event not in EVENT_DIRS:
        raise BadDelivery(f"unhandled event type {event!r}")
    return {
        "delivery_id": str(delivery_id),
        "event": event,
        "created": doc.get("created"),
        "data": doc.get("data", {}),
        "received_at": datetime.now(timezone.utc).isoformat(),
    }


def write_export(export_root: Path, record: dict) -> Path:
    target_dir = export_root / EVENT_DIRS[record["event"]]
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{record['delivery_id']}.json"
    with open(target, "w", encoding="utf-8") as fh:
        json.dump(record, fh, separators=(",", ":"))
    return target


def drain(spool: Path, processed: Path, export_root: Path) -> int:
    processed.mkdir(parents=True, exist_ok=True)
    count = 0
    for entry in sorted(spool.glob("*.json")):
        try:
            record = parse_delivery(entry.read_bytes())
        except BadDelivery as exc:
            log.warning("skipping %s: %s", entry.name, exc)
            entry.rename(processed / f"{entry.name}.rejected")
            continue
        path = write_export(export_root, record)
        entry.rename(processed / entry.name)
        log.info("exported %s -> %s", entry.name, path)
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spool", type=Path, default=Path("/var/spool/hookrelay/incoming"))
    parser.add_argument("--processed", type=Path, default=Path("/var/spool/hookrelay/processed"))
    parser.add_argument("--export-root", type=Path, default=Path("/var/lib/hookrelay/exports"))
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    # the sync agent is in our group and only reads the exports
    os.umask(0o027)

    exported = drain(args.spool, args.processed, args.export_root)
    log.info("exported %d deliveries", exported)
    return 0


if __name__ == "__main__":
    sys.exit(main())
