"""OpenAICompatibleEngine against a stub server on 127.0.0.1: streaming, the request it sends,
timing, cancel, errors a user can act on, TLS with a company CA, and the connect-time check."""

from __future__ import annotations

import logging
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.errors import EngineCancelled, EngineError, InputTooLarge
from app.llm.endpoints import Endpoint, EndpointNotAllowed, EndpointUnreachable
from app.llm.engine import ChatMessage, Engine
from app.llm.openai_compat import (
    EndpointAuthError,
    EndpointProtocolError,
    OpenAICompatibleEngine,
    sse_data,
)
from tests.llm.openai_stub import Reply, StubServer, serve
from tests.llm.tls_certs import make_certs

ASK = [ChatMessage("system", "You review code."), ChatMessage("user", "Is this safe?")]


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with serve() as server:
        yield server


def engine_for(url: str, **kwargs: Any) -> OpenAICompatibleEngine:
    api_key = kwargs.pop("api_key", None)
    policy = kwargs.pop("policy", None)
    return OpenAICompatibleEngine(
        Endpoint(f"{url}/v1", kwargs.pop("model", "stub-model"), **kwargs),
        api_key=api_key,
        policy=policy,
    )


def test_the_engine_implements_the_engine_protocol(stub: StubServer) -> None:
    assert isinstance(engine_for(stub.url()), Engine)


def test_fragments_stream_in_order_and_the_request_is_openai_shaped(stub: StubServer) -> None:
    with engine_for(stub.url()) as engine:
        text = list(engine.stream_chat(ASK, max_tokens=64, temperature=0.0, stop=["```\n"]))

    assert text == ["Hello", ", ", "world"]
    request = stub.received[-1]
    assert (request.method, request.path) == ("POST", "/v1/chat/completions")
    assert request.body == {
        "model": "stub-model",
        "messages": [
            {"role": "system", "content": "You review code."},
            {"role": "user", "content": "Is this safe?"},
        ],
        "max_tokens": 64,
        "temperature": 0.0,
        "stream": True,
        "stream_options": {"include_usage": True},
        "stop": ["```\n"],
    }
    assert "authorization" not in request.headers  # no key configured, none sent


def test_the_server_reported_model_and_usage_are_recorded(stub: StubServer) -> None:
    stub.reply = Reply(
        model="Qwen/Qwen2.5-Coder-32B-Instruct",
        usage={"prompt_tokens": 120, "completion_tokens": 3,
               "prompt_tokens_details": {"cached_tokens": 100}},
    )  # fmt: skip
    engine = engine_for(stub.url(), model="qwen-32b")
    "".join(engine.stream_chat(ASK))

    timing = engine.info().last_timing
    assert timing is not None
    assert (timing.prompt_tokens, timing.cached_tokens, timing.completion_tokens) == (120, 100, 3)
    assert engine.server_model == "Qwen/Qwen2.5-Coder-32B-Instruct"
    assert engine.audit_fields() == {
        "endpoint": f"{stub.url()}/v1",
        "server_model": "Qwen/Qwen2.5-Coder-32B-Instruct",
    }
    assert engine.info().model_id == f"endpoint:127.0.0.1:{stub.port}/qwen-32b"
    engine.close()


def test_without_usage_the_streamed_chunks_are_counted_as_tokens(stub: StubServer) -> None:
    engine = engine_for(stub.url())
    list(engine.stream_chat(ASK))
    timing = engine.info().last_timing
    assert timing is not None and timing.completion_tokens == 3 and timing.prompt_tokens == 0


def test_a_server_that_ignores_streaming_still_gives_its_answer(stub: StubServer) -> None:
    stub.reply = Reply(
        body=b'{"model": "m", "choices": [{"message": {"role": "assistant", "content": "OK"}}]}',
        content_type="application/json",
    )
    assert list(engine_for(stub.url()).stream_chat(ASK)) == ["OK"]


def test_the_api_key_is_sent_as_a_bearer_token(stub: StubServer) -> None:
    stub.api_key = "sk-team-0123456789"
    engine = engine_for(stub.url(), api_key="sk-team-0123456789")
    assert "".join(engine.stream_chat(ASK)) == "Hello, world"
    assert stub.received[-1].headers["authorization"] == "Bearer sk-team-0123456789"


def test_a_refused_key_says_to_check_the_key_without_showing_it(stub: StubServer) -> None:
    stub.api_key = "the-right-key"
    engine = engine_for(stub.url(), api_key="sk-wrong-secret-42")
    with pytest.raises(EndpointAuthError, match="check the API key") as raised:
        list(engine.stream_chat(ASK))
    assert "HTTP 401" in str(raised.value) and "Invalid API key" in str(raised.value)
    assert "sk-wrong-secret-42" not in str(raised.value)
    assert "sk-wrong-secret-42" not in repr(engine)


