"""The engine host: a child process that keeps one llama.cpp model loaded and serves requests.

Run as `python -m app.llm.host`. It speaks JSON lines: requests on stdin, replies on the
original stdout. llama.cpp's own output (which C code may print to fd 1) is pointed at
stderr first, so it can never corrupt the protocol.

Parent -> host:  {"op": "load", "model_path", "settings"}      (first line)
                 {"op": "chat", "id", "messages", "max_tokens", "temperature", "stop"}
                 {"op": "cancel", "id"}   {"op": "shutdown"}
Host -> parent:  {"type": "ready", "chat_format", "n_ctx", "load_s"} or
                 {"type": "load_error", "message"}
                 {"type": "fragment", "id", "text"} ...
                 {"type": "done" | "cancelled", "id", "timing", "finish_reason"}
                 {"type": "error", "id", "message"}

Cancel works at two levels: between generated tokens we simply stop; during prompt
processing a llama.cpp abort callback makes llama_decode return early. The parent kills this
process if neither acknowledges within its grace period, so a host that cannot stop is never
waited for.
"""

from __future__ import annotations

import ctypes
import json
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from app.llm.engine import EngineSettings, RequestTiming

Message = dict[str, Any]

ORPHAN_EXIT_S = 1.0


class _RequestCancelledError(Exception):
    """Raised inside llama-cpp-python's generator to stop a request early."""


@dataclass
class _Meter:
    """Counts what one request evaluated, by wrapping the Llama instance's eval and sample."""

    started: float
    cached_tokens: int = -1
    prompt_tokens: int = 0
    completion_tokens: int = 0
    first_token_at: float | None = None
    last_token_at: float | None = None

    def timing(self, finished: float) -> RequestTiming:
        first = self.first_token_at or finished
        last = self.last_token_at or finished
        return RequestTiming(
            prompt_tokens=self.prompt_tokens,
            cached_tokens=max(0, self.cached_tokens),
            completion_tokens=self.completion_tokens,
            ttft_s=round(first - self.started, 4),
            generation_s=round(last - first, 4),
            total_s=round(finished - self.started, 4),
        )


@dataclass
class _Control:
    """Shared between the stdin reader thread and the model thread."""

    requests: queue.Queue[Message] = field(default_factory=queue.Queue)
    cancelled: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def cancel(self, request_id: int) -> None:
        with self.lock:
            self.cancelled.add(request_id)

    def is_cancelled(self, request_id: int) -> bool:
        with self.lock:
            return request_id in self.cancelled


class Host:
    def __init__(self, out: IO[str], llama: Any, *, interrupt_prompt: bool = True) -> None:
        self._out = out
        self._llm = llama
        self._interrupt_prompt = interrupt_prompt
        self._active: int | None = None
        self._control = _Control()
        self._meter: _Meter | None = None
        self._install_hooks()

    # -- protocol -----------------------------------------------------------------------

    def send(self, message: Message) -> None:
        self._out.write(json.dumps(message) + "\n")
        self._out.flush()

    def read_stdin(self, stdin: IO[str]) -> None:
        """Reader thread: queue requests, record cancels at once (the model may be busy)."""
        for line in stdin:
            message = json.loads(line)
            op = message.get("op")
            if op == "cancel":
                self._control.cancel(int(message["id"]))
            elif op in ("chat", "shutdown"):
                self._control.requests.put(message)
        # stdin closed: the parent is gone or wants us gone; stop what runs and exit.
        if self._active is not None:
            self._control.cancel(self._active)
        self._control.requests.put({"op": "shutdown"})
        # Nobody is left to wait for an orderly stop; a prompt that cannot be interrupted
        # must not keep an orphan busy for minutes.
        deadline = threading.Timer(ORPHAN_EXIT_S, os._exit, args=(0,))
        deadline.daemon = True
        deadline.start()

    def serve(self) -> None:
        while True:
            message = self._control.requests.get()
            if message["op"] == "shutdown":
                return
            self._chat(message)

    # -- one request --------------------------------------------------------------------

    def _chat(self, request: Message) -> None:
        request_id = int(request["id"])
        self._active = request_id
        self._meter = _Meter(started=time.perf_counter())
        finish_reason: str | None = None
        try:
            if self._control.is_cancelled(request_id):
                raise _RequestCancelledError
            for text, reason in self._fragments(request):
                if self._control.is_cancelled(request_id):
                    raise _RequestCancelledError
                finish_reason = reason or finish_reason
                if text:
                    self.send({"type": "fragment", "id": request_id, "text": text})
        except _RequestCancelledError:
            self._finish("cancelled", request_id, None)
        except Exception as exc:  # reported to the parent, which raises EngineError
            if self._control.is_cancelled(request_id):
                self._finish("cancelled", request_id, None)
            else:
                self.send({"type": "error", "id": request_id, "message": str(exc)})
        else:
            self._finish("done", request_id, finish_reason)
        finally:
            self._active = None
            self._meter = None

    def _fragments(self, request: Message) -> Iterator[tuple[str, str | None]]:
        chunks = self._llm.create_chat_completion(
            messages=request["messages"],
            max_tokens=int(request["max_tokens"]),
            temperature=float(request["temperature"]),
            stop=list(request.get("stop") or []) or None,
            stream=True,
        )
        for chunk in chunks:
            choice = chunk["choices"][0]
            yield choice["delta"].get("content") or "", choice.get("finish_reason")

    def _finish(self, kind: str, request_id: int, finish_reason: str | None) -> None:
        meter = self._meter
        timing = meter.timing(time.perf_counter()).to_dict() if meter else None
        self.send(
            {"type": kind, "id": request_id, "timing": timing, "finish_reason": finish_reason}
        )
        with self._control.lock:
            self._control.cancelled.discard(request_id)

    # -- hooks into llama-cpp-python ----------------------------------------------------

    def _install_hooks(self) -> None:
        """Wrap eval and sample to measure prefix reuse and to stop between tokens."""
        llm = self._llm
        original_eval: Callable[[Sequence[int]], None] = llm.eval
        original_sample: Callable[..., int] = llm.sample
        abort = _AbortSwitch(llm, self._should_abort, enabled=self._interrupt_prompt)

        def eval_hook(tokens: Sequence[int]) -> None:
            meter = self._meter
            if meter is not None and meter.cached_tokens < 0:
                # The first eval of a request holds the prompt suffix that the KV cache
                # did not have; llm.n_tokens is the reused prefix at this moment.
                meter.cached_tokens = int(llm.n_tokens)
                meter.prompt_tokens = int(llm.n_tokens) + len(tokens)
                with abort.armed():
                    original_eval(tokens)
                return
            if self._should_abort():
                raise _RequestCancelledError
            original_eval(tokens)

        def sample_hook(*args: Any, **kwargs: Any) -> int:
            token = original_sample(*args, **kwargs)
            meter = self._meter
            if meter is not None:
                now = time.perf_counter()
                meter.completion_tokens += 1
                meter.first_token_at = meter.first_token_at or now
                meter.last_token_at = now
            return token

        llm.eval = eval_hook
        llm.sample = sample_hook

    def _should_abort(self) -> bool:
        active = self._active
        return active is not None and self._control.is_cancelled(active)


