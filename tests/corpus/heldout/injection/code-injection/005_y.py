#!/usr/bin/env python3
"""Route queued webhook events to tenant destinations.

Each tenant uploads a routing file through the dashboard; it is stored as
RULES_DIR/<tenant>.json and looks like:

    {"rules": [{"name": "big-orders", "when": "total > 1000",
                "destination": "slack"}]}
"""

import json
import logging
import operator
import os
import re
import sys
from pathlib import Path

import requests

QUEUE_DIR = Path(os.environ.get("QUEUE_DIR", "/var/lib/relay/queue"))
RULES_DIR = Path(os.environ.get("RULES_DIR", "/var/lib/relay/rules"))
RULE_NAME_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,47}")
CONDITION_RE = re.compile(
    r"\s*(?P<field>[a-z_][a-z0-9_]*)\s*(?P<op>==|!=|>=|<=|>|<)\s*"
    r"(?P<value>-?\d+(?:\.\d+)?|\"[^\"]*\")\s*"
)
COMPARATORS = {
    "==": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}
DESTINATIONS = {
    "slack": os.environ.get("RELAY_SLACK_ENDPOINT", ""),
    "teams": os.environ.get("RELAY_TEAMS_ENDPOINT", ""),
}

log = logging.getLogger("relay")


def load_rules(tenant: str) -> list[dict]:
    data = json.loads((RULES_DIR / f"{tenant}.json").read_text(encoding="utf-8"))
    rules = []
    for rule in data.get("rules", []):
        if not RULE_NAME_RE.fullmatch(str(rule.get("name", ""))):
            log.warning("tenant %s: skipping rule with invalid name", tenant)
            continue
        if rule.get("destination") not in DESTINATIONS:
            continue
        rules.append(rule)
    return rules


def matches(rule: dict, event: dict) -> bool:
    m = CONDITION_RE.fullmatch(str(rule.get("when", "")))
    if m is None:
        log.info("rule %s has an unsupported condition; treating as no match", rule["name"])
        return False
    raw = m["value"]
    expected = raw[1:-1] if raw.startswith('"') else float(raw)
    actual = event.get(m["field"])
    if isinstance(expected, float):
        try:
            actual = float(actual)
        except (TypeError, ValueError):
            return False
    elif not isinstance(actual, str):
        return False
    return COMPARATORS[m["op"]](actual, expected)


def deliver(destination: str, tenant: str, rule_name: str, event: dict) -> None:
    endpoint = DESTINATIONS[destination]
    if not endpoint:
        return
    requests.post(
        endpoint,
        json={"tenant": tenant, "rule": rule_name, "event": event},
        timeout=10,
    ).raise_for_status()


def process(path: Path) -> None:
    envelope = json.loads(path.read_text(encoding="utf-8"))
    tenant = envelope["tenant"]
    if not RULE_NAME_RE.fullmatch(tenant):
        raise ValueError("bad tenant id")
    event = envelope["event"]
    for rule in load_rules(tenant):
        if matches(rule, event):
            deliver(rule["destination"], tenant, rule["name"], event)


def main() -> int:
    logging.basicConfig(level=logging.INFO)
    status = 0
    for path in sorted(QUEUE_DIR.glob("*.json")):
        try:
            process(path)
        except (OSError, ValueError, KeyError, requests.RequestException):
            log.exception("failed to route %s", path.name)
            status = 1
            continue
        path.unlink()
    return status


if __name__ == "__main__":
    sys.exit(main())
