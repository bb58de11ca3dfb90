from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.model_answers import MAX_REASON_CHARS, clean_reason, parse_answer


def test_the_asked_format_gives_one_claim_per_line() -> None:
    parsed = parse_answer("FINDING | 12 | query built with f-string\nFINDING | 30 | again")
    assert parsed.understood
    assert [(c.line, c.reason) for c in parsed.claims] == [
        (12, "query built with f-string"),
        (30, "again"),
    ]


def test_a_copied_line_of_code_is_read_as_the_claim_s_quote() -> None:
    parsed = parse_answer('FINDING | cur.execute("SELECT " + name) | name concatenated')
    (claim,) = parsed.claims
    assert (claim.line, claim.quote, claim.reason) == (
        None,
        'cur.execute("SELECT " + name)',
        "name concatenated",
    )


def test_a_copy_holding_a_bar_keeps_it_and_the_cwe_field_is_not_part_of_it() -> None:
    parsed = parse_answer('FINDING | x: str | None = request.args.get("a") | CWE-20 | unchecked')
    (claim,) = parsed.claims
    assert claim.quote == 'x: str | None = request.args.get("a")'
    assert (claim.cwe, claim.reason) == (20, "unchecked")


def test_backticks_around_a_copy_are_dropped() -> None:
    (claim,) = parse_answer("FINDING | `os.system(cmd)` | shell").claims
    assert claim.quote == "os.system(cmd)"


def test_a_copy_starting_with_the_word_line_is_not_a_line_number() -> None:
    (claim,) = parse_answer('FINDING | line = request.args["x"] | unchecked').claims
    assert claim.line is None
    assert claim.quote == 'line = request.args["x"]'


def test_none_means_no_claims_and_is_understood() -> None:
    for answer in ("NONE", "none.", "No, there is no such problem.", "  NONE\n"):
        parsed = parse_answer(answer)
        assert parsed.understood
        assert parsed.claims == ()


def test_loose_answers_with_a_line_number_are_read() -> None:
    parsed = parse_answer("Yes. Line 7: the filename comes from the request.")
    assert [c.line for c in parsed.claims] == [7]


def test_markdown_and_colons_are_tolerated() -> None:
    parsed = parse_answer("- **FINDING**: line 4: eval of user input (CWE-95)")
    assert parsed.claims[0].line == 4
    assert parsed.claims[0].cwe == 95


def test_a_finding_without_a_line_is_kept_without_one() -> None:
    parsed = parse_answer("FINDING | | secrets are hard-coded")
    assert parsed.claims[0].line is None


def test_garbage_is_flagged_as_not_understood() -> None:
    parsed = parse_answer("I'm sorry, but I can't assist with that.")
    assert not parsed.understood
    assert parsed.claims == ()


def test_reasons_lose_control_and_invisible_characters() -> None:
    assert clean_reason("a\u202eb\x00c\u200bd") == "a b c d"
    assert len(clean_reason("x" * 5000)) == MAX_REASON_CHARS


@settings(max_examples=300)
@given(st.text(max_size=3000))
def test_any_answer_parses_without_raising(text: str) -> None:
    parsed = parse_answer(text)
    for claim in parsed.claims:
        assert claim.line is None or claim.line >= 0
        assert len(claim.reason) <= MAX_REASON_CHARS
