"""The fuzzers at full length: 10,000 examples each, where CI runs 1,000 or fewer.

    .venv/bin/python bench/fuzz.py            # --examples 10000 --reviews 1000

The properties are the CI tests' own (tests/hardening/test_fuzz_*.py):
  - answers: parse_answer on model answers (truncated, huge, wrong format, unicode, injection
    text) never raises and gives clean, bounded claims;
  - replies: code extraction from model replies never raises and names only safe paths;
  - documents: threat-model text (random YAML/JSON, tags, odd scalars) loads or fails with a
    ThreatModelError naming the file, nothing else;
  - reviews: a review whose model answers fuzzed text keeps every deterministic finding at
    its severity, and its SARIF validates against the SARIF 2.1.0 schema.
Hypothesis keeps no example database here (database=None): each run draws afresh, from a
seed printed so that a failure can be replayed with --seed.

Last line: RESULT answers=<n> replies=<n> documents=<n> reviews=<n> failures=<n>
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: make `app` and `tests` importable
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("AIRLOCK_ALLOW_FAKE_ENGINE", "1")  # the reviews' model is a FakeEngine

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from app import __version__  # noqa: E402
from app.core.sarif import findings_to_sarif  # noqa: E402
from app.core.threat_model import load_template  # noqa: E402
from tests.hardening.fuzz_strategies import answers, replies, yaml_texts  # noqa: E402
from tests.hardening.review_invariants import record_deterministic  # noqa: E402
from tests.hardening.test_fuzz_documents import check_document  # noqa: E402
from tests.hardening.test_fuzz_model_output import (  # noqa: E402
    check_answer,
    check_reply,
    check_review,
    corpus_files,
)
from tests.sarif.test_sarif import assert_valid  # noqa: E402


def run(name: str, test: Callable[[], None], examples: int) -> bool:
    started = time.perf_counter()
    try:
        test()
    except Exception:
        traceback.print_exc()
        print(f"{name}: FAILED after {time.perf_counter() - started:.0f} s")
        return False
    print(f"{name}: {examples} examples, no failure ({time.perf_counter() - started:.0f} s)")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--reviews", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=random.randrange(2**32))
    args = parser.parse_args(argv)
    print(f"{platform.platform()}, Python {platform.python_version()}, seed {args.seed}")
    many = settings(
        max_examples=args.examples, deadline=None, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )  # fmt: skip

    files = corpus_files()
    recorded = [(files, tm, record_deterministic(files, tm))
                for tm in map(load_template, ("web-api", "internal-cli-tool"))]  # fmt: skip

    def review(said: list[str], which: int) -> None:
        findings = check_review(recorded[which], said)
        assert_valid(findings_to_sarif(findings, [], tool_version=__version__))

    suites: list[tuple[str, Callable[[], None], int]] = [
        ("answers", given(answers)(check_answer), args.examples),
        ("replies", given(replies)(check_reply), args.examples),
        ("documents", given(yaml_texts, st.sampled_from(["m.yaml", "m.json"]))(check_document),
         args.examples),
        ("reviews", settings(many, max_examples=args.reviews)(
            given(st.lists(answers, min_size=1, max_size=12), st.integers(0, 1))(review)),
         args.reviews),
    ]  # fmt: skip
    failures = 0
    for name, test, examples in suites:
        failures += not run(name, seed(args.seed)(many(test) if name != "reviews" else test),
                            examples)  # fmt: skip
    print(f"RESULT answers={args.examples} replies={args.examples} documents={args.examples} "
          f"reviews={args.reviews} failures={failures}")  # fmt: skip
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
