"""Interpreter settings that keep the window responsive, and a guard against a binding bug.

The window shares one interpreter with its workers, so three things decide whether it stalls:

- The interpreter lock. Whenever Qt calls into Python (a slot, painting a model) the GUI
  thread must take the lock from a worker that is busy reviewing; with the default switch
  interval that wait can be 5 ms per call. The app uses 1 ms.
- The cyclic garbage collector. A full collection scans every tracked object (after the
  scanners are loaded, well over a million) and holds the lock for 50-100 ms, in whichever
  thread triggers it. While the background warm-up loads the model, scanners and lexers,
  automatic collection is paused (what it would scan is nearly all long-lived); afterwards
  the objects start-up created (modules, classes, compiled rules) are frozen out of later
  collections, as CPython's docs suggest for long-running programs (gc.freeze).
PySide6 6.12 on CPython 3.11 drops a reference to None on every void call and to True on
every signal emit, so the interpreter aborts after some thousands of calls ("none_dealloc");
pyproject.toml therefore keeps PySide6 below 6.12, and tests/ui/test_interpreter.py checks
that the installed binding does not have the bug.
"""

from __future__ import annotations

import gc
import logging
import sys

log = logging.getLogger(__name__)

GUI_SWITCH_INTERVAL_S = 0.001


def prepare_interpreter() -> None:
    """What the desktop app sets up before its first window: a short lock switch interval."""
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)


def hold_collection() -> None:
    """Pause automatic garbage collection while start-up loads long-lived objects."""
    gc.disable()


def settle_after_start_up() -> None:
    """Keep what start-up created (modules, scanner rules, lexers) out of later collections,
    and collect automatically again. Called once the warm-up is done; safe from any thread."""
    gc.freeze()
    gc.enable()
