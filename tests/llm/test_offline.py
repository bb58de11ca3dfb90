"""Offline by construction: startup, a generation and a review reach no network address.

Sockets to anything but loopback are refused and recorded, in this process and (through a
sitecustomize on PYTHONPATH) in the engine host child process. The "review" here is a
review-style request through the real engine; the review pipeline is tested elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import app.cli
from app.cli.models import models_group
from app.llm.engine import ChatMessage
from app.llm.offline import enforce_offline, is_offline
from app.llm.pool import EnginePool
from app.llm.registry import ModelRegistry
from app.store.db import open_database
from tests.llm.conftest import TEST_SETTINGS
from tests.llm.netguard import guard

NETGUARD = Path(__file__).parent / "netguard"

pytestmark = pytest.mark.model


@pytest.fixture
def attempts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Block non-loopback sockets here and in child processes; the log file lists attempts."""
    log = tmp_path / "network-attempts.log"
    log.touch()
    monkeypatch.setenv("AIRLOCK_TEST_NET_LOG", str(log))
    pythonpath = os.environ.get("PYTHONPATH")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(NETGUARD), pythonpath])))

    def record(what: str) -> None:
        with log.open("a") as handle:
            handle.write(f"test process: {what}\n")

    for (owner, name), function in guard.guarded_functions(record).items():
        monkeypatch.setattr(owner, name, function)
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    return log


def test_the_guard_itself_records_and_refuses_a_public_address(attempts: Path) -> None:
    import socket

    with pytest.raises(OSError, match="blocked by the offline test"):
        socket.create_connection(("192.0.2.1", 443), timeout=1)

    assert "getaddrinfo '192.0.2.1'" in attempts.read_text()


def test_startup_generation_and_review_make_no_network_attempt(
    attempts: Path, default_model_in_home: Path
) -> None:
    runner = CliRunner()
    assert runner.invoke(app.cli.main, ["--help"]).exit_code == 0
    listed = runner.invoke(models_group, ["list"])
    assert listed.exit_code == 0, listed.output
    assert is_offline()

    db = open_database()
    registry = ModelRegistry(db)
    registry.set_engine_settings(**TEST_SETTINGS.to_dict())
    pool = EnginePool()
    try:
        code = "".join(
            pool.open(registry, "generate").engine.stream_chat(
                [ChatMessage("user", "Write a Python function that reads a file safely.")],
                max_tokens=24,
                temperature=0.0,
            )
        )
        review = "".join(
            pool.open(registry, "review").engine.stream_chat(
                [
                    ChatMessage("system", "You are a secure code reviewer for the code's authors."),
                    ChatMessage("user", f"```python\n{code}\n```\nAny path traversal? YES or NO."),
                ],
                max_tokens=16,
                temperature=0.0,
            )
        )
    finally:
        pool.close()
        db.close()

    assert code and review
    assert attempts.read_text() == ""
    # The guard really ran inside the engine host, so its silence means something.
    assert Path(f"{attempts}.loaded").read_text().strip()


def test_enforce_offline_switches_the_hub_client_off_for_children_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import huggingface_hub.constants

    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)

    enforce_offline()

    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert os.environ["HF_HUB_DISABLE_TELEMETRY"] == "1"
    assert huggingface_hub.constants.HF_HUB_OFFLINE is True
