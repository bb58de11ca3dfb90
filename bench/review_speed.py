"""Measure how fast a review runs.

    .venv/bin/python -m bench.review_speed              # deterministic stages + a full review
    .venv/bin/python -m bench.review_speed --no-model   # deterministic stages only

1. Deterministic stages (hostile input, scanners, taint, policy) over every code file of the
   labelled corpus (tests/corpus), reviewed together under the web-api threat model, repeated;
   goal >= 300 files/s.
2. A full review (all stages, the default model at its configured threads) of one 200-line
   Python file built from corpus handlers, with the model already loaded (as the desktop app
   loads it at start-up; the load is printed separately) and nothing of this file or its
   threat model in the engine's cache; goal <= 15 s. It runs --reviews times (3), each with
   a freshly started engine, and reports the median: the VM this was built on changes speed by
   a third within minutes, and one run is one sample of that.

Last line: RESULT scan_files_per_s=<x> full_review_s=<median>  (NA when the model did not run)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `app` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.review import DETERMINISTIC, STAGE_GROUPS, ReviewOptions, ReviewOutcome, run_review
from app.core.sources import SourceFile, collect_sources
from app.core.threat_model import load_template
from bench.review_quality import BenchError, open_model

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "dev"


def corpus_files() -> list[SourceFile]:
    return [f for f in collect_sources([CORPUS]).files if not f.path.endswith(".yaml")]


def scan_rate(files: list[SourceFile], repeats: int) -> float:
    threat_model = load_template("web-api")
    options = ReviewOptions(stages=DETERMINISTIC)
    run_review(files[:5], threat_model, options=options)  # warm imports and rule loading
    started = time.perf_counter()
    for _ in range(repeats):
        run_review(files, threat_model, options=options)
    return len(files) * repeats / (time.perf_counter() - started)


def two_hundred_line_file(files: list[SourceFile]) -> SourceFile:
    lines: list[str] = []
    for file in (f for f in files if f.language == "python"):
        lines.extend(file.lines)
        if len(lines) >= 200:
            break
    return SourceFile("service.py", "python", "\n".join(lines[:200]) + "\n")


def full_review_seconds(file: SourceFile) -> tuple[float, float]:
    """(seconds to start the engine and load the model, seconds for the review).

    The model is loaded first, as the desktop app does in the background at start-up; the
    review is then timed from the first stage to the merged findings with nothing about this
    file or its threat model in the engine's cache.
    """
    handle = open_model(None)
    try:
        loading = time.perf_counter()
        start = getattr(handle.engine, "start", None)
        if callable(start):
            start()
        load_seconds = time.perf_counter() - loading
        started = time.perf_counter()
        outcome = run_review(
            [file],
            load_template("web-api"),
            options=ReviewOptions(stages=frozenset(STAGE_GROUPS)),
            engine=handle.engine,
            model_id=handle.model_id,
        )
        seconds = time.perf_counter() - started
        _print_where_the_time_went(outcome)
        return load_seconds, seconds
    finally:
        handle.engine.close()


def full_reviews(file: SourceFile, count: int) -> list[float]:
    """Seconds of each of `count` full reviews, every one with a freshly started engine."""
    seconds = []
    for number in range(1, count + 1):
        load, review = full_review_seconds(file)
        print(f"full review {number}: {review:.2f} s "
              f"(engine start and model load before it: {load:.2f} s)")  # fmt: skip
        seconds.append(review)
    return seconds


def _print_where_the_time_went(outcome: ReviewOutcome) -> None:
    stages = ", ".join(f"{name} {sec:.2f} s" for name, sec in outcome.stage_seconds.items())
    print(f"  stages: {stages}")
    stats = outcome.model_stats
    if stats is None:
        return
    for number, timing in enumerate(stats.timings, start=1):
        print(f"  model request {number}: {timing.get('prompt_tokens')} prompt tokens"
              f" ({timing.get('cached_tokens')} cached), first token after"
              f" {timing.get('ttft_s')} s, {timing.get('completion_tokens')} tokens,"
              f" {timing.get('total_s')} s")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-model", action="store_true", help="skip the full review")
    parser.add_argument("--repeats", type=int, default=3, help="passes over the corpus")
    parser.add_argument(
        "--reviews", type=int, default=3, help="full reviews, each with a fresh engine (median)"
    )
    args = parser.parse_args(argv)
    files = corpus_files()
    rate = scan_rate(files, args.repeats)
    print(f"deterministic stages: {len(files)} files x {args.repeats}: {rate:.0f} files/s "
          "(goal >= 300)")  # fmt: skip
    full = "NA"
    if not args.no_model:
        try:
            seconds = full_reviews(two_hundred_line_file(files), max(1, args.reviews))
        except BenchError as exc:
            print(f"full review skipped: {exc}")
        else:
            median = statistics.median(seconds)
            full = f"{median:.2f}"
            print(f"full review of a 200-line Python file, median of {len(seconds)}: "
                  f"{median:.2f} s (goal <= 15 s)")  # fmt: skip
    print(f"RESULT scan_files_per_s={rate:.1f} full_review_s={full}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
