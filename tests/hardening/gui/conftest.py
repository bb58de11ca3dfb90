"""The GUI fixtures of tests/ui (the real window with fake engines, the QThread-leak guard)."""

from tests.ui.conftest import (  # noqa: F401 - fixtures and the teardown hook, by name
    collect_garbage_normally,
    fake_engines,
    pattern_review,
    pytest_runtest_teardown,
    record_qthreads,
    window,
)
