"""Answers to the open security questions: read, shown, turned into requirements and saved.

An answer comes from the threat model, from the user (a YAML file or the terminal) or from the
question's safe default. Typed answers ("10 MB", "png, pdf", "no") are read by the question's
kind into the value the threat model stores, so a bad answer fails here with the question's
id, not later inside the generated code.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from app.core.errors import UserInputError
from app.core.questions import (
    Question,
    answer_in_threat_model,
    assumption_text,
)
from app.core.threat_model import ThreatModel, set_key_path

Origin = Literal["threat_model", "user", "default"]
_TRUE = frozenset({"yes", "y", "true", "on", "1", "allow", "allowed"})
_FALSE = frozenset({"no", "n", "false", "off", "0", "deny", "never", "forbid", "forbidden"})
_NONE = frozenset({"none", "nothing", "no one", "-", "[]"})
_UNITS = {"": 1, "b": 1, "byte": 1, "bytes": 1, "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10,
          "m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20, "g": 1 << 30, "gb": 1 << 30,
          "gib": 1 << 30}  # fmt: skip
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class AnsweredQuestion:
    question: Question
    value: object
    origin: Origin

    @property
    def text(self) -> str:
        return format_answer(self.question, self.value)

    @property
    def requirement(self) -> str:
        return requirement_line(self.question, self.value)


# --- Reading an answer --------------------------------------------------------------------


def parse_answer(question: Question, raw: object) -> object:
    """`raw` (typed text, or a YAML value) as the value the threat model stores."""
    try:
        return _READERS[question.kind](question, raw)
    except ValueError as exc:
        raise UserInputError(f"answer to {question.id} ({question.text!r}): {exc}") from None


def _read_bool(_: Question, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().casefold()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise ValueError(f"{_clip(raw)!r} is not yes or no")


def _read_bytes(_: Question, raw: object) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool) and raw > 0:
        return raw
    match = _SIZE.match(str(raw))
    unit = match.group(2).casefold() if match else ""
    if match is None or unit not in _UNITS:
        raise ValueError(f"{_clip(raw)!r} is not a size such as 10 MB or 5242880")
    size = int(float(match.group(1)) * _UNITS[unit])
    if size <= 0:
        raise ValueError("the size must be greater than 0")
    return size


def _read_int(_: Question, raw: object) -> int:
    text = str(raw).strip()
    if isinstance(raw, bool) or not text.isdigit() or int(text) <= 0:
        raise ValueError(f"{_clip(raw)!r} is not a whole number greater than 0")
    return int(text)


def _items(raw: object, separators: str) -> list[str]:
    if isinstance(raw, list | tuple):
        items = [str(item).strip() for item in raw]
    elif str(raw).strip().casefold() in _NONE:
        items = []
    else:
        items = [part.strip() for part in re.split(separators, str(raw))]
    return [item for item in items if item]


def _read_list(_: Question, raw: object) -> list[str]:
    return _items(raw, r"[,;]")


def _read_words(_: Question, raw: object) -> list[str]:
    return _items(raw, r"[,;\s]+")


def _read_extensions(_: Question, raw: object) -> list[str]:
    return [item.lstrip(".").casefold() for item in _items(raw, r"[,;\s]+")]


def _read_choice(question: Question, raw: object) -> str:
    word = str(raw).strip().casefold()
    if word not in question.choices:
        raise ValueError(f"{_clip(raw)!r} is not one of {', '.join(question.choices)}")
    return word


def _read_text(_: Question, raw: object) -> str:
    text = ", ".join(map(str, raw)) if isinstance(raw, list | tuple) else str(raw)
    flat = " ".join(text.split())
    if not flat:
        raise ValueError("the answer is empty")
    return flat


_READERS: dict[str, Any] = {
    "bool": _read_bool,
    "bytes": _read_bytes,
    "int": _read_int,
    "list": _read_list,
    "extensions": _read_extensions,
    "paths": _read_words,
    "origins": _read_words,
    "choice": _read_choice,
    "text": _read_text,
}


def _clip(raw: object, limit: int = 40) -> str:
    text = str(raw)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- Showing an answer --------------------------------------------------------------------


def format_answer(question: Question, value: object) -> str:
    """An answer as people read it: "yes", "10 MiB (10485760 bytes)", "png, pdf"."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if question.kind == "bytes" and isinstance(value, int):
        return _size(value)
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value)) if value else "none"
    return str(value)


