"""The engine boundary: what the core and the UI may know about a model that writes text.

Everything here is plain data and one Protocol. Implementations (the local engine host, the
fake for unit tests) live in their own modules, so nothing above app.llm ever imports
llama_cpp.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

Role = Literal["system", "user", "assistant"]
ModelRole = Literal["generate", "review"]
MODEL_ROLES: tuple[ModelRole, ...] = ("generate", "review")


@dataclass(frozen=True)
class ChatMessage:
    """One turn of a chat: the model's chat template turns a list of these into a prompt."""

    role: Role
    content: str

    def to_dict(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}


@dataclass(frozen=True)
class Progress:
    """Progress of a long job that is not a token stream (assembling, hashing, downloading)."""

    stage: str
    done: int
    total: int | None = None
    message: str = ""
    # How far the step after `done` has got (0-1), e.g. the files a review stage has read;
    # None for an event that starts or ends a step.
    part: float | None = None

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(1.0, (self.done + (self.part or 0.0)) / self.total)


def _default_threads() -> int:
    # Half the logical CPUs approximates the physical cores, which is what llama.cpp scales
    # with; hyperthreads mostly contend for the same execution units.
    logical = os.cpu_count() or 2
    return max(1, min(logical, max(2, logical // 2)))


@dataclass(frozen=True)
class EngineSettings:
    """How the engine host runs a model. Stored in the settings table (see store.models)."""

    threads: int = field(default_factory=_default_threads)
    context_size: int = 8192
    gpu_layers: int = 0
    batch_size: int = 512
    # 1: llama.cpp's flash attention, which processed review prompts about a quarter faster
    # on the 2-core CPU measured (docs/BENCHMARKS.md); 0 turns it off.
    flash_attention: int = 1

    def to_dict(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EngineSettings:
        known = {k: int(v) for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(frozen=True)
class RequestTiming:
    """What one request cost, measured inside the engine host.

    `cached_tokens` of the prompt were reused from the previous request's KV cache (shared
    prefix), so only `prompt_tokens - cached_tokens` had to be evaluated.
    """

    prompt_tokens: int
    cached_tokens: int
    completion_tokens: int
    ttft_s: float
    generation_s: float
    total_s: float

    @property
    def tokens_per_s(self) -> float:
        """Decode speed: tokens after the first one, over the time after the first one."""
        if self.completion_tokens < 2 or self.generation_s <= 0:
            return 0.0
        return (self.completion_tokens - 1) / self.generation_s

    def to_dict(self) -> dict[str, float | int]:
        data: dict[str, float | int] = dict(asdict(self))
        data["tokens_per_s"] = round(self.tokens_per_s, 2)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RequestTiming:
        return cls(
            prompt_tokens=int(data["prompt_tokens"]),
            cached_tokens=int(data["cached_tokens"]),
            completion_tokens=int(data["completion_tokens"]),
            ttft_s=float(data["ttft_s"]),
            generation_s=float(data["generation_s"]),
            total_s=float(data["total_s"]),
        )


@dataclass(frozen=True)
class EngineInfo:
    """What the UI shows about an engine: which model, how it runs, what the last request cost."""

    model_id: str
    model_path: str
    settings: EngineSettings
    running: bool
    pid: int | None = None
    chat_format: str | None = None
    load_s: float | None = None
    restarts: int = 0
    last_timing: RequestTiming | None = None


@runtime_checkable
class Engine(Protocol):
    """A model that streams text. One request at a time per engine."""

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] = (),
    ) -> Iterator[str]:
        """Yield the reply in fragments as the model produces them.

        Raises EngineCancelled when cancel() stopped the request and EngineCrashed when the
        engine died; the next call works again in both cases.
        """
        ...

    def cancel(self) -> None:
        """Stop the running request; returns within half a second. Safe from any thread."""
        ...

    def info(self) -> EngineInfo:
        """The model, settings and the last request's timing."""
        ...

    def close(self) -> None:
        """Release the model (stop the host process). The engine restarts on next use."""
        ...
