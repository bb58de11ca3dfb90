"""Fuzzing what the model says: the answer parser, code extraction and a whole review.

Model output is untrusted text. The parser and the extractor must take anything without
raising; a review whose model answers garbage, injection text or huge or truncated replies
keeps every deterministic finding at its severity, and its SARIF still validates.

CI runs 1,000 answers through the parser (10,000 took about 20 s here, mostly Hypothesis
generating them); bench/fuzz.py runs 10,000 of each.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import __version__
from app.core.extract import MAX_FILES, extract_code, safe_path
from app.core.findings import Finding
from app.core.model_answers import MAX_ANSWER_CHARS, MAX_REASON_CHARS, parse_answer
from app.core.sarif import findings_to_sarif
from app.core.sources import SourceFile, collect_sources
from app.core.threat_model import ThreatModel, load_template
from app.llm.fake import FakeEngine
from tests.hardening.fuzz_strategies import answers, replies
from tests.hardening.review_invariants import (
    Replay,
    lost_or_lowered,
    record_deterministic,
    reviewed,
)
from tests.sarif.test_sarif import assert_valid

CI_ANSWERS = 1_000
CI_REVIEWS = 100
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "dev" / "python"
_FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                 HealthCheck.data_too_large])  # fmt: skip


def check_answer(text: str) -> None:
    """What parse_answer promises for any text."""
    parsed = parse_answer(text)
    for claim in parsed.claims:
        assert claim.line is None or 0 <= claim.line < 10**7
        assert claim.cwe is None or 0 <= claim.cwe < 10**5
        assert len(claim.reason) <= MAX_REASON_CHARS
        assert not any(unicodedata.category(ch).startswith("C") for ch in claim.reason)
    if parsed.claims:
        assert parsed.understood
    # Only the first MAX_ANSWER_CHARS count: the rest of a runaway answer changes nothing.
    assert parse_answer(text[:MAX_ANSWER_CHARS]) == parsed


@settings(_FUZZ, max_examples=CI_ANSWERS)
@given(answers)
def test_any_model_answer_parses_without_raising_into_clean_bounded_claims(text: str) -> None:
    check_answer(text)


def check_reply(reply: str) -> None:
    """What extract_code promises for any reply."""
    result = extract_code(reply)
    assert len(result.files) <= MAX_FILES
    assert len({f.path for f in result.files}) == len(result.files)
    for found in result.files:
        assert found.content.strip()
        assert safe_path(found.path) == found.path


@settings(_FUZZ, max_examples=300)
@given(replies)
def test_code_extraction_takes_huge_and_hostile_replies_without_raising(reply: str) -> None:
    check_reply(reply)


# --- a whole review --------------------------------------------------------------------


def corpus_files() -> list[SourceFile]:
    """Vulnerable corpus files that every deterministic stage has something to say about."""
    chosen = ["sqli/001_vuln.py", "command_injection/002_vuln.py", "path_traversal/001_vuln.py",
              "secrets/001_vuln.py", "prompt_injection/001_vuln.py"]  # fmt: skip
    return [
        SourceFile(name, file.language, file.text)
        for name in chosen
        for file in collect_sources([CORPUS / name]).files
    ]


@pytest.fixture(scope="module", params=["web-api", "internal-cli-tool"])
def recorded(request: pytest.FixtureRequest) -> tuple[list[SourceFile], ThreatModel, Replay]:
    files = corpus_files()
    threat_model = load_template(request.param)  # internet-facing (raises) and local (lowers)
    return files, threat_model, record_deterministic(files, threat_model)


def check_review(
    recorded: tuple[list[SourceFile], ThreatModel, Replay], said: list[str]
) -> list[Finding]:
    files, threat_model, replay = recorded
    expected = reviewed(files, threat_model, replay, engine=None)
    assert expected, "the corpus must give deterministic findings for this to mean anything"
    engine = FakeEngine(default_reply=said[0])
    for answer in said:
        engine.enqueue(answer)
    actual = reviewed(files, threat_model, replay, engine)
    assert engine.requests  # the model was asked
    assert lost_or_lowered(expected, actual) == []
    return actual


@settings(_FUZZ, max_examples=CI_REVIEWS)
@given(said=st.lists(answers, min_size=1, max_size=12))
def test_whatever_the_model_answers_deterministic_findings_stay_and_sarif_validates(
    recorded: tuple[list[SourceFile], ThreatModel, Replay], said: list[str]
) -> None:
    findings = check_review(recorded, said)
    assert_valid(findings_to_sarif(findings, [], tool_version=__version__))
