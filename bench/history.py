"""Benchmark: full-text search over a large history, and opening the history view.

    .venv/bin/python bench/history.py            # --reviews 5000 --findings 100000 --rounds 5

Fills a fresh database (in a temporary AIRLOCK_HOME, never the user's) with 5,000 reviews
holding 100,000 findings, plus 1,000 generation sessions with their code (4 files each) and
questions, all through the real schema and its FTS triggers. Then:
  - search: a fixed mix of queries (words, "phrases", prefix*, nonsense that must not crash,
    and each filter alone and combined), each run `rounds` times through the same call as
    `airlock history search` (app.core.history.search_history, limit 50); p50 and p95 over
    all runs; goal p95 <= 50 ms;
  - opening the history view: loading the first page (200 newest sessions and reviews) the
    way the view's job does, and filling the real HistoryView table with it (Qt offscreen),
    median of `rounds`.
The data are random but seeded, so every run builds the same database.
The last line is machine-readable: RESULT search_p50_ms=<x> search_p95_ms=<x>
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: make `app` importable
    sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from app.core.history import SearchRequest, search_history  # noqa: E402
from app.store.db import open_database, transaction  # noqa: E402

# (title, CWE, rule id, sink, fix): the kinds of weakness a review reports.
WEAKNESSES = (
    ("SQL injection", 89, "airlock.taint.sql-injection", "cursor.execute",
     "pass the value as a bound parameter"),
    ("Path traversal", 22, "airlock.taint.path-traversal", "open",
     "resolve the path and check it stays inside the upload folder"),
    ("Command injection", 78, "airlock.taint.command-injection", "subprocess.run",
     "pass an argument list and never shell=True"),
    ("Cross-site scripting", 79, "airlock.taint.xss", "render_template_string",
     "escape the value or use a template with autoescaping"),
    ("Hard-coded secret", 798, "detect-secrets.secret-keyword", "SECRET_KEY",
     "read the secret from the environment"),
    ("Weak password hash", 916, "airlock.policy.crypto", "hashlib.md5",
     "hash passwords with argon2 or bcrypt"),
    ("Debug mode on", 489, "bandit.B201", "app.run",
     "turn debug off outside development"),
    ("Missing authentication", 306, "airlock.policy.auth", "route",
     "require a signed-in user on this route"),
    ("Unrestricted file upload", 434, "airlock.policy.upload", "save",
     "check the extension and the size before saving"),
    ("Server-side request forgery", 918, "airlock.taint.ssrf", "requests.get",
     "allow only known hosts"),
    ("Insecure deserialization", 502, "bandit.B301", "pickle.loads",
     "parse JSON instead of unpickling client data"),
    ("Open redirect", 601, "airlock.taint.open-redirect", "redirect",
     "redirect only to relative paths of this site"),
    ("Sensitive data in logs", 532, "airlock.policy.logging", "log.info",
     "leave the password and token out of log lines"),
    ("Stack trace exposed", 209, "airlock.policy.errors", "traceback.format_exc",
     "return a generic error and log the detail"),
    ("XML external entity", 611, "bandit.B320", "etree.parse",
     "parse with defusedxml"),
    ("Insecure temporary file", 377, "bandit.B108", "tempfile.mktemp",
     "use tempfile.NamedTemporaryFile"),
)  # fmt: skip
SEVERITIES = (("critical", 3), ("high", 17), ("medium", 40), ("low", 30), ("info", 10))
STATUSES = (("open", 80), ("fixed", 10), ("accepted", 6), ("false_positive", 4))
SOURCES = ("taint", "bandit", "airlock-rules", "detect-secrets", "policy:file_upload",
           "policy:authentication", "model:qwen2.5-coder-0.5b")  # fmt: skip
ORIGINS = ("request.args", "request.form", "request.json", "request.files", "request.cookies",
           "os.environ", "sys.argv", "request.headers")  # fmt: skip
NOUNS = ("user", "order", "invoice", "picture", "profile", "report", "customer", "account",
         "payment", "session", "token", "document", "message", "comment", "product",
         "basket", "address", "avatar", "export", "backup", "tenant", "webhook", "ticket",
         "audit")  # fmt: skip
VERBS = ("upload", "download", "search", "list", "delete", "update", "export", "import",
         "share", "approve", "render", "sign", "verify", "archive", "resize", "notify")  # fmt: skip
ASSETS = ("customer records are confidential", "user photos are personal data",
          "session cookies are credentials", "payment details are restricted",
          "internal hosts must not be reachable", "audit logs must stay intact")  # fmt: skip
YEAR = 365 * 24 * 3600
FRAMEWORKS = ("Flask endpoint", "FastAPI route", "Django view", "CLI command", "worker task")


@dataclass(frozen=True)
class Sizes:
    projects: int = 20
    sessions: int = 1000
    reviews: int = 5000
    findings: int = 100_000


def weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def identifier(rng: random.Random) -> str:
    # Many distinct identifiers, as real code has: the index must not be a toy vocabulary.
    suffix = rng.choice(("id", "name", "path", "url", "data"))
    return f"{rng.choice(NOUNS)}_{suffix}{rng.randint(0, 999)}"


def stamps(rng: random.Random, count: int) -> list[datetime]:
    """`count` times in 2026, in order: ids grow with time, as in a real history."""
    year = datetime(2026, 1, 1, tzinfo=UTC)
    return [year + timedelta(seconds=s) for s in sorted(rng.randrange(YEAR) for _ in range(count))]


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def request_text(rng: random.Random) -> str:
    noun, other = rng.sample(NOUNS, 2)
    return (
        f"A {rng.choice(FRAMEWORKS)} that lets a signed-in {noun} {rng.choice(VERBS)} their"
        f" {other} files, with {rng.choice(VERBS)} by {identifier(rng)}"
    )


def code_text(rng: random.Random, lines: int = 40) -> str:
    body = ["import os", "from flask import Flask, request", "", "app = Flask(__name__)", ""]
    while len(body) < lines:
        name, sink = identifier(rng), rng.choice(WEAKNESSES)[3]
        body += [
            f"@app.route('/{rng.choice(NOUNS)}/{rng.choice(VERBS)}', methods=['POST'])",
            f"def {rng.choice(VERBS)}_{name}():",
            f"    {name} = {rng.choice(ORIGINS)}.get('{rng.choice(NOUNS)}')",
            f"    return {sink}({name})",
            "",
        ]
    return "\n".join(body) + "\n"


def finding_row(rng: random.Random, review_id: int, created: str) -> list[object]:
    title, cwe, rule, sink, fix = rng.choice(WEAKNESSES)
    name, origin = identifier(rng), rng.choice(ORIGINS)
    line = rng.randint(1, 400)
    sources = sorted(set(rng.sample(SOURCES, rng.choice((1, 1, 2)))))
    path = f"{rng.choice(NOUNS)}/{rng.choice(VERBS)}_{rng.choice(NOUNS)}.py"
    return [
        review_id, rule, title, json.dumps([cwe]), weighted(rng, SEVERITIES),
        rng.choice(("high", "medium", "low")), json.dumps(sources), path, line, line,
        f"{sink}({name})", f"{origin}['{name}'] (line {line - 2}) reaches {sink}",
        rng.choice(ASSETS), fix, f"{review_id:x}{line:x}{rng.getrandbits(48):x}",
        weighted(rng, STATUSES), created,
    ]  # fmt: skip


def fill(db: sqlite_utils.Database, sizes: Sizes, seed: int = 7) -> None:
    """Write the whole history in one transaction, through the schema's FTS triggers.

    Reviews are spread over the year; every `reviews // sessions`-th one reviews a
    generation session of the same project, opened a minute before it.
    """
    rng = random.Random(seed)
    every = max(1, sizes.reviews // max(1, sizes.sessions))
    projects = [rng.randint(1, sizes.projects) for _ in range(sizes.reviews)]
    times = stamps(rng, sizes.reviews)
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO projects (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
            [(p, f"project-{p}", "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00")
             for p in range(1, sizes.projects + 1)],
        )  # fmt: skip
        sessions = [
            (index // every + 1, projects[index], times[index] - timedelta(minutes=1))
            for index in range(0, sizes.reviews, every)
        ][: sizes.sessions]
        fill_sessions(db, rng, sessions)
        session_of = {index * every: sid for index, (sid, _, _) in enumerate(sessions)}
        fill_reviews(db, rng, sizes, projects, times, session_of)


def fill_sessions(
    db: sqlite_utils.Database, rng: random.Random, sessions: list[tuple[int, int, datetime]]
) -> None:
    rows, code = [], []
    for sid, project, created in sessions:
        questions = [
            {
                "id": "auth",
                "question": "Who may call it?",
                "answer": "signed-in users",
                "answered_by": "user",
                "requirement": f"require {rng.choice(NOUNS)} login",
            }
        ]
        rows.append((sid, project, request_text(rng), json.dumps(questions), iso(created)))
        for version in (1, 2):
            for index in range(2):
                path = f"{rng.choice(NOUNS)}_{rng.choice(VERBS)}_{index}.py"
                code.append((project, sid, version, path, code_text(rng), iso(created)))
    db.conn.executemany(
        "INSERT INTO sessions (id, project_id, request, questions, status, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, 'reviewed', ?, ?5)",
        rows,
    )
    db.conn.executemany(
        "INSERT INTO code_artifacts (project_id, session_id, version, path, language, content,"
        " sha256, origin, created_at) VALUES (?, ?, ?, ?, 'python', ?, 'x', 'generated', ?)",
        code,
    )


def fill_reviews(
    db: sqlite_utils.Database,
    rng: random.Random,
    sizes: Sizes,
    projects: list[int],
    times: list[datetime],
    session_of: dict[int, int],
) -> None:
    per_review = sizes.findings // sizes.reviews
    reviews, findings = [], []
    for index in range(sizes.reviews):
        rid, started, session = index + 1, iso(times[index]), session_of.get(index)
        target = f"session {session} v1" if session else f"src/{rng.choice(NOUNS)}, tests"
        reviews.append((rid, projects[index], session, target, started))
        findings.extend(finding_row(rng, rid, started) for _ in range(per_review))
    db.conn.executemany(
        "INSERT INTO reviews (id, project_id, session_id, target, status, app_version,"
        " started_at) VALUES (?, ?, ?, ?, 'complete', '0.1.0', ?)",
        reviews,
    )
    db.conn.executemany(
        "INSERT INTO findings (review_id, rule_id, title, cwe, severity, confidence, sources,"
        " file, start_line, end_line, snippet, message, why, fix, fingerprint, status,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        findings,
    )


def queries() -> list[SearchRequest]:
    """What people would type: words, phrases, prefixes, junk, and every filter."""
    texts = [
        "injection", "sql injection", "upload", "password hash", "traversal filename",
        "customer records", "subprocess", "redirect relative", "secret environment",
        "request", "picture profile", "webhook", "invoice_id42", "defusedxml",
        '"sql injection"', '"path traversal"', '"bound parameter"', '"request.args"',
        '"signed-in user"', "inject*", "travers*", "pass*", "upl*", "deserial*", "tok*",
        "zzzzunknown", "AND OR NOT", '"unbalanced quote', ':^*-( NEAR', "C++ <script>",
    ]  # fmt: skip
    filtered = [
        SearchRequest("injection", severities=["high", "critical"]),
        SearchRequest("upload", project="project-3"),
        SearchRequest("secret", cwes=["CWE-798"]),
        SearchRequest("md5", sources=["bandit"]),
        SearchRequest("injection", statuses=["open"], since="2026-06-01"),
        SearchRequest("request", project="project-7", severities=["critical"]),
        SearchRequest("", severities=["critical"]),
        SearchRequest("", project="project-1", cwes=["89"]),
        SearchRequest("", sources=["model"], statuses=["false_positive"]),
        SearchRequest("redirect", kinds=["code"], since="2026-03-01", until="2026-03-31"),
        SearchRequest("upload", project="project-3", since="2026-12-01"),
        SearchRequest("injection", since="2026-05-05", until="2026-05-05"),
    ]
    return [SearchRequest(text) for text in texts] + filtered


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def measure_search(
    db: sqlite_utils.Database, rounds: int
) -> list[tuple[SearchRequest, list[float]]]:
    """Milliseconds of each run of each query, the queries interleaved round by round."""
    requests = queries()
    for request in requests:  # warm the page cache, as a running app has it
        search_history(db, request)
    times: list[list[float]] = [[] for _ in requests]
    for _ in range(rounds):
        for runs, request in zip(times, requests, strict=True):
            runs.append(timed(lambda r=request: search_history(db, r)))
    return list(zip(requests, times, strict=True))


def describe(request: SearchRequest) -> str:
    filters = {k: v for k, v in vars(request).items() if v and k not in ("text", "limit")}
    shown = ", ".join(f"{k}={v if isinstance(v, str) else ','.join(v)}" for k, v in filters.items())
    return f"{request.text!r}" + (f" [{shown}]" if shown else "")


def measure_open(rounds: int) -> tuple[float, float]:
    """Median ms to load the first page, and to fill the view's table with it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.ui.history_view import HistoryView, load_history
    from app.ui.workers import TaskRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    runner = TaskRunner()
    view = HistoryView(runner)
    view.resize(1200, 800)
    view.show()
    load, show = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        entries = load_history()
        load.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        view.show_entries(entries)
        app.processEvents()  # lay out and paint the table, as the window would
        show.append((time.perf_counter() - started) * 1000)
    view.close()
    runner.shutdown()
    return statistics.median(load), statistics.median(show)


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python"
        f" {platform.python_version()}, SQLite {sqlite3.sqlite_version}; load average {load:.2f}"
    )


