"""OpenAICompatibleEngine: the Engine protocol over an on-prem server's chat completions API.

Works with llama.cpp's llama-server, llama-cpp-python's server, vLLM and Ollama: POST
`<base>/chat/completions` with `"stream": true` and read the server-sent events
(`data: {chunk}` ... `data: [DONE]`), each chunk's `choices[0].delta.content` being the next
fragment. The server applies the model's chat template, so nothing here knows about it.

Cancel shuts the connection down from any thread (app.llm.guarded_http); the iterator then
raises EngineCancelled, as LocalEngine's does. Failures become EngineError subclasses that
say what to check. The API key travels in the Authorization header and nowhere else: it is
never logged, never part of an error message, never stored by this module.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from app.core.errors import AirlockError, EngineCancelled, EngineError, InputTooLarge
from app.llm.endpoints import Endpoint, EndpointUnreachable, HostPolicy
from app.llm.engine import ChatMessage, EngineInfo, EngineSettings, RequestTiming
from app.llm.guarded_http import GuardedBackend, guarded_client
from app.llm.one_request import OneRequestAtATime

log = logging.getLogger(__name__)

_ERROR_BODY_BYTES = 16 * 1024
_CONTEXT_WORDS = ("context length", "context window", "context size", "maximum context")


class EndpointAuthError(EngineError):
    """The server refused the request's credentials (HTTP 401 or 403)."""


class EndpointProtocolError(EngineError):
    """The server's answer is not what an OpenAI-compatible API sends."""


@dataclass
class _Request:
    cancel: threading.Event = field(default_factory=threading.Event)


@dataclass
class _Stream:
    """What one streamed reply reported besides its text."""

    started: float
    first: float | None = None
    last: float | None = None
    chunks: int = 0
    usage: dict[str, Any] | None = None
    server_timings: dict[str, Any] | None = None