def test_the_api_key_never_reaches_a_log_line(
    stub: StubServer, caplog: pytest.LogCaptureFixture
) -> None:
    stub.api_key = "sk-log-canary-9876"
    caplog.set_level(logging.DEBUG)  # httpx and httpcore log every request at DEBUG
    engine = engine_for(stub.url(), api_key="sk-log-canary-9876")
    list(engine.stream_chat(ASK))
    engine.list_models()
    stub.api_key = "another"
    with pytest.raises(EndpointAuthError):
        list(engine.stream_chat(ASK))
    engine.close()
    assert caplog.records, "expected the HTTP client's debug log to be captured"
    assert "sk-log-canary-9876" not in caplog.text


@pytest.mark.parametrize(
    ("reply", "error", "message"),
    [
        (Reply(status=500, body=b'{"error": {"message": "CUDA out of memory"}}'),
         EngineError, "HTTP 500: CUDA out of memory"),
        (Reply(status=404, body=b'{"detail": "Not Found"}'), EngineError, "ending in /v1"),
        (Reply(status=400, body=b'{"error": {"message": "This model\'s maximum context length'
                                 b' is 4096 tokens"}}'), InputTooLarge, "does not fit"),
        (Reply(status=429, body=b"slow down"), EngineError, "try again"),
        (Reply(body=b"<html>Sign in</html>", content_type="text/html"),
         EndpointProtocolError, "text/html"),
        (Reply(fragments=[], error_chunk={"message": "model crashed"}),
         EngineError, "failed mid-reply: model crashed"),
    ],
)  # fmt: skip
def test_http_and_server_errors_become_errors_that_say_what_to_check(
    stub: StubServer, reply: Reply, error: type[Exception], message: str
) -> None:
    stub.reply = reply
    with pytest.raises(error, match=re.escape(message)):
        list(engine_for(stub.url()).stream_chat(ASK))


def test_garbage_instead_of_json_is_reported(stub: StubServer) -> None:
    stub.reply = Reply(body=b"data: {not json\n\n", content_type="text/event-stream")
    with pytest.raises(EndpointProtocolError, match="not JSON"):
        list(engine_for(stub.url()).stream_chat(ASK))


def test_a_server_that_is_not_running_is_reported_as_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, not listening: connections are refused
        with pytest.raises(EndpointUnreachable, match=r"cannot connect to 127\.0\.0\.1"):
            list(engine_for(f"http://127.0.0.1:{port}").stream_chat(ASK))


def test_a_server_that_stops_sending_times_out(stub: StubServer) -> None:
    stub.reply = Reply(stall_after=1)
    engine = engine_for(stub.url(), timeout_s=0.3)
    with pytest.raises(EndpointUnreachable, match=r"sent nothing for 0.3 s"):
        list(engine.stream_chat(ASK))


def _consume_in_thread(
    engine: OpenAICompatibleEngine, got: list[str], errors: list[BaseException]
) -> threading.Thread:
    def consume() -> None:
        try:
            for fragment in engine.stream_chat(ASK):
                got.append(fragment)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=consume)
    thread.start()
    return thread


def test_cancel_mid_stream_stops_the_iterator_and_the_next_request_works(
    stub: StubServer,
) -> None:
    stub.reply = Reply(stall_after=1)
    engine = engine_for(stub.url())
    got: list[str] = []
    errors: list[BaseException] = []
    thread = _consume_in_thread(engine, got, errors)
    _wait_for(lambda: got == ["Hello"])

    engine.cancel()
    thread.join(10)

    assert not thread.is_alive(), "the stream did not stop after cancel()"
    assert [type(e) for e in errors] == [EngineCancelled]
    stub.release.set()
    assert stub.disconnected.wait(10), "the connection to the server was not closed"
    stub.reply = Reply()
    assert "".join(engine.stream_chat(ASK)) == "Hello, world"


def test_cancel_while_the_server_has_not_answered_yet_stops_the_request(
    stub: StubServer,
) -> None:
    stub.reply = Reply(stall_before_headers=True)
    engine = engine_for(stub.url())
    errors: list[BaseException] = []
    thread = _consume_in_thread(engine, [], errors)
    _wait_for(lambda: len(stub.received) == 1)

    engine.cancel()
    thread.join(10)

    assert not thread.is_alive()
    assert [type(e) for e in errors] == [EngineCancelled]


def test_cancel_before_the_first_fragment_sends_nothing(stub: StubServer) -> None:
    engine = engine_for(stub.url())
    fragments = engine.stream_chat(ASK)
    engine.cancel()
    with pytest.raises(EngineCancelled):
        next(fragments)
    assert stub.received == []


