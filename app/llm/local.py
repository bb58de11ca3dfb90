"""LocalEngine: runs the engine host (app.llm.host) as a child process and talks to it.

The host keeps the model loaded between requests (warm), so a shared prompt prefix is
reused from its KV cache. It is started on first use, killed and restarted when it cannot be
cancelled in time, and restarted after a crash: the app and its database never share a
process with llama.cpp.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from app.core.errors import (
    AirlockError,
    EngineCancelled,
    EngineCrashed,
    EngineError,
    InputTooLarge,
    ModelFileError,
    ModelHashMismatch,
)
from app.core.paths import airlock_home
from app.llm.engine import ChatMessage, EngineInfo, EngineSettings, RequestTiming
from app.llm.gguf import check_gguf
from app.llm.hashing import sha256_file
from app.llm.offline import offline_environment
from app.llm.one_request import OneRequestAtATime

log = logging.getLogger(__name__)

CANCEL_GRACE_S = 0.2
_KILL_WAIT_S = 0.2
_POLL_S = 0.05
_LOG_TAIL_LINES = 5
FROZEN_HOST_FLAG = "--engine-host"


@dataclass(frozen=True)
class _Exited:
    """Posted by the reader thread when the host's stdout closes (it exited or was killed)."""

    returncode: int | None


@dataclass
class _Request:
    id: int
    cancel: threading.Event = field(default_factory=threading.Event)
    settled: threading.Event = field(default_factory=threading.Event)
    sent: bool = False


class _HostProcess:
    """One running host: the process, its message queue and the thread that fills it."""

    def __init__(self, command: list[str], log_path: Path) -> None:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log_path = log_path
        self._log_file = log_path.open("w", encoding="utf-8")
        self.messages: queue.Queue[dict[str, Any] | _Exited] = queue.Queue()
        self.on_message: Any = None
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log_file,
            env=offline_environment(),
            text=True,
            encoding="utf-8",
            bufsize=1,
            # Its own session: a Ctrl-C in the terminal reaches Airlock, which then stops
            # the host in order, instead of killing the host mid-request under it.
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, name="engine-host-reader", daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, message: dict[str, Any]) -> None:
        stdin = self.process.stdin
        if stdin is None:
            raise BrokenPipeError
        stdin.write(json.dumps(message) + "\n")
        stdin.flush()

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=_KILL_WAIT_S)

    def stop(self, timeout: float = 2.0) -> None:
        """Ask politely (close stdin), then kill."""
        with contextlib.suppress(OSError, ValueError):
            if self.process.stdin is not None:
                self.process.stdin.close()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        self._log_file.close()

    def log_tail(self) -> str:
        with contextlib.suppress(OSError):
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
            return " | ".join(line.strip() for line in lines[-_LOG_TAIL_LINES:] if line.strip())
        return ""

    def _read(self) -> None:
        stdout: IO[str] | None = self.process.stdout
        assert stdout is not None
        for line in stdout:
            try:
                message = json.loads(line)
            except json.JSONDecodeError:
                log.warning("engine host wrote a line that is not JSON; ignored")
                continue
            if self.on_message is not None:
                self.on_message(message)
            self.messages.put(message)
        self.messages.put(_Exited(self.process.wait()))


