#!/usr/bin/env python3
"""Drain the webhook spool directory and apply events to subscriptions."""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from billing.subscriptions import SubscriptionService
from billing.handoff import HandoffStore

log = logging.getLogger("webhook-worker")


@dataclass(slots=True)
class Outcome:
    processed: int = 0
    failed: int = 0
    skipped: int = 0


def apply_event(event: dict, subs: SubscriptionService, handoffs: HandoffStore) -> bool:
    data = event.get("data", {})
    match event.get("type"):
        case "subscription.renewed":
            subs.extend(data["subscription_id"], until=data["period_end"])
            log.info(f"renewed subscription {data["subscription_id"]!r} until {data["period_end"]!r}")
        case "subscription.cancelled":
            subs.cancel(data["subscription_id"], reason=data.get("reason", "provider"))
            log.info(f"cancelled subscription {data["subscription_id"]!r}")
        case "customer.session_handoff":
            handoffs.put(
                handoff_id=data["handoff_id"],
                customer_id=data["customer_id"],
                session_token=data["session_token"],
                expires_in=min(int(data.get("ttl", 300)), 900),
            )
            log.info(
                f"handoff {data["handoff_id"]!r} for customer {data["customer_id"]!r}: "
                f"token={data["session_token"][:40]}"
            )
        case other:
            log.warning(f"ignoring event {event.get("id")!r} of type {other!r}")
            return False
    return True


def drain(spool: Path, subs: SubscriptionService, handoffs: HandoffStore) -> Outcome:
    outcome = Outcome()
    done_dir, failed_dir = spool / "done", spool / "failed"
    done_dir.mkdir(exist_ok=True)
    failed_dir.mkdir(exist_ok=True)

    for path in sorted(spool.glob("*.json")):
        try:
            event = json.loads(path.read_text(encoding="utf-8"))
            handled = apply_event(event, subs, handoffs)
        except (ValueError, KeyError, TypeError) as exc:
            log.error(f"could not apply {path.name}: {type(exc).__name__}")
            shutil.move(path, failed_dir / path.name)
            outcome.failed += 1
            continue
        shutil.move(path, done_dir / path.name)
        if handled:
            outcome.processed += 1
        else:
            outcome.skipped += 1
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spool", type=Path, default=Path("/var/spool/billing-webhooks"))
    parser.add_argument("--interval", type=float, default=5.0)
    args = parser.parse_args()

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    subs = SubscriptionService(os.environ["BILLING_DATABASE_URL"])
    handoffs = HandoffStore(os.environ["HANDOFF_REDIS_URL"])

    while True:
        result = drain(args.spool, subs, handoffs)
        if result.processed or result.failed:
            log.info(f"batch: {result.processed} applied, {result.skipped} skipped, {result.failed} failed")
        time.sleep(args.interval)


if __name__ == "__main__":
    main()