def _size(count: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            amount = f"{count / scale:.1f}".removesuffix(".0")
            return f"{amount} {unit} ({count} bytes)"
    return "1 byte" if count == 1 else f"{count} bytes"


def requirement_line(question: Question, value: object) -> str:
    """The line the generation prompt gets for an answered question."""
    if isinstance(value, bool) and (question.requirement_yes or question.requirement_no):
        return question.requirement_yes if value else question.requirement_no
    answer = format_answer(question, value)
    if question.requirement:
        return question.requirement.replace("{answer}", answer)
    return f"{question.text} {answer}"


# --- Resolving and saving -----------------------------------------------------------------


def resolve_answers(
    questions: Sequence[Question],
    threat_model: ThreatModel | None,
    given: Mapping[str, object],
) -> list[AnsweredQuestion]:
    """Each question's answer: the user's if given, else the threat model's, else the default."""
    answered = []
    for question in questions:
        stored = answer_in_threat_model(question, threat_model)
        if question.id in given:
            value = parse_answer(question, given[question.id])
            answered.append(AnsweredQuestion(question, value, "user"))
        elif stored is not None:
            answered.append(AnsweredQuestion(question, stored, "threat_model"))
        else:
            answered.append(AnsweredQuestion(question, question.default, "default"))
    return answered


def answers_to_save(
    answered: Sequence[AnsweredQuestion], threat_model: ThreatModel | None
) -> list[AnsweredQuestion]:
    """Answers that change the threat model.

    Defaults of curated questions are saved (the code is generated, and then reviewed, against
    them); a model-suggested question's default is not, unless a person gave the answer.
    """
    changes = []
    for item in answered:
        if item.origin == "threat_model":
            continue
        if item.origin == "default" and item.question.source != "bank":
            continue
        if answer_in_threat_model(item.question, threat_model) == item.value:
            continue
        changes.append(item)
    return changes


def apply_answers(
    document: Mapping[str, object], answers: Sequence[AnsweredQuestion], *, source: str
) -> dict[str, object]:
    """A copy of a threat-model document with the answers written in (not yet validated)."""
    result: dict[str, object] = copy.deepcopy(dict(document))
    for item in answers:
        if item.question.key is None:
            _put_assumption(result, item.question.text, item.text)
        else:
            raw = json.dumps(item.value, ensure_ascii=False)  # JSON is YAML: exact round trip
            result = set_key_path(result, item.question.key, raw, source=source)
    return result


def _put_assumption(document: dict[str, object], question_text: str, answer: str) -> None:
    """Append "Q: ... A: ...", replacing an earlier answer to the same question."""
    existing = document.get("assumptions")
    entries = existing if isinstance(existing, list) else []
    prefix = _flat(assumption_text(question_text, "")).casefold()
    kept = [
        e for e in entries if not (isinstance(e, str) and _flat(e).casefold().startswith(prefix))
    ]
    document["assumptions"] = [*kept, assumption_text(question_text, answer)]


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- Storage form (the session's `questions` column) --------------------------------------


def answered_to_dict(item: AnsweredQuestion) -> dict[str, object]:
    """The session's record of one question, its answer and its requirement line."""
    question = item.question
    return {
        "id": question.id,
        "topic": question.topic,
        "question": question.text,
        "why": question.why,
        "source": question.source,
        "key": question.key,
        "default": format_answer(question, question.default),
        "answer": item.text,
        "value": item.value,
        "answered_by": item.origin,
        "requirement": item.requirement,
    }
