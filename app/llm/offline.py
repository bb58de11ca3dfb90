"""Offline by construction: the Hugging Face client is switched off for the whole process.

Entry points call enforce_offline() before anything else. Only `airlock models pull` lifts it,
through hub_online(), for the duration of one download, and puts it back afterwards.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager

log = logging.getLogger(__name__)

# Every switch we know of that keeps hub-aware libraries off the network and quiet.
OFFLINE_ENV: dict[str, str] = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "DO_NOT_TRACK": "1",
}

_lift_lock = threading.Lock()


def enforce_offline(environ: MutableMapping[str, str] | None = None) -> None:
    """Switch the hub client off for this process and every child it starts."""
    env = os.environ if environ is None else environ
    env.update(OFFLINE_ENV)
    # huggingface_hub reads HF_HUB_OFFLINE once at import; if it is already loaded,
    # its module constant is what its request hook checks.
    _set_hub_constant(offline=True)


def offline_environment(base: MutableMapping[str, str] | None = None) -> dict[str, str]:
    """An environment for child processes (the engine host) with the hub switched off."""
    env = dict(os.environ if base is None else base)
    env.update(OFFLINE_ENV)
    return env


def is_offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE") == "1"


@contextmanager
def hub_online() -> Iterator[None]:
    """Allow the hub client to reach the network for the block; for `models pull` only."""
    with _lift_lock:
        previous = os.environ.get("HF_HUB_OFFLINE")
        log.info("network access allowed for a model download")
        os.environ["HF_HUB_OFFLINE"] = "0"
        _set_hub_constant(offline=False)
        try:
            yield
        finally:
            if previous is None:
                os.environ.pop("HF_HUB_OFFLINE", None)
            else:
                os.environ["HF_HUB_OFFLINE"] = previous
            _set_hub_constant(offline=previous == "1")
            log.info("network access closed again")


def _set_hub_constant(*, offline: bool) -> None:
    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None:
        vars(constants)["HF_HUB_OFFLINE"] = offline
