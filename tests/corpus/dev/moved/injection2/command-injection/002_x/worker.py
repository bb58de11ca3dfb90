"""CI worker: pops pull-request events from Redis and prepares build workspaces.

The webhook receiver verifies delivery signatures and pushes the raw JSON body
onto ``ci:pull_requests``; this process only consumes that queue.
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import redis

from .checkout import CheckoutError, prepare_workspace
from .events import PullRequestEvent

log = logging.getLogger("ci.worker")

QUEUE = "ci:pull_requests"
MIRRORS = {
    "acme/storefront": Path("/var/lib/ci/mirrors/storefront.git"),
    "acme/payments-sdk": Path("/var/lib/ci/mirrors/payments-sdk.git"),
}
WORKSPACES = Path(os.environ.get("CI_WORKSPACES", "/var/lib/ci/workspaces"))


def handle(raw: bytes, queue: redis.Redis) -> None:
    event = PullRequestEvent.from_payload(json.loads(raw))
    if not event.wants_build:
        return
    mirror = MIRRORS.get(event.repository)
    if mirror is None:
        log.warning("ignoring event for unknown repository %s", event.repository)
        return

    workspace = WORKSPACES / event.repository.replace("/", "__") / f"pr-{event.number}"
    try:
        prepare_workspace(mirror, workspace, event.number, event.head_ref, event.head_sha)
    except CheckoutError as exc:
        log.error("checkout failed for %s#%s: %s", event.repository, event.number, exc)
        return

    queue.rpush(
        "ci:builds",
        json.dumps({"repository": event.repository, "number": event.number,
                    "workspace": str(workspace)}),
    )


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    conn = redis.Redis.from_url(os.environ["CI_REDIS_URL"])
    while True:
        item = conn.blpop([QUEUE], timeout=30)
        if item is None:
            continue
        _, raw = item
        try:
            handle(raw, conn)
        except (KeyError, ValueError) as exc:
            log.error("malformed event dropped: %s", exc)


if __name__ == "__main__":
    main()
