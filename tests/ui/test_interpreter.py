"""PySide6 6.12 on Python 3.11 drops references to None and True (see app.ui.interpreter).

pyproject.toml keeps PySide6 below 6.12; this test fails if an installed binding has the bug,
before it can abort the app ("none_dealloc") in front of a user.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Pinger(QObject):
    ping = Signal(str)


def test_void_calls_and_signal_emits_keep_their_references() -> None:
    probe = _Pinger()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(1000):
        probe.setObjectName("x")
        probe.ping.emit("x")
    # Other threads may move the counts a little; a leak moves them by a thousand.
    assert sys.getrefcount(None) > none_before - 100
    assert sys.getrefcount(True) > true_before - 100
