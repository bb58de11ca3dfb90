"""Open security questions for a generation request, from a curated, versioned question bank.

The bank (`resources/questions/security_questions.v<N>.yaml`) groups questions by topic. A
topic is detected when the request matches one of its patterns or when the threat model sets
the topic's policy; detection is plain regex work, so it is deterministic and testable.

Every question maps to one place in the threat model: a key path (`policies.file_upload.
max_bytes`) or, where the format has no field, an assumption written "Q: <question> A: <answer>".
So "answered by the threat model" is a real lookup, and saving an answer is a key-path edit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from app.core.errors import AirlockError
from app.core.prompts import sha256_text
from app.core.resources import resource_path
from app.core.threat_model import ThreatModel, threat_model_to_dict

BANK_NAME = "security_questions"
_FILE_NAME = re.compile(r"^security_questions\.v(?P<version>\d+)\.yaml$")
KINDS = frozenset(
    {"bool", "bytes", "int", "list", "extensions", "paths", "origins", "choice", "text"}
)
ASSUMPTION_PREFIX = "Q: "
ASSUMPTION_SEPARATOR = " A: "


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    patterns: tuple[re.Pattern[str], ...]
    policy: str | None = None

    def match(self, request: str) -> str | None:
        """The first piece of the request that names this topic, or None."""
        for pattern in self.patterns:
            found = pattern.search(request)
            if found:
                return found.group(0).strip()
        return None


@dataclass(frozen=True)
class Question:
    """One security question. `key` None means the answer lives in `assumptions`.

    `source` is "bank" for curated questions and "model" for ones the model suggested.
    """

    id: str
    topic: str
    text: str
    why: str
    kind: str
    default: object
    key: str | None = None
    choices: tuple[str, ...] = ()
    requirement: str = ""
    requirement_yes: str = ""
    requirement_no: str = ""
    source: str = "bank"


@dataclass(frozen=True)
class QuestionBank:
    topics: tuple[Topic, ...]
    questions: tuple[Question, ...]
    text: str
    key: str

    @property
    def sha256(self) -> str:
        return sha256_text(self.text)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True)
class DetectedTopic:
    """A topic found in the request (`from_request`) or set as a policy by the threat model."""

    id: str
    title: str
    reason: str
    from_request: bool = True


# --- Loading the bank ---------------------------------------------------------------------


@cache
def load_question_bank() -> QuestionBank:
    """The newest question bank shipped in resources/questions/."""
    versions = sorted(
        (int(m["version"]), path)
        for path in resource_path("questions").glob(f"{BANK_NAME}.v*.yaml")
        if (m := _FILE_NAME.match(path.name))
    )
    if not versions:
        raise AirlockError(f"the question bank {BANK_NAME} is missing from resources/questions")
    number, path = versions[-1]
    return parse_question_bank(path.read_text(encoding="utf-8"), key=f"{BANK_NAME}.v{number}")


def parse_question_bank(text: str, *, key: str) -> QuestionBank:
    """Read and check a bank; a broken bank is a packaging bug, reported by file and entry."""
    try:
        document = yaml.safe_load(text)
        topics = tuple(_topic(entry) for entry in document["topics"])
        questions = tuple(_question(entry) for entry in document["questions"])
    except (yaml.YAMLError, KeyError, TypeError, ValueError, re.error) as exc:
        raise AirlockError(f"{key}: invalid question bank: {exc!r}") from exc
    _check_references(topics, questions, key)
    return QuestionBank(topics, questions, text, key)


def _topic(entry: Mapping[str, Any]) -> Topic:
    patterns = tuple(re.compile(str(p), re.IGNORECASE) for p in entry["patterns"])
    return Topic(str(entry["id"]), str(entry["title"]), patterns, entry.get("policy"))


def _question(entry: Mapping[str, Any]) -> Question:
    kind = str(entry["kind"])
    if kind not in KINDS:
        raise ValueError(f"question {entry['id']}: unknown kind {kind!r}")
    return Question(
        id=str(entry["id"]),
        topic=str(entry["topic"]),
        text=str(entry["question"]),
        why=str(entry["why"]),
        kind=kind,
        default=entry["default"],
        key=entry.get("key"),
        choices=tuple(entry.get("choices", ())),
        requirement=str(entry.get("requirement", "")),
        requirement_yes=str(entry.get("requirement_yes", "")),
        requirement_no=str(entry.get("requirement_no", "")),
    )


def _check_references(topics: Sequence[Topic], questions: Sequence[Question], key: str) -> None:
    topic_ids = {t.id for t in topics}
    ids = [q.id for q in questions]
    problems = [f"question {q.id} names unknown topic {q.topic}" for q in questions
                if q.topic not in topic_ids]  # fmt: skip
    problems += [f"question id {i} is used twice" for i in sorted(set(ids)) if ids.count(i) > 1]
    if problems:
        raise AirlockError(f"{key}: invalid question bank: {'; '.join(problems)}")


# --- Detection and selection --------------------------------------------------------------


def detect_topics(
    request: str, threat_model: ThreatModel | None, bank: QuestionBank
) -> list[DetectedTopic]:
    """Topics the request names, then topics whose policy the threat model sets (bank order)."""
    policies = _policies_set(threat_model)
    found = []
    for topic in bank.topics:
        matched = topic.match(request)
        if matched:
            found.append(DetectedTopic(topic.id, topic.title, f"the request mentions {matched!r}"))
        elif topic.policy and topic.policy in policies:
            reason = f"the threat model sets policies.{topic.policy}"
            found.append(DetectedTopic(topic.id, topic.title, reason, from_request=False))
    return found


def _policies_set(threat_model: ThreatModel | None) -> set[str]:
    if threat_model is None:
        return set()
    policies = threat_model_to_dict(threat_model).get("policies")
    return set(policies) if isinstance(policies, dict) else set()


def select_questions(
    request: str, threat_model: ThreatModel | None, bank: QuestionBank
) -> list[Question]:
    """The bank's questions for the detected topics, in the bank's order."""
    topics = {topic.id for topic in detect_topics(request, threat_model, bank)}
    return [question for question in bank.questions if question.topic in topics]


# --- What the threat model already answers ------------------------------------------------


def answer_in_threat_model(question: Question, threat_model: ThreatModel | None) -> object:
    """The stored answer to `question`, or None when the threat model leaves it open."""
    if threat_model is None:
        return None
    document = threat_model_to_dict(threat_model)
    if question.key is None:
        return _assumption_answer(question.text, document.get("assumptions"))
    return value_at(document, question.key)


def value_at(document: Mapping[str, object], key_path: str) -> object:
    """The value at a dotted key path of a threat-model document, or None."""
    current: object = document
    for segment in key_path.split("."):
        if not isinstance(current, dict):
            return None
        current = current.get(segment)
    return current


def _assumption_answer(question_text: str, assumptions: object) -> str | None:
    if not isinstance(assumptions, list):
        return None
    wanted = _normalise(ASSUMPTION_PREFIX + question_text)
    for entry in assumptions:
        if not isinstance(entry, str):
            continue
        asked, separator, answer = entry.partition(ASSUMPTION_SEPARATOR)
        if separator and _normalise(asked) == wanted and answer.strip():
            return answer.strip()
    return None


def assumption_text(question_text: str, answer: str) -> str:
    """How an answer without a threat-model field is kept in `assumptions`."""
    flat_answer = " ".join(answer.split())
    return (
        f"{ASSUMPTION_PREFIX}{' '.join(question_text.split())}{ASSUMPTION_SEPARATOR}{flat_answer}"
    )


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()
