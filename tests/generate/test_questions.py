"""Topic detection, question selection, what the threat model answers, and saving answers."""

from __future__ import annotations

import dataclasses
import typing

import pytest

from app.core.errors import AirlockError, ThreatModelError, UserInputError
from app.core.question_answers import (
    answers_to_save,
    apply_answers,
    format_answer,
    parse_answer,
    requirement_line,
    resolve_answers,
)
from app.core.questions import (
    answer_in_threat_model,
    assumption_text,
    detect_topics,
    load_question_bank,
    parse_question_bank,
    select_questions,
)
from app.core.threat_model import (
    Policies,
    ThreatModel,
    load_template,
    threat_model_from_dict,
    threat_model_to_dict,
)

UPLOAD_QUESTIONS = {
    "upload.file_types": "policies.file_upload.allowed_extensions",
    "upload.max_size": "policies.file_upload.max_bytes",
    "upload.malware_scan": "policies.file_upload.malware_scan",
    "upload.storage": "policies.file_upload.storage",
    "upload.executable": "policies.file_upload.executable",
    "upload.readers": None,
    "upload.overwrite": "policies.file_upload.overwrite",
}
BANK = load_question_bank()


def _bare(**extra: object) -> ThreatModel:
    return threat_model_from_dict({"airlock_threat_model": 1, "name": "bare", **extra})


def _topic_ids(request: str, threat_model: ThreatModel | None = None) -> list[str]:
    return [t.id for t in detect_topics(request, threat_model, BANK)]


def test_a_file_upload_service_asks_the_seven_upload_questions() -> None:
    asked = [q.id for q in select_questions("Build a file upload service", None, BANK)]
    assert [q for q in asked if q.startswith("upload.")] == list(UPLOAD_QUESTIONS)


def test_each_upload_question_maps_to_its_threat_model_place() -> None:
    keys = {q.id: q.key for q in BANK.questions if q.id in UPLOAD_QUESTIONS}
    assert keys == UPLOAD_QUESTIONS


def test_the_seven_upload_questions_ask_what_the_issue_requires() -> None:
    texts = {q.id: q.text.lower() for q in BANK.questions}
    assert "file types" in texts["upload.file_types"]
    assert "how large" in texts["upload.max_size"]
    assert "malware" in texts["upload.malware_scan"]
    assert "where" in texts["upload.storage"] and "stored" in texts["upload.storage"]
    assert "executed" in texts["upload.executable"]
    assert "who may read" in texts["upload.readers"]
    assert "overwrite" in texts["upload.overwrite"]


@pytest.mark.parametrize(
    ("request_text", "topic"),
    [
        ("Build a file upload service", "file_upload"),
        ("an endpoint that accepts attachments", "file_upload"),
        ("Add a login page with password reset", "authentication"),
        ("users may only see their own files; admins see all", "authorisation"),
        ("load the cache with pickle", "serialisation"),
        ("encrypt the notes before saving them", "encryption"),
        ("log every request with the user's email", "logging"),
        ("a Flask API for orders", "errors"),
        ("call the Stripe API with our key", "secrets"),
        ("throttle the search endpoint", "rate_limiting"),
        ("a React front-end calling the API", "cors_csrf"),
        ("fetch a preview of any URL the user pastes", "ssrf"),
        ("store orders in PostgreSQL", "database"),
        ("a Dockerfile for the service", "containers"),
        ("Terraform for an S3 bucket", "terraform"),
        ("a GitHub Actions workflow that deploys", "ci"),
    ],
)
def test_topics_are_detected_from_stems_and_synonyms(request_text: str, topic: str) -> None:
    assert topic in _topic_ids(request_text)


def test_a_request_on_one_topic_does_not_pull_in_unrelated_ones() -> None:
    topics = _topic_ids("Build a file upload service")
    assert topics == ["file_upload", "errors", "rate_limiting"]


def test_detection_ignores_case() -> None:
    assert _topic_ids("BUILD A FILE UPLOAD SERVICE") == _topic_ids("build a file upload service")