@contextlib.contextmanager
def scratch_home() -> Iterator[Path]:
    """A temporary AIRLOCK_HOME, so the benchmark never touches the user's history."""
    with tempfile.TemporaryDirectory(prefix="airlock-bench-history-") as folder:
        previous = os.environ.get("AIRLOCK_HOME")
        os.environ["AIRLOCK_HOME"] = folder
        try:
            yield Path(folder)
        finally:
            if previous is None:
                os.environ.pop("AIRLOCK_HOME", None)
            else:
                os.environ["AIRLOCK_HOME"] = previous


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=Sizes.reviews)
    parser.add_argument("--findings", type=int, default=Sizes.findings)
    parser.add_argument("--sessions", type=int, default=Sizes.sessions)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-gui", action="store_true", help="Skip opening the history view.")
    args = parser.parse_args(argv)
    sizes = Sizes(sessions=min(args.sessions, args.reviews), reviews=args.reviews,
                  findings=args.findings)  # fmt: skip
    print(machine())
    with scratch_home():
        db = open_database()
        fill_ms = timed(lambda: fill(db, sizes))
        print(f"filled {sizes.reviews} reviews, {sizes.findings} findings, {sizes.sessions}"
              f" sessions ({sizes.sessions * 4} code files) in {fill_ms / 1000:.1f} s")  # fmt: skip
        by_query = measure_search(db, args.rounds)
        times = [ms for _, runs in by_query for ms in runs]
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        slowest = sorted(by_query, key=lambda item: -statistics.median(item[1]))[:5]
        for request, runs in slowest:
            print(f"  slowest: {statistics.median(runs):5.1f} ms  {describe(request)}")
        print(f"search: {len(times)} queries ({len(times) // args.rounds} x {args.rounds}),"
              f" p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(times):.1f} ms"
              " (goal p95 <= 50 ms)")  # fmt: skip
        if not args.no_gui:
            load_ms, show_ms = measure_open(args.rounds)
            print(f"open history view (first page of 200): load {load_ms:.1f} ms + table"
                  f" {show_ms:.1f} ms = {load_ms + show_ms:.1f} ms")  # fmt: skip
        db.close()
    print(machine())
    print(f"RESULT search_p50_ms={p50:.1f} search_p95_ms={p95:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