class OpenAICompatibleEngine(OneRequestAtATime[_Request]):
    """The Engine for an inference server. One request at a time; cancel from any thread."""

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        api_key: str | None = None,
        policy: HostPolicy | None = None,
    ) -> None:
        super().__init__()
        self.endpoint = endpoint
        self.model_id = endpoint.model_id
        self.server_model: str | None = None
        self._api_key = api_key
        self._policy = policy or HostPolicy()
        self._client: httpx.Client | None = None
        self._backend: GuardedBackend | None = None
        self._last_timing: RequestTiming | None = None

    def __repr__(self) -> str:  # the key must not show up in a traceback or a log line
        return f"OpenAICompatibleEngine({self.endpoint.url!r}, model={self.endpoint.model!r})"

    # -- Engine protocol ----------------------------------------------------------------

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] = (),
    ) -> Iterator[str]:
        request = _Request()
        self._claim(request)
        payload: dict[str, Any] = {
            "model": self.endpoint.model,
            "messages": [message.to_dict() for message in messages],
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": True,
            # Token counts in a last chunk (vLLM, llama-server; servers without it ignore it).
            "stream_options": {"include_usage": True},
        }
        if stop:
            payload["stop"] = list(stop)
        return self._run(request, payload)

    def cancel(self) -> None:
        with self._state:
            request, backend = self._current, self._backend
            if request is not None:
                request.cancel.set()
        if backend is not None:
            backend.abort()  # also stops a list_models() (a connection test)

    def info(self) -> EngineInfo:
        return EngineInfo(
            model_id=self.model_id,
            model_path=self.endpoint.url,
            settings=EngineSettings(threads=1),
            running=self._client is not None,
            chat_format=None,
            last_timing=self._last_timing,
        )

    def close(self) -> None:
        self.cancel()
        with self._state:
            client, self._client, self._backend = self._client, None, None
        if client is not None:
            client.close()

    def audit_fields(self) -> dict[str, str | None]:
        """What the audit record says about this engine: the URL and the server's model."""
        return {"endpoint": self.endpoint.url, "server_model": self.server_model}

    def list_models(self) -> list[str]:
        """The model names the server serves (GET /v1/models); also a connection test."""
        client, backend = self._http()
        backend.rearm()
        with _mapped_errors(self.endpoint, _Request()):
            response = client.get(self._url("models"))
            self._raise_for_status(response)
            data = _json(response.content, self.endpoint)
        names = [str(item.get("id")) for item in data.get("data") or [] if isinstance(item, dict)]
        return [name for name in names if name and name != "None"]

    # -- one request --------------------------------------------------------------------

    def _run(self, request: _Request, payload: dict[str, Any]) -> Iterator[str]:
        with self._serving(request):
            client, backend = self._http()
            backend.rearm()
            if request.cancel.is_set():  # checked after rearm(): a cancel cannot fall between
                raise EngineCancelled("the request was cancelled")
            started = time.monotonic()  # time to first token includes connecting and the prompt
            with (
                _mapped_errors(self.endpoint, request),
                client.stream("POST", self._url("chat/completions"), json=payload) as resp,
            ):
                self._raise_for_status(resp)
                yield from self._reply(resp, request, started)

    def _reply(self, response: httpx.Response, request: _Request, started: float) -> Iterator[str]:
        stream = _Stream(started=started)
        kind = response.headers.get("content-type", "")
        if kind.startswith("application/json"):  # a server that ignored "stream": true
            chunks: Iterable[dict[str, Any]] = [_json(response.read(), self.endpoint)]
        elif kind.startswith("text/event-stream"):
            chunks = self._chunks(response)
        else:
            raise EndpointProtocolError(
                f"{self.endpoint.url} answered with {kind or 'no content type'}, not an event "
                "stream; is the URL the server's OpenAI-compatible API (ending in /v1)?"
            )
        for chunk in chunks:
            if request.cancel.is_set():
                raise EngineCancelled("the request was cancelled")
            yield from self._fragments(chunk, stream)
        if request.cancel.is_set():
            raise EngineCancelled("the request was cancelled")
        self._last_timing = _timing(stream)

    def _chunks(self, response: httpx.Response) -> Iterator[dict[str, Any]]:
        for data in sse_data(response.iter_lines()):
            if data.strip() == "[DONE]":
                return
            yield _json(data.encode("utf-8"), self.endpoint)

    def _fragments(self, chunk: dict[str, Any], stream: _Stream) -> Iterator[str]:
        if chunk.get("error"):
            raise _server_error(chunk["error"], self.endpoint)
        if chunk.get("model"):
            self.server_model = str(chunk["model"])
        if isinstance(chunk.get("usage"), dict):
            stream.usage = chunk["usage"]
        if isinstance(chunk.get("timings"), dict):  # llama-server's own counters
            stream.server_timings = chunk["timings"]
        for choice in chunk.get("choices") or []:
            part = choice.get("delta") or choice.get("message") or {}
            text = part.get("content") if isinstance(part, dict) else None
            if text:
                now = time.monotonic()
                stream.first = stream.first or now
                stream.last = now
                stream.chunks += 1
                yield str(text)

    # -- HTTP ---------------------------------------------------------------------------

    def _http(self) -> tuple[httpx.Client, GuardedBackend]:
        with self._state:
            if self._client is None or self._backend is None:
                headers = {"Accept": "text/event-stream, application/json"}
                if self._api_key:
                    headers["Authorization"] = f"Bearer {self._api_key}"
                self._client, self._backend = guarded_client(
                    policy=self._policy,
                    ca_bundle=self.endpoint.ca_bundle,
                    timeout_s=self.endpoint.timeout_s,
                    headers=headers,
                )
            return self._client, self._backend

    def _url(self, path: str) -> str:
        return f"{self.endpoint.url}/{path}"

    def _raise_for_status(self, response: httpx.Response) -> None:
        if response.status_code < 400:
            return
        body = _read_some(response)
        raise _status_error(response.status_code, _error_text(body), self.endpoint)


@contextmanager
def _mapped_errors(endpoint: Endpoint, request: _Request) -> Iterator[None]:
    """Turn httpx's exceptions into ours; after a cancel, any failure is the cancel."""
    try:
        yield
    except (httpx.HTTPError, AirlockError) as exc:
        if request.cancel.is_set():
            raise EngineCancelled("the request was cancelled") from exc
        if isinstance(exc, httpx.HTTPError):
            raise _transport_error(exc, endpoint) from exc
        raise


def sse_data(lines: Iterable[str]) -> Iterator[str]:
    """The data of each server-sent event: `data:` lines joined, dispatched on a blank line."""
    data: list[str] = []
    for line in lines:
        if not line:
            if data:
                yield "\n".join(data)
                data = []
            continue
        if line.startswith(":"):
            continue  # a comment (keep-alive)
        name, _, value = line.partition(":")
        if name == "data":
            data.append(value[1:] if value.startswith(" ") else value)
    if data:
        yield "\n".join(data)