def test_a_policy_in_the_threat_model_adds_its_topic_with_the_reason() -> None:
    model = _bare(policies={"secrets": {"source": "vault"}})
    (secrets,) = [t for t in detect_topics("a word counter", model, BANK)]
    assert secrets.id == "secrets"
    assert secrets.reason == "the threat model sets policies.secrets"
    assert secrets.from_request is False


def test_the_request_is_named_as_the_reason_for_a_detected_topic() -> None:
    (upload, *_) = detect_topics("Build a file upload service", None, BANK)
    assert upload.reason == "the request mentions 'upload'"
    assert upload.from_request


def test_a_request_without_security_topics_selects_no_questions() -> None:
    assert select_questions("a function that reverses a string", None, BANK) == []


def test_questions_answered_by_the_threat_model_come_with_their_answer() -> None:
    template = load_template("file-upload-service")
    questions = select_questions("Build a file upload service", template, BANK)
    answers = {q.id: answer_in_threat_model(q, template) for q in questions}
    assert answers["upload.max_size"] == 10485760
    assert answers["upload.file_types"] == ["png", "jpg", "jpeg", "gif", "pdf"]
    assert answers["upload.executable"] is False
    assert answers["upload.readers"] is None  # the template has no place that says it


def test_an_answer_kept_in_the_assumptions_counts_as_answered() -> None:
    question = BANK.question("upload.readers")
    assert question is not None
    model = _bare(assumptions=[assumption_text(question.text, "only the owner")])
    assert answer_in_threat_model(question, model) == "only the owner"


def test_an_assumption_for_another_question_does_not_answer_this_one() -> None:
    question = BANK.question("upload.readers")
    assert question is not None
    model = _bare(assumptions=["Q: Who may delete a file? A: admins", "Files are small."])
    assert answer_in_threat_model(question, model) is None


@pytest.mark.parametrize(
    ("question_id", "raw", "value"),
    [
        ("upload.max_size", "10 MB", 10 * 1024 * 1024),
        ("upload.max_size", "512kb", 512 * 1024),
        ("upload.max_size", "1.5 GiB", 1610612736),
        ("upload.max_size", 5242880, 5242880),
        ("upload.file_types", ".PNG, jpg pdf", ["png", "jpg", "pdf"]),
        ("upload.file_types", ["png", ".gif"], ["png", "gif"]),
        ("upload.executable", "No", False),
        ("upload.malware_scan", "yes", True),
        ("upload.malware_scan", True, True),
        ("rate.per_minute", "30", 30),
        ("secrets.source", "Vault", "vault"),
        ("cors.origins", "none", []),
        ("auth.methods", "session cookie; bearer token", ["session cookie", "bearer token"]),
        ("upload.readers", "  only   the owner ", "only the owner"),
    ],
)
def test_typed_answers_are_read_by_the_question_kind(
    question_id: str, raw: object, value: object
) -> None:
    question = BANK.question(question_id)
    assert question is not None
    assert parse_answer(question, raw) == value


@pytest.mark.parametrize(
    ("question_id", "raw"),
    [
        ("upload.max_size", "big"),
        ("upload.max_size", "0"),
        ("upload.max_size", "10 parsecs"),
        ("upload.executable", "maybe"),
        ("rate.per_minute", "-3"),
        ("secrets.source", "sticky note"),
        ("upload.readers", "   "),
    ],
)
def test_a_bad_answer_names_the_question(question_id: str, raw: object) -> None:
    question = BANK.question(question_id)
    assert question is not None
    with pytest.raises(UserInputError, match=question_id.replace(".", r"\.")):
        parse_answer(question, raw)


def test_answers_are_shown_as_people_read_them() -> None:
    size = BANK.question("upload.max_size")
    flag = BANK.question("upload.overwrite")
    assert size is not None and flag is not None
    assert format_answer(size, 10485760) == "10 MiB (10485760 bytes)"
    assert format_answer(flag, False) == "no"
    assert requirement_line(flag, False) == "An upload must never overwrite an existing file."
    assert "10 MiB" in requirement_line(size, 10485760)


