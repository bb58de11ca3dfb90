"""Model-suggested questions: the line format read leniently, repeats of the bank dropped."""

from __future__ import annotations

from app.core.errors import EngineCrashed
from app.core.questions import load_question_bank, select_questions
from app.core.suggested_questions import NO_DEFAULT, parse_suggestions, suggest_questions
from app.llm.fake import FakeEngine

KNOWN = select_questions("Build a file upload service", None, load_question_bank())


def test_the_line_format_becomes_model_marked_questions() -> None:
    reply = (
        "Q: Should uploaded images have their EXIF metadata removed? | WHY: EXIF can hold GPS "
        "positions | DEFAULT: strip all metadata\n"
    )
    (question,) = parse_suggestions(reply, known=KNOWN)
    assert question.text == "Should uploaded images have their EXIF metadata removed?"
    assert question.why == "EXIF can hold GPS positions"
    assert question.default == "strip all metadata"
    assert (question.id, question.source, question.key, question.kind) == (
        "model.1", "model", None, "text",
    )  # fmt: skip


def test_bullets_numbers_missing_labels_and_fields_on_their_own_lines_are_read() -> None:
    reply = (
        "Here are some questions:\n"
        "1. **Q:** Are archive files (zip) unpacked on the server? | bombs | never unpack\n"
        "- How long are uploads kept before deletion?\n"
        "  WHY: old files are a liability\n"
        "  DEFAULT: 30 days\n"
    )
    first, second = parse_suggestions(reply, known=KNOWN)
    assert (first.text, first.why, first.default) == (
        "Are archive files (zip) unpacked on the server?", "bombs", "never unpack",
    )  # fmt: skip
    assert (second.why, second.default) == ("old files are a liability", "30 days")


def test_questions_the_bank_already_asks_are_dropped() -> None:
    reply = (
        "Q: Which file types may users upload? | WHY: w | DEFAULT: d\n"
        "Q: How large may an uploaded file be? | WHY: w | DEFAULT: d\n"
        "Q: Are uploads deduplicated by content hash? | WHY: w | DEFAULT: no\n"
    )
    assert [q.text for q in parse_suggestions(reply, known=KNOWN)] == [
        "Are uploads deduplicated by content hash?"
    ]


def test_at_most_the_limit_is_kept_and_repeats_among_suggestions_are_dropped() -> None:
    reply = "\n".join(
        [
            "Q: Are thumbnails generated for images? | WHY: w | DEFAULT: d",
            "Q: Are thumbnails generated for the images? | WHY: w | DEFAULT: d",
            "Q: Is there a per-user storage quota? | WHY: w | DEFAULT: d",
            "Q: Are uploads encrypted with a per-user key? | WHY: w | DEFAULT: d",
            "Q: Is the upload form protected by a captcha? | WHY: w | DEFAULT: d",
        ]
    )
    found = parse_suggestions(reply, known=KNOWN, limit=3)
    assert [q.id for q in found] == ["model.1", "model.2", "model.3"]
    assert found[1].text == "Is there a per-user storage quota?"


def test_none_prose_and_lines_without_a_question_mark_give_nothing() -> None:
    reply = "NONE\nThe request is fine as it is.\nQ: too short?\n```python\nx?```"
    assert parse_suggestions(reply, known=KNOWN) == []


def test_a_question_without_a_default_gets_the_most_restrictive_one() -> None:
    (question,) = parse_suggestions("Q: Are SVG files sanitised before storage?", known=KNOWN)
    assert question.default == NO_DEFAULT


def test_the_model_is_asked_once_with_the_known_questions_and_the_request() -> None:
    engine = FakeEngine().enqueue("Q: Is there a per-user storage quota? | WHY: w | DEFAULT: 1 GB")
    found = suggest_questions(engine, "Build a file upload service", KNOWN, limit=2)
    assert [q.default for q in found] == ["1 GB"]
    (request,) = engine.requests
    prompt = request.messages[-1].content
    assert "Build a file upload service" in prompt
    assert "Which file types may be uploaded?" in prompt
    assert "up to 2 other" in prompt
    assert request.temperature == 0


def test_a_failing_engine_adds_no_questions_and_raises_nothing() -> None:
    engine = FakeEngine().enqueue_error(EngineCrashed("host died"))
    assert suggest_questions(engine, "Build a file upload service", KNOWN) == []
