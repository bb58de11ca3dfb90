"""Measure how fast a review runs.

    .venv/bin/python -m bench.review_speed              # deterministic stages + a full review
    .venv/bin/python -m bench.review_speed --no-model   # deterministic stages only
    .venv/bin/python -m bench.review_speed --real-only  # only 3. (real code against bandit)

1. Deterministic stages (hostile input, scanners, taint, policy) over every code file of the
   labelled corpus (tests/corpus), reviewed together under the web-api threat model, repeated;
   goal >= 300 files/s.
2. A full review (all stages, the default model at its configured threads) of one 200-line
   Python file built from corpus handlers, with the model already loaded (as the desktop app
   loads it at start-up; the load is printed separately) and nothing of this file or its
   threat model in the engine's cache; goal <= 15 s. It runs --reviews times (3), each with
   a freshly started engine, and reports the median: the VM this was built on changes speed by
   a third within minutes, and one run is one sample of that.
3. Real code: pip's own `_internal` package, from the running interpreter's site-packages
   (161 files, 35k lines with pip 26.3): bandit alone, as its own CLI runs it (`python -m
   bandit -r -q -f json DIR`, a subprocess, wall time: what a bandit user waits for,
   interpreter start included), then Airlock's deterministic review of the same files
   (`run_review`, no threat model; then again under the web-api template), wall time in
   this process, its modules loaded beforehand (a one-file review) as in the desktop app.
   The ratio is bandit's time divided by Airlock's (goal >= 0.5, in the end >= 1.0: Airlock
   does bandit's work and more). The web-api run also counts, stage by stage, the files each
   stage went through, so that a file skipped without a word would show. --real-runs N
   repeats the three N times and reports medians. Without pip: said so, NA.

4. A mixed-language project of 50 files from the dev corpus (10 each of Python,
   JavaScript/TypeScript, Java, Go and C#), reviewed by the deterministic stages with and without
   the semgrep stage, alternately, --mixed-runs times (3): the median difference is what the
   semgrep stage adds (goal <= 3 s).

Last line: RESULT scan_files_per_s=<x> full_review_s=<median> real_code_ratio=<bandit s /
Airlock s> semgrep_extra_s=<median s>  (NA for a part that did not run)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `app` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.review import DETERMINISTIC, STAGE_GROUPS, ReviewOptions, ReviewOutcome, run_review
from app.core.sources import SourceFile, collect_sources
from app.core.threat_model import load_template
from app.llm.engine import Progress
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


def _print_where_the_time_went(outcome: ReviewOutcome, label: str = "stages") -> None:
    stages = ", ".join(f"{name} {sec:.2f} s" for name, sec in outcome.stage_seconds.items())
    print(f"  {label}: {stages}")
    stats = outcome.model_stats
    if stats is None:
        return
    for number, timing in enumerate(stats.timings, start=1):
        print(f"  model request {number}: {timing.get('prompt_tokens')} prompt tokens"
              f" ({timing.get('cached_tokens')} cached), first token after"
              f" {timing.get('ttft_s')} s, {timing.get('completion_tokens')} tokens,"
              f" {timing.get('total_s')} s")  # fmt: skip


def pip_internal() -> Path | None:
    """pip's `_internal` package of the running interpreter, or None when there is none."""
    spec = importlib.util.find_spec("pip")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "_internal"
    return folder if folder.is_dir() else None


@dataclass
class BanditRun:
    seconds: float
    files: int  # files bandit reports metrics for
    issues: int
    errors: int