def test_the_users_answer_wins_over_the_threat_model_and_the_default() -> None:
    template = load_template("file-upload-service")
    questions = select_questions("Build a file upload service", template, BANK)
    answered = {
        a.question.id: a for a in resolve_answers(questions, template, {"upload.max_size": "1 MB"})
    }
    assert (answered["upload.max_size"].value, answered["upload.max_size"].origin) == (
        1048576,
        "user",
    )
    assert answered["upload.overwrite"].origin == "threat_model"
    assert answered["upload.readers"].origin == "default"


def test_saving_answers_writes_key_paths_and_assumptions_into_a_valid_threat_model() -> None:
    bare = _bare()
    questions = select_questions("Build a file upload service", bare, BANK)
    answered = resolve_answers(questions, bare, {"upload.readers": "only the owner"})
    document = apply_answers(
        threat_model_to_dict(bare), answers_to_save(answered, bare), source="t"
    )
    saved = threat_model_from_dict(document)
    upload = saved.policies.file_upload if saved.policies else None
    assert upload is not None
    assert (upload.max_bytes, upload.executable, upload.overwrite) == (10485760, False, False)
    assert upload.allowed_extensions == ("png", "jpg", "jpeg", "pdf")
    assert saved.assumptions == ("Q: Who may read (download) an uploaded file? A: only the owner",)
    assert saved.policies is not None and saved.policies.rate_limiting is not None


def test_a_new_answer_replaces_the_earlier_one_in_the_assumptions() -> None:
    question = BANK.question("upload.readers")
    assert question is not None
    model = _bare(assumptions=[assumption_text(question.text, "everyone"), "TLS everywhere."])
    answered = resolve_answers([question], model, {"upload.readers": "the owner"})
    document = apply_answers(threat_model_to_dict(model), answered, source="t")
    assert document["assumptions"] == [
        "TLS everywhere.",
        assumption_text(question.text, "the owner"),
    ]


def test_answers_already_in_the_threat_model_are_not_saved_again() -> None:
    template = load_template("file-upload-service")
    questions = select_questions("Build a file upload service", template, BANK)
    answered = resolve_answers(questions, template, {"upload.max_size": 10485760})
    saved = [a.question.id for a in answers_to_save(answered, template)]
    assert [q for q in saved if q.startswith("upload.")] == ["upload.readers"]
    assert "auth.required" not in saved


def test_an_answer_the_threat_model_cannot_hold_fails_validation_with_the_field() -> None:
    question = BANK.question("auth.public_paths")
    assert question is not None
    answered = resolve_answers([question], None, {"auth.public_paths": "health"})
    document = apply_answers({"airlock_threat_model": 1, "name": "x"}, answered, source="t")
    with pytest.raises(ThreatModelError, match="public_paths"):
        threat_model_from_dict(document)


def test_every_threat_model_policy_field_has_a_question() -> None:
    # Generation prompts carry policies only as the answers to these questions.
    fields = {
        f"policies.{policy.name}.{field.name}"
        for policy in dataclasses.fields(Policies)
        for field in dataclasses.fields(typing.get_type_hints(Policies)[policy.name].__args__[0])
    }
    assert fields == {q.key for q in BANK.questions if q.key}


def test_a_broken_question_bank_is_reported_by_name() -> None:
    text = (
        "topics:\n  - {id: a, title: A, patterns: [x]}\n"
        "questions:\n  - {id: q, topic: b, question: Why, why: w, kind: text, default: d}\n"
    )
    with pytest.raises(AirlockError, match="unknown topic b"):
        parse_question_bank(text, key="bank.v9")


def test_every_bank_default_is_a_valid_answer_for_its_threat_model_field() -> None:
    answered = resolve_answers(BANK.questions, None, {})
    document = apply_answers({"airlock_threat_model": 1, "name": "all"}, answered, source="bank")
    saved = threat_model_from_dict(document)
    keyless = [q for q in BANK.questions if q.key is None]
    assert saved.assumptions is not None and len(saved.assumptions) == len(keyless)