def _json(raw: bytes, endpoint: Endpoint) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise EndpointProtocolError(
            f"{endpoint.url} sent something that is not JSON ({raw[:80]!r}); is it an "
            "OpenAI-compatible server?"
        ) from exc
    if not isinstance(value, dict):
        raise EndpointProtocolError(f"{endpoint.url} sent JSON that is not an object")
    return value


def _read_some(response: httpx.Response) -> bytes:
    body = b""
    for part in response.iter_bytes():
        body += part
        if len(body) >= _ERROR_BODY_BYTES:
            break
    return body[:_ERROR_BODY_BYTES]


def _error_text(body: bytes) -> str:
    """The message of an error body: OpenAI's {"error": {"message"}}, FastAPI's "detail", text."""
    try:
        data = json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace").strip()[:300]
    if isinstance(data, dict):
        error = data.get("error", data.get("detail", data.get("message")))
        if isinstance(error, dict):
            return str(error.get("message") or error)[:300]
        if error is not None:
            return str(error)[:300]
    return str(data)[:300]


def _status_error(status: int, text: str, endpoint: Endpoint) -> EngineError | InputTooLarge:
    where = f"{endpoint.netloc} answered HTTP {status}"
    detail = f": {text}" if text else ""
    if status in (401, 403):
        return EndpointAuthError(
            f"{where}{detail}; check the API key (give it again with "
            "`airlock models use --role ROLE --endpoint URL --model NAME --api-key-stdin`)"
        )
    if status == 404:
        return EngineError(
            f"{where}{detail}; check that the URL is the server's API base (ending in /v1) "
            f"and that it serves the model {endpoint.model!r} (`airlock models test ROLE` "
            "lists what it serves)"
        )
    if status in (400, 413, 422) and any(word in text.lower() for word in _CONTEXT_WORDS):
        return InputTooLarge(f"the request does not fit the server's context ({text})")
    if status == 429:
        return EngineError(f"{where} (too many requests){detail}; try again in a moment")
    return EngineError(f"{where}{detail}")


def _server_error(error: object, endpoint: Endpoint) -> EngineError | InputTooLarge:
    text = str(error.get("message") or error) if isinstance(error, dict) else str(error)
    if any(word in text.lower() for word in _CONTEXT_WORDS):
        return InputTooLarge(f"the request does not fit the server's context ({text})")
    return EngineError(f"the server at {endpoint.netloc} failed mid-reply: {text}")


def _transport_error(exc: httpx.HTTPError, endpoint: Endpoint) -> EngineError:
    where = endpoint.netloc
    if isinstance(exc, httpx.ConnectTimeout):
        return EndpointUnreachable(f"no connection to {where} within the connect timeout")
    if isinstance(exc, httpx.TimeoutException):
        return EndpointUnreachable(
            f"{where} sent nothing for {endpoint.timeout_s:g} s; the server may be busy or the "
            "prompt long: try again, or raise the timeout (--timeout)"
        )
    if "CERTIFICATE_VERIFY_FAILED" in str(exc) or "certificate" in str(exc).lower():
        return EndpointUnreachable(
            f"the TLS certificate of {where} is not trusted ({exc}); give the CA that signed it "
            "with --ca-bundle FILE"
        )
    if isinstance(exc, httpx.ConnectError):
        return EndpointUnreachable(
            f"cannot connect to {where} ({exc}); check that the server is running and the "
            "port in the URL"
        )
    return EndpointUnreachable(f"the connection to {where} failed: {exc}")


def _timing(stream: _Stream) -> RequestTiming:
    """What the request cost; token counts from the server's usage when it reports them."""
    end = time.monotonic()
    usage = stream.usage or {}
    details = usage.get("prompt_tokens_details") or {}
    server = stream.server_timings or {}
    cached = details.get("cached_tokens") if isinstance(details, dict) else None
    return RequestTiming(
        prompt_tokens=int(usage.get("prompt_tokens") or 0),
        cached_tokens=int(cached or server.get("cache_n") or 0),
        # Without usage, each streamed chunk is about one token (llama.cpp sends one each).
        completion_tokens=int(usage.get("completion_tokens") or stream.chunks),
        ttft_s=(stream.first - stream.started) if stream.first else 0.0,
        generation_s=(stream.last - stream.first) if stream.first and stream.last else 0.0,
        total_s=end - stream.started,
    )