def test_closing_the_iterator_early_frees_the_engine(stub: StubServer) -> None:
    stub.reply = Reply(fragments=["a", "b", "c", "d"])
    engine = engine_for(stub.url())
    fragments = engine.stream_chat(ASK)
    assert next(fragments) == "a"
    fragments.close()  # type: ignore[attr-defined]
    assert "".join(engine.stream_chat(ASK)) == "abcd"


def test_a_second_request_while_one_runs_is_refused(stub: StubServer) -> None:
    engine = engine_for(stub.url())
    first = engine.stream_chat(ASK)
    assert next(first) == "Hello"
    with pytest.raises(EngineError, match="busy"):
        next(engine.stream_chat(ASK))
    first.close()  # type: ignore[attr-defined]


def test_list_models_asks_the_server_what_it_serves(stub: StubServer) -> None:
    stub.models = ["qwen2.5-coder-32b", "llama-3.1-8b"]
    assert engine_for(stub.url()).list_models() == ["qwen2.5-coder-32b", "llama-3.1-8b"]
    assert stub.received[-1].path == "/v1/models"


# -- TLS ------------------------------------------------------------------------------------


@pytest.fixture
def tls_stub(tmp_path: Path) -> Iterator[tuple[StubServer, Path]]:
    certs = make_certs(tmp_path)
    with serve(certfile=certs.cert, keyfile=certs.key) as server:
        yield server, certs.ca


def test_tls_with_the_company_ca_bundle_works(tls_stub: tuple[StubServer, Path]) -> None:
    server, ca = tls_stub
    engine = engine_for(server.url(scheme="https"), ca_bundle=ca)
    assert "".join(engine.stream_chat(ASK)) == "Hello, world"


def test_tls_checks_the_certificate_against_the_host_name_not_the_address(
    tls_stub: tuple[StubServer, Path],
) -> None:
    server, ca = tls_stub
    # "localhost" may resolve to ::1 first, where nothing listens: the next address is tried.
    engine = engine_for(server.url(host="localhost", scheme="https"), ca_bundle=ca)
    assert "".join(engine.stream_chat(ASK)) == "Hello, world"
    assert server.received[-1].headers["host"] == f"localhost:{server.port}"


def test_tls_without_the_ca_bundle_is_refused_with_a_hint(
    tls_stub: tuple[StubServer, Path],
) -> None:
    server, _ = tls_stub
    with pytest.raises(EndpointUnreachable, match=r"not trusted.*--ca-bundle"):
        list(engine_for(server.url(scheme="https")).stream_chat(ASK))


# -- where the engine may connect -----------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record (and refuse) any name lookup or connection: nothing may leave this machine."""
    attempts: list[str] = []

    def refuse(what: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{what} {args[:2]!r}")
            raise AssertionError(f"unexpected {what}")

        return call

    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    return attempts


def test_a_public_address_is_refused_without_any_connection_attempt(
    no_network: list[str],
) -> None:
    engine = engine_for("http://93.184.216.34")
    with pytest.raises(EndpointNotAllowed, match=r"allow-host 93\.184\.216\.34"):
        list(engine.stream_chat(ASK))
    with pytest.raises(EndpointNotAllowed):
        engine.list_models()
    assert no_network == []


def test_a_name_that_now_resolves_to_a_public_address_is_refused_at_connect(
    no_network: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Configured while it pointed at a private address; the DNS answer has changed since.
    def resolve(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        assert host == "llm.corp.example"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]

    monkeypatch.setattr("app.llm.endpoints.socket.getaddrinfo", resolve)
    engine = engine_for("http://llm.corp.example:8000")
    with pytest.raises(EndpointNotAllowed, match=r"llm.corp.example is a public address"):
        list(engine.stream_chat(ASK))
    assert no_network == []


def test_a_name_is_connected_to_the_address_that_was_checked(
    stub: StubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = socket.getaddrinfo
    names: list[str] = []

    def resolve(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        names.append(host)
        if host == "llm.corp.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    engine = engine_for(f"http://llm.corp.example:{stub.port}")
    assert "".join(engine.stream_chat(ASK)) == "Hello, world"
    assert stub.received[-1].headers["host"] == f"llm.corp.example:{stub.port}"
    assert names.count("llm.corp.example") == 1  # resolved once, by the check; then the address


# -- server-sent events ---------------------------------------------------------------------


def test_sse_data_joins_multi_line_events_and_skips_comments() -> None:
    lines = [": ping", 'data: {"a":', "data: 1}", "", "event: x", "data:[DONE]"]
    assert list(sse_data(lines)) == ['{"a":\n1}', "[DONE]"]


def _wait_for(condition: Any) -> None:
    done = threading.Event()
    for _ in range(400):
        if condition():
            return
        done.wait(0.025)
    raise AssertionError("condition not reached")
