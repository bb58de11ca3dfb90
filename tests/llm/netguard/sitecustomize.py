"""Loaded by every Python started with this folder on PYTHONPATH (the engine host in tests)."""

import os
import sys

_log = os.environ.get("AIRLOCK_TEST_NET_LOG", "")
if _log:
    sys.path.insert(0, os.path.dirname(__file__))
    import guard  # type: ignore[import-not-found]

    def _record(what: str) -> None:
        with open(_log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}: {what}\n")

    guard.install(_record)
    with open(_log + ".loaded", "a", encoding="utf-8") as handle:
        handle.write(f"{os.getpid()}\n")
