"""A stand-in for llama-cpp-python, for tests that kill the real engine host mid-generation.

The tests put its folder first on PYTHONPATH, so `python -m app.llm.host` (the real host, with
its real protocol and pipes) imports this instead of llama.cpp: no model is loaded, and a
reply streams slowly and without end until the host is killed. When it starts streaming it
creates the file named by $AIRLOCK_STUB_STREAMING, so the test knows when to kill.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

STREAMING_ENV = "AIRLOCK_STUB_STREAMING"
FRAGMENT_INTERVAL_S = 0.02


class Llama:
    chat_format = "stub"

    def __init__(self, model_path: str, **_settings: Any) -> None:
        self.model_path = model_path
        self.n_tokens = 0

    def n_ctx(self) -> int:
        return 4096

    def eval(self, tokens: Any) -> None:
        self.n_tokens += len(tokens)

    def sample(self, *_args: Any, **_kwargs: Any) -> int:
        return 0

    def create_chat_completion(self, **request: Any) -> Iterator[dict[str, Any]]:
        self.eval([0] * 8)
        marker = os.environ.get(STREAMING_ENV)
        count = 0
        while True:
            self.sample()
            yield {"choices": [{"delta": {"content": f"word{count} "}, "finish_reason": None}]}
            if count == 0 and marker:
                Path(marker).touch()
            count += 1
            time.sleep(FRAGMENT_INTERVAL_S)