def bandit_alone(folder: Path) -> BanditRun:
    """bandit's own CLI over `folder` in a subprocess: what a user of bandit waits for."""
    command = [sys.executable, "-m", "bandit", "-r", "-q", "-f", "json", str(folder)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: issues found
        raise BenchError(f"bandit failed ({done.returncode}): {done.stderr.strip()[-300:]}")
    report = json.loads(done.stdout)
    files = sum(1 for name in report.get("metrics", {}) if name != "_totals")
    return BanditRun(seconds, files, len(report["results"]), len(report["errors"]))


_FILE_EVENT = re.compile(r"^(?P<stage>.+): (?P<done>\d+)/(?P<total>\d+) files$")


@dataclass
class FileCounts:
    """Per stage, the files it announced (`on_file(done, total)` before each file)."""

    seen: dict[str, set[int]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)

    def __call__(self, event: Progress) -> None:
        match = _FILE_EVENT.match(event.message)
        if match is None:
            return
        stage = match["stage"]
        self.seen.setdefault(stage, set()).add(int(match["done"]))
        self.totals[stage] = int(match["total"])

    def summary(self) -> str:
        return ", ".join(
            f"{stage} {len(self.seen[stage])}/{total}" for stage, total in self.totals.items()
        )

    def complete(self) -> bool:
        return all(len(self.seen[stage]) == total for stage, total in self.totals.items())


@contextmanager
def every_file_reported() -> Iterator[None]:
    """Pass on every file event (normally a few a second at most): a few hundred calls."""
    import app.core.review as review
    import app.scan.offload as offload

    saved = review.FILE_PROGRESS_INTERVAL_S, offload.PROGRESS_SECONDS
    review.FILE_PROGRESS_INTERVAL_S, offload.PROGRESS_SECONDS = 0.0, 0.0
    try:
        yield
    finally:
        review.FILE_PROGRESS_INTERVAL_S, offload.PROGRESS_SECONDS = saved


def timed_review(
    files: list[SourceFile], template: str | None, counts: FileCounts | None = None
) -> tuple[float, ReviewOutcome]:
    threat_model = load_template(template) if template else None
    options = ReviewOptions(stages=DETERMINISTIC)
    started = time.perf_counter()
    if counts is None:
        outcome = run_review(files, threat_model, options=options)
    else:
        with every_file_reported():
            outcome = run_review(files, threat_model, options=options, progress=counts)
    return time.perf_counter() - started, outcome


def real_code(runs: int) -> str:
    """Part 3; the ratio as printed on the RESULT line ("NA" when it could not run)."""
    folder = pip_internal()
    if folder is None:
        print("real code: pip is not installed in this interpreter: NA")
        return "NA"
    collected = collect_sources([folder])
    files = collected.files
    on_disk = sum(1 for path in folder.rglob("*.py") if "__pycache__" not in path.parts)
    lines = sum(len(f.lines) for f in files)
    print(f"real code: {folder} ({len(files)} files read of {on_disk} .py on disk, "
          f"{lines:,} lines, {len(collected.warnings)} reading warnings)")  # fmt: skip
    timed_review(files[:1], None)  # load Airlock's modules first, as the desktop app has
    ratios: list[float] = []
    bandit_s: list[float] = []
    airlock_s: list[float] = []
    web_s: list[float] = []
    for number in range(1, runs + 1):
        try:
            bandit = bandit_alone(folder)
        except (BenchError, OSError, ValueError) as exc:
            print(f"bandit alone could not run: {exc}: NA")
            return "NA"
        seconds, outcome = timed_review(files, None)
        counts = FileCounts()
        web, web_outcome = timed_review(files, "web-api", counts)
        ratios.append(bandit.seconds / seconds)
        bandit_s.append(bandit.seconds)
        airlock_s.append(seconds)
        web_s.append(web)
        print(f"run {number}: bandit alone {bandit.seconds:.2f} s ({bandit.files} files, "
              f"{bandit.issues} issues, {bandit.errors} errors); Airlock deterministic "
              f"{seconds:.2f} s ({len(outcome.findings)} findings, {len(outcome.warnings)} "
              f"warnings), web-api {web:.2f} s; ratio {bandit.seconds / seconds:.2f}")  # fmt: skip
        _print_where_the_time_went(outcome)
        _print_where_the_time_went(web_outcome, "stages (web-api)")
        print(f"  files each stage went through (web-api run): {counts.summary()}")
        if not counts.complete() or bandit.files != len(files):
            print("  NOT EVERY FILE WAS REVIEWED: see the counts above")
        for warning in web_outcome.warnings:
            print(f"  warning: {warning.kind} {warning.file or ''} {warning.message}")
    ratio = statistics.median(ratios)
    print(f"real code, median of {runs}: bandit alone {statistics.median(bandit_s):.2f} s, "
          f"Airlock {statistics.median(airlock_s):.2f} s (web-api {statistics.median(web_s):.2f}"
          f" s): ratio {ratio:.2f} (goal >= 0.5, then >= 1.0)")  # fmt: skip
    return f"{ratio:.2f}"


MIXED_SUFFIXES = ((".py",), (".js", ".ts"), (".java",), (".go",), (".cs",))


def mixed_project(per_language: int = 10) -> list[SourceFile]:
    """`per_language` files of each language from the dev corpus, neutrally renamed."""
    files = collect_sources([CORPUS]).files
    chosen: list[SourceFile] = []
    for suffixes in MIXED_SUFFIXES:
        of_language = sorted((f for f in files if f.path.endswith(suffixes)), key=lambda f: f.path)
        for number, file in enumerate(of_language[:per_language]):
            name = f"src/file{len(chosen) + number:02d}{Path(file.path).suffix}"
            chosen.append(SourceFile(name, file.language, file.text))
    return chosen


@contextmanager
def without_semgrep() -> Iterator[None]:
    """The scanner stages minus semgrep's, for this benchmark's comparison only."""
    import app.scan.scanners as scanners
    from app.scan.semgrep import SemgrepStage

    original = scanners.scanner_stages
    scanners.scanner_stages = lambda: [  # type: ignore[assignment]
        stage for stage in original() if not isinstance(stage, SemgrepStage)
    ]
    try:
        yield
    finally:
        scanners.scanner_stages = original


def semgrep_extra(runs: int) -> str:
    """Part 4: the median extra wall time of the semgrep stage on a 50-file mixed project."""
    files = mixed_project()
    options = ReviewOptions(stages=DETERMINISTIC)
    run_review(files[:1], None, options=options)  # modules loaded, as in the app
    extra: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        with without_semgrep():
            run_review(files, None, options=options)
        without = time.perf_counter() - started
        started = time.perf_counter()
        outcome = run_review(files, None, options=options)
        with_semgrep = time.perf_counter() - started
        extra.append(with_semgrep - without)
        found = sum(1 for f in outcome.findings if "semgrep" in f.sources)
        print(f"mixed project, {len(files)} files: {without:.2f} s without semgrep, "
              f"{with_semgrep:.2f} s with it ({found} of its findings)")  # fmt: skip
    median = statistics.median(extra)
    print(f"semgrep stage adds {median:.2f} s, median of {runs} (goal <= 3 s)")
    return f"{median:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-model", action="store_true", help="skip the full review")
    parser.add_argument(
        "--real-only", action="store_true", help="only the real-code comparison with bandit"
    )
    parser.add_argument("--repeats", type=int, default=3, help="passes over the corpus")
    parser.add_argument(
        "--reviews", type=int, default=3, help="full reviews, each with a fresh engine (median)"
    )
    parser.add_argument(
        "--real-runs", type=int, default=1, help="real-code rounds (bandit, Airlock; median)"
    )
    parser.add_argument(
        "--mixed-runs", type=int, default=3, help="mixed-language rounds, with and without semgrep"
    )
    args = parser.parse_args(argv)
    rate = "NA"
    full = "NA"
    if not args.real_only:
        files = corpus_files()
        per_s = scan_rate(files, args.repeats)
        rate = f"{per_s:.1f}"
        print(f"deterministic stages: {len(files)} files x {args.repeats}: {per_s:.0f} files/s "
              "(goal >= 300)")  # fmt: skip
    if not args.no_model and not args.real_only:
        try:
            seconds = full_reviews(two_hundred_line_file(files), max(1, args.reviews))
        except BenchError as exc:
            print(f"full review skipped: {exc}")
        else:
            median = statistics.median(seconds)
            full = f"{median:.2f}"
            print(f"full review of a 200-line Python file, median of {len(seconds)}: "
                  f"{median:.2f} s (goal <= 15 s)")  # fmt: skip
    ratio = real_code(max(1, args.real_runs))
    extra = "NA" if args.real_only else semgrep_extra(max(1, args.mixed_runs))
    print(
        f"RESULT scan_files_per_s={rate} full_review_s={full} real_code_ratio={ratio} "
        f"semgrep_extra_s={extra}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