class LocalEngine(OneRequestAtATime[_Request]):
    """The Engine for a local GGUF file. One request at a time; cancel from any thread."""

    def __init__(
        self,
        model_path: Path,
        *,
        model_id: str | None = None,
        settings: EngineSettings | None = None,
        cancel_grace_s: float = CANCEL_GRACE_S,
        log_dir: Path | None = None,
        interrupt_prompt: bool = True,
        expected_sha256: str | None = None,
    ) -> None:
        """`expected_sha256` is for a file the caller has just verified: a later (re)start
        re-hashes the file if its size or mtime changed since construction."""
        super().__init__()
        self.model_path = Path(model_path)
        self._expected_sha256 = expected_sha256
        self._verified_stamp = _stat_stamp(self.model_path) if expected_sha256 else None
        self.model_id = model_id or self.model_path.stem
        self.settings = settings or EngineSettings()
        self.cancel_grace_s = cancel_grace_s
        self._log_dir = log_dir
        # False turns off the in-host abort during prompt processing, leaving only the
        # kill-and-respawn path; tests and the benchmark use it to exercise that path.
        self._interrupt_prompt = interrupt_prompt
        self._host: _HostProcess | None = None
        self._ids = itertools.count(1)
        self._spawn_lock = threading.Lock()
        self._chat_format: str | None = None
        self._load_s: float | None = None
        self._starts = 0
        self._last_timing: RequestTiming | None = None

    # -- Engine protocol ----------------------------------------------------------------

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] = (),
    ) -> Iterator[str]:
        request = _Request(id=next(self._ids))
        self._claim(request)
        payload = {
            "op": "chat",
            "id": request.id,
            "messages": [message.to_dict() for message in messages],
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stop": list(stop),
        }
        return self._run(request, payload)

    def cancel(self) -> None:
        with self._state:
            request, host = self._current, self._host
            if request is None or request.settled.is_set():
                return
            request.cancel.set()
            if host is None or not request.sent:
                return  # not in the host yet: _run sees the flag before it sends
        with contextlib.suppress(OSError, ValueError):
            host.send({"op": "cancel", "id": request.id})
        if not request.settled.wait(self.cancel_grace_s):
            log.info("engine host did not stop within %.2f s; killing it", self.cancel_grace_s)
            host.kill()

    def info(self) -> EngineInfo:
        host = self._host
        running = host is not None and host.alive()
        return EngineInfo(
            model_id=self.model_id,
            model_path=str(self.model_path),
            settings=self.settings,
            running=running,
            pid=host.pid if running and host is not None else None,
            chat_format=self._chat_format,
            load_s=self._load_s,
            restarts=max(0, self._starts - 1),
            last_timing=self._last_timing,
        )

    def close(self) -> None:
        self.cancel()
        with self._state:
            host, self._host = self._host, None
        if host is not None:
            with contextlib.suppress(OSError, ValueError):
                host.send({"op": "shutdown"})
            host.stop()

    def start(self) -> None:
        """Start the host and load the model now (the first request would do it anyway).

        A request made meanwhile waits for the load instead of starting a second host.
        """
        self._ensure_host(_Request(id=0))

    # -- one request --------------------------------------------------------------------

    def _run(self, request: _Request, payload: dict[str, Any]) -> Iterator[str]:
        with self._serving(request):
            try:
                host = self._ensure_host(request)
                self._send_request(host, request, payload)
                yield from self._replies(host, request)
            finally:
                if request.sent and not request.settled.is_set():
                    # The consumer stopped early (closed the iterator): stop the host too,
                    # so the next request does not queue behind the rest of this one.
                    self.cancel()
                request.settled.set()

    def _send_request(self, host: _HostProcess, request: _Request, payload: dict[str, Any]) -> None:
        with self._state:
            if request.cancel.is_set():
                raise EngineCancelled("the request was cancelled")
            try:
                host.send(payload)
            except (OSError, ValueError) as exc:  # the host died between requests
                raise self._host_gone(request, host.process.poll()) from exc
            request.sent = True

    def _replies(self, host: _HostProcess, request: _Request) -> Iterator[str]:
        while True:
            message = host.messages.get()
            if isinstance(message, _Exited):
                raise self._host_gone(request, message.returncode)
            if message.get("id") != request.id:
                continue  # a late reply to an earlier, cancelled request
            kind = message["type"]
            if kind == "fragment":
                yield str(message["text"])
                continue
            self._record_timing(message)
            if kind == "done":
                return
            if kind == "cancelled":
                raise EngineCancelled("the request was cancelled")
            raise _request_error(str(message.get("message")), self.settings)

    def _record_timing(self, message: dict[str, Any]) -> None:
        timing = message.get("timing")
        if timing:
            self._last_timing = RequestTiming.from_dict(timing)

    def _host_gone(self, request: _Request, returncode: int | None) -> EngineError:
        request.settled.set()  # nothing left to cancel: the host is gone
        host = self._host
        if host is not None:
            host.kill()
        if request.cancel.is_set():
            return EngineCancelled("the request was cancelled (the engine restarts on next use)")
        tail = host.log_tail() if host is not None else ""
        detail = f"; last log lines: {tail}" if tail else ""
        return EngineCrashed(
            f"the engine host for {self.model_id} died ({_describe_exit(returncode)}); "
            f"the next request starts a new one{detail}"
        )

    # -- the host process ---------------------------------------------------------------

    def _ensure_host(self, request: _Request) -> _HostProcess:
        with self._spawn_lock:
            host = self._host
            if host is not None and host.alive():
                return host
            if host is not None:
                host.stop(timeout=0)
            self._check_file()
            host = self._spawn()
            self._wait_ready(host, request)
            return host

    def _check_file(self) -> None:
        """Refuse a damaged or changed file before llama.cpp sees it: nothing is loaded."""
        check_gguf(self.model_path)
        if self._expected_sha256 is None:
            return
        stamp = _stat_stamp(self.model_path)
        if stamp == self._verified_stamp:
            return
        digest = sha256_file(self.model_path)
        if digest != self._expected_sha256:
            raise ModelHashMismatch(
                f"{self.model_path} changed since it was verified: SHA-256 {digest}, expected "
                f"{self._expected_sha256}; it will not be loaded"
            )
        self._verified_stamp = stamp

    def _spawn(self) -> _HostProcess:
        command = host_command()
        log_dir = self._log_dir or airlock_home() / "logs"
        host = _HostProcess(command, log_dir / f"engine-{self.model_id}.log")
        host.on_message = self._on_message
        self._starts += 1
        with self._state:
            self._host = host
        settings = self.settings.to_dict()
        host.send(
            {
                "op": "load",
                "model_path": str(self.model_path),
                "settings": settings,
                "interrupt_prompt": self._interrupt_prompt,
            }
        )
        return host

    def _on_message(self, message: dict[str, Any]) -> None:
        # Runs on the reader thread, so cancel() learns of an acknowledgement at once even
        # while the consumer is not reading.
        if message.get("type") in ("done", "cancelled", "error"):
            with self._state:
                current = self._current
            if current is not None and message.get("id") == current.id:
                current.settled.set()

    def _wait_ready(self, host: _HostProcess, request: _Request) -> None:
        while True:
            if request.cancel.is_set():
                host.kill()
                raise EngineCancelled("cancelled while the model was loading")
            try:
                message = host.messages.get(timeout=_POLL_S)
            except queue.Empty:
                continue
            if isinstance(message, _Exited):
                raise EngineCrashed(
                    f"the engine host died while loading {self.model_path} "
                    f"({_describe_exit(message.returncode)}); last log lines: {host.log_tail()}"
                )
            if message.get("type") == "load_error":
                host.stop(timeout=1)
                raise ModelFileError(
                    f"llama.cpp could not load {self.model_path}: {message.get('message')}"
                )
            if message.get("type") == "ready":
                self._chat_format = message.get("chat_format")
                self._load_s = message.get("load_s")
                log.info(
                    "engine host %s ready: model %s, chat format %s, loaded in %.2f s",
                    host.pid,
                    self.model_id,
                    self._chat_format,
                    self._load_s or 0.0,
                )
                return


def host_command() -> list[str]:
    """The command that starts an engine host.

    A frozen (PyInstaller) app has no interpreter to run `-m app.llm.host` with: its own
    executable runs the host when given FROZEN_HOST_FLAG (see packaging/launcher.py).
    """
    if getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_HOST_FLAG]
    return [sys.executable, "-m", "app.llm.host"]


def _request_error(text: str, settings: EngineSettings) -> AirlockError:
    if "exceed context window" in text:
        # llama-cpp-python: "Requested tokens (N) exceed context window of M".
        return InputTooLarge(
            f"the request does not fit the model's context ({text}); send less code at once "
            f"or raise context_size (now {settings.context_size})"
        )
    return EngineError(f"the model failed on this request: {text}")


def _stat_stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _describe_exit(returncode: int | None) -> str:
    if returncode is None:
        return "exit status unknown"
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"killed by {name}"
    return f"exit code {returncode}"