class _AbortSwitch:
    """A llama.cpp abort callback, armed only while a prompt is evaluated.

    The callback runs for every graph node; arming it only for the prompt keeps its
    (small) cost away from token generation, where we stop between tokens anyway.
    """

    def __init__(self, llm: Any, should_abort: Callable[[], bool], *, enabled: bool) -> None:
        self._ctx = getattr(getattr(llm, "_ctx", None), "ctx", None)
        self._set: Callable[..., None] | None = None
        self._callback: Any = None
        self._null: Any = None
        if not enabled:
            return
        try:
            import llama_cpp

            self._callback = llama_cpp.ggml_abort_callback(lambda _data: bool(should_abort()))
            self._null = llama_cpp.ggml_abort_callback()
            self._set = llama_cpp.llama_set_abort_callback
        except (ImportError, AttributeError):
            # Without the hook a prompt cannot be interrupted here; the parent's grace
            # period then ends in a kill, which is slower to recover from but just as safe.
            self._set = None

    @contextmanager
    def armed(self) -> Iterator[None]:
        self._install(self._callback)
        try:
            yield
        except RuntimeError as exc:
            # llama-cpp-python reports llama_decode's status 2 ("aborted") as RuntimeError.
            if "returned 2" in str(exc):
                raise _RequestCancelledError from exc
            raise
        finally:
            self._install(self._null)

    def _install(self, callback: Any) -> None:
        if self._set is not None and self._ctx is not None:
            self._set(self._ctx, callback, ctypes.c_void_p())


def _protocol_stdout() -> IO[str]:
    """Keep the real stdout for JSON lines; send fd 1 (C prints) to stderr instead."""
    protocol_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return os.fdopen(protocol_fd, "w", encoding="utf-8", buffering=1)


def _load(out: IO[str], load: Message) -> Any | None:
    settings = EngineSettings.from_dict(load.get("settings") or {})
    started = time.perf_counter()
    try:
        from llama_cpp import Llama

        llm = Llama(
            model_path=str(load["model_path"]),
            n_threads=settings.threads,
            n_threads_batch=settings.threads,
            n_ctx=settings.context_size,
            n_gpu_layers=settings.gpu_layers,
            n_batch=settings.batch_size,
            flash_attn=bool(settings.flash_attention),
            verbose=False,
            # chat_format stays unset: llama-cpp-python then uses the template in the GGUF.
        )
    except Exception as exc:
        out.write(json.dumps({"type": "load_error", "message": str(exc)}) + "\n")
        out.flush()
        return None
    ready = {
        "type": "ready",
        "chat_format": llm.chat_format,
        "n_ctx": llm.n_ctx(),
        "load_s": round(time.perf_counter() - started, 3),
        "pid": os.getpid(),
    }
    out.write(json.dumps(ready) + "\n")
    out.flush()
    return llm


def main() -> int:
    out = _protocol_stdout()
    stdin = sys.stdin
    first = stdin.readline()
    if not first:
        return 0
    load = json.loads(first)
    llm = _load(out, load)
    if llm is None:
        return 2
    host = Host(out, llm, interrupt_prompt=bool(load.get("interrupt_prompt", True)))
    reader = threading.Thread(target=host.read_stdin, args=(stdin,), daemon=True)
    reader.start()
    host.serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
