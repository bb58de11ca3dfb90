"""A few extra security questions suggested by the model, beyond the curated bank.

One short call asks for up to three questions in a line format (`Q: ... | WHY: ... |
DEFAULT: ...`); the reply is parsed leniently (bullets, numbering, missing labels, fields on
their own lines), questions that repeat the bank's are dropped, and the rest are marked as
model-suggested. Small models are unreliable here, so this step may add nothing, and a
failing engine never stops the curated questions.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.errors import EngineError
from app.core.prompts import PromptTemplate, load_prompt
from app.core.questions import Question
from app.llm.engine import ChatMessage, Engine

log = logging.getLogger(__name__)

PROMPT_NAME = "generate.questions"
MAX_SUGGESTIONS = 3
MAX_TOKENS = 160
NO_DEFAULT = "the most restrictive choice that still fulfils the request"
_BULLET = re.compile(r"^\s*(?:[-*•>]+|\d+[.)]|\(\d+\))\s*")
_LABEL = re.compile(r"^\s*\**(q|question|why|reason|default|safe default)\**\s*[:=-]\s*", re.I)
_STOPWORDS = frozenset(
    {"the", "a", "an", "and", "or", "of", "to", "for", "in", "on", "is", "are", "be", "may",
     "must", "can", "should", "how", "what", "which", "who", "where", "when", "does", "do",
     "it", "its", "this", "that", "with", "by", "from", "any", "there", "their", "they", "them"}
)  # fmt: skip


@dataclass
class _Draft:
    text: str
    why: str = ""
    default: str = ""


def suggest_questions(
    engine: Engine,
    request: str,
    known: Sequence[Question],
    *,
    limit: int = MAX_SUGGESTIONS,
) -> list[Question]:
    """Up to `limit` model-suggested questions; [] when the engine fails or says NONE."""
    if limit <= 0:
        return []
    prompt = suggestion_prompt(request, known, limit)
    try:
        reply = "".join(
            engine.stream_chat([ChatMessage("user", prompt)], max_tokens=MAX_TOKENS, temperature=0)
        )
    except EngineError as exc:
        log.warning("the model could not suggest questions: %s", exc)
        return []
    return parse_suggestions(reply, known=known, limit=limit)


def prompt_template() -> PromptTemplate:
    return load_prompt(PROMPT_NAME)


def suggestion_prompt(request: str, known: Sequence[Question], limit: int) -> str:
    listed = "\n".join(f"- {q.text}" for q in known) or "- (none)"
    return prompt_template().render(request=request.strip(), known=listed, count=str(limit))


def parse_suggestions(
    reply: str, *, known: Sequence[Question], limit: int = MAX_SUGGESTIONS
) -> list[Question]:
    """Questions from a reply in the line format, leniently; duplicates of `known` dropped."""
    seen = [q.text for q in known]
    questions: list[Question] = []
    for draft in _drafts(reply):
        if len(questions) >= limit:
            break
        if any(_similar(draft.text, other) for other in seen):
            continue
        seen.append(draft.text)
        questions.append(_question(draft, len(questions) + 1))
    return questions


def _drafts(reply: str) -> list[_Draft]:
    drafts: list[_Draft] = []
    for raw_line in reply.splitlines():
        line = _BULLET.sub("", raw_line).strip()
        if not line or line.upper().startswith("NONE"):
            continue
        parts = [part.strip() for part in line.split("|")]
        label = _label(parts[0])
        if label in ("why", "default") and drafts:
            _fill(drafts[-1], parts)  # a field on its own line belongs to the last question
            continue
        draft = _draft(parts)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _label(part: str) -> str:
    match = _LABEL.match(part)
    if match is None:
        return ""
    word = match.group(1).casefold()
    return {"question": "q", "reason": "why", "safe default": "default"}.get(word, word)


def _draft(parts: Sequence[str]) -> _Draft | None:
    text = _LABEL.sub("", parts[0]).strip().strip("*").strip()
    if "?" not in text:
        return None
    text = text[: text.index("?") + 1].strip()
    if not 12 <= len(text) <= 200 or "`" in text:
        return None
    draft = _Draft(text)
    _fill(draft, parts[1:], positional=True)
    return draft


def _fill(draft: _Draft, parts: Sequence[str], *, positional: bool = False) -> None:
    for index, part in enumerate(parts):
        label = _label(part) or (("why", "default")[index] if positional and index < 2 else "")
        value = _LABEL.sub("", part).strip().strip("*").strip()
        if label == "why" and value and not draft.why:
            draft.why = value[:300]
        elif label == "default" and value and not draft.default:
            draft.default = value[:300]


def _question(draft: _Draft, number: int) -> Question:
    return Question(
        id=f"model.{number}",
        topic="model",
        text=draft.text,
        why=draft.why or "suggested by the model",
        kind="text",
        default=draft.default or NO_DEFAULT,
        source="model",
    )


def _words(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.casefold())
    return {_stem(w) for w in words if len(w) > 2 and w not in _STOPWORDS}


def _stem(word: str) -> str:
    """A crude stem, so that "uploaded", "uploads" and "upload" compare equal."""
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _similar(first: str, second: str) -> bool:
    """Whether two questions ask the same thing (word overlap; crude, but deterministic)."""
    a, b = _words(first), _words(second)
    if not a or not b:
        return first.casefold() == second.casefold()
    overlap = len(a & b)
    return overlap / len(a | b) >= 0.5 or (overlap >= 2 and overlap == min(len(a), len(b)))
