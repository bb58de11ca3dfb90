"""Logging setup, called only by entry points (the CLI and the GUI)."""

from __future__ import annotations

import logging


def configure_logging(*, debug: bool = False) -> None:
    """Warnings and errors to stderr; everything with --debug.

    Never raise the level of app modules to INFO by default: INFO and DEBUG records may
    carry file names and timings, and code or prompts are never logged above DEBUG.
    """
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
