"""Stage 4 of a review: the model questions the code, and each claim is checked.

The code and the threat model form a prompt prefix shared by every question, so the engine
reuses its KV cache; then one focused question per relevant weakness class, and one open
question. The model points at a line by copying it (model_citations finds it). A claim counts
as verified only when the cited line exists and holds a construct of its class; unverified
claims are kept at low confidence, never dropped, never shown as confirmed. Model output can
only add findings: nothing the model says removes or lowers a finding of another stage.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from app.core.coverage import language_name
from app.core.errors import EngineCancelled, EngineError, OperationCancelled
from app.core.findings import (
    MODEL_RULE_PREFIX,
    Confidence,
    Finding,
    ReviewWarning,
    Severity,
    StageResult,
)
from app.core.model_answers import ModelClaim, clean_reason, parse_answer
from app.core.model_citations import locate_quote
from app.core.model_questions import QuestionBank, WeaknessClass, load_question_bank, select_classes
from app.core.prompts import load_prompt
from app.core.sources import SourceFile
from app.core.threat_model import ThreatModel, render_for_prompt
from app.llm.engine import ChatMessage, Engine

log = logging.getLogger(__name__)

MODEL_LANGUAGES = frozenset(
    {"python", "javascript", "typescript", "shell", "dockerfile", "terraform",
     "github_actions", "yaml", "sql", "java", "go", "csharp", "kotlin", "scala", "php",
     "ruby", "rust", "c", "cpp", "swift"}
)  # fmt: skip
NO_THREAT_MODEL = "(no threat model given: assume an internet-facing service handling user data)"


@dataclass(frozen=True)
class ModelReviewSettings:
    max_questions: int = 6
    max_tokens: int = 96
    temperature: float = 0.0
    # One window holds a 300-line file (about 2,500 prompt tokens with the threat model,
    # well inside the default 8,192-token context): every extra window repeats each question.
    window_lines: int = 300
    ask_open_question: bool = True


@dataclass
class ModelReviewStats:
    questions: int = 0
    claims: int = 0
    verified: int = 0
    seconds: float = 0.0
    timings: list[dict[str, float | int]] = field(default_factory=list)


class ModelReviewer:
    """Asks the engine about each file; turns checked answers into findings."""

    name = "model"

    def __init__(
        self,
        engine: Engine,
        *,
        model_id: str,
        settings: ModelReviewSettings | None = None,
        bank: QuestionBank | None = None,
    ) -> None:
        self.engine = engine
        self.model_id = model_id
        self.settings = settings or ModelReviewSettings()
        self.bank = bank or load_question_bank()
        self.stats = ModelReviewStats()

    def prompt_texts(self) -> dict[str, str]:
        """Every template this reviewer uses, by versioned key (for the audit record)."""
        names = ["review.system", "review.code", "review.question"]
        if self.settings.ask_open_question:
            names.append("review.open")
        texts = {p.key: p.text for p in map(load_prompt, names)}
        texts[self.bank.key] = self.bank.text
        return texts

    def run(
        self,
        files: Sequence[SourceFile],
        threat_model: ThreatModel | None,
        *,
        earlier: Sequence[Finding],
        should_cancel: Callable[[], bool],
    ) -> StageResult:
        result = StageResult()
        started = time.monotonic()
        system = self._system_message(threat_model)
        for file in files:
            if should_cancel():
                raise OperationCancelled("review cancelled")
            if file.language not in MODEL_LANGUAGES or not file.text.strip():
                continue
            try:
                self._review_file(file, system, threat_model, earlier, should_cancel, result)
            except EngineCancelled as exc:
                raise OperationCancelled("review cancelled") from exc
            except EngineError as exc:
                # The engine died: keep what the other stages found, say what is missing.
                result.warnings.append(
                    ReviewWarning("stage_failed", f"model review stopped: {exc}", stage=self.name)
                )
                break
        self.stats.seconds += time.monotonic() - started
        return result

    def _system_message(self, threat_model: ThreatModel | None) -> ChatMessage:
        rendered = (
            render_for_prompt(threat_model, parties=False) if threat_model else NO_THREAT_MODEL
        )
        return ChatMessage("system", load_prompt("review.system").render(threat_model=rendered))

    def _review_file(
        self,
        file: SourceFile,
        system: ChatMessage,
        threat_model: ThreatModel | None,
        earlier: Sequence[Finding],
        should_cancel: Callable[[], bool],
        result: StageResult,
    ) -> None:
        classes = select_classes(
            file, self.bank, threat_model, earlier, limit=self.settings.max_questions
        )
        for window in line_windows(len(file.lines), self.settings.window_lines):
            prefix = load_prompt("review.code").render(
                path=file.path,
                # Named as people write it ("C#", "Kotlin"): a small model knows those words.
                language=language_name(file.language),
                code=window_text(file, *window),
            )
            for weakness in classes:
                if should_cancel():
                    raise OperationCancelled("review cancelled")
                question = load_prompt("review.question").render(question=weakness.question)
                answer = self._ask(system, prefix + question)
                self._add_claims(file, window, weakness, answer, result)
            if self.settings.ask_open_question:
                answer = self._ask(system, prefix + load_prompt("review.open").text)
                self._add_claims(file, window, None, answer, result)

    def _ask(self, system: ChatMessage, user: str) -> str:
        self.stats.questions += 1
        fragments = self.engine.stream_chat(
            [system, ChatMessage("user", user)],
            max_tokens=self.settings.max_tokens,
            temperature=self.settings.temperature,
        )
        answer = "".join(fragments)
        timing = self.engine.info().last_timing
        if timing is not None:
            self.stats.timings.append(timing.to_dict())
        return answer

    def _add_claims(
        self,
        file: SourceFile,
        window: tuple[int, int],
        asked: WeaknessClass | None,
        answer: str,
        result: StageResult,
    ) -> None:
        parsed = parse_answer(answer)
        if not parsed.understood:
            what = asked.title if asked else "the open question"
            result.warnings.append(
                ReviewWarning(
                    "model_output",
                    f"the model's answer about {what} followed no known format; ignored",
                    file=file.path,
                    stage=self.name,
                )
            )
        uncheckable: list[ModelClaim] = []
        for claim in parsed.claims:
            weakness = asked or (self.bank.by_cwe(claim.cwe) if claim.cwe else None)
            line = cited_line(file, window, claim, weakness)
            if weakness is None:
                uncheckable.append(replace(claim, line=line))
            else:
                result.findings.append(self._finding(file, weakness, claim, line))
        if uncheckable:
            result.warnings.append(self._uncheckable_warning(file, uncheckable))

    def _uncheckable_warning(self, file: SourceFile, claims: list[ModelClaim]) -> ReviewWarning:
        """Open-question claims of no weakness class Airlock knows cannot be checked against
        the code at all. Measured on the corpus, the 0.5B model mostly fills the CWE slot with
        the line number or counts up (CWE-12 on line 12, CWE-101, 102, ...) on safe files, so
        as findings they would bury the real ones; they stay visible, listed in one warning."""
        self.stats.claims += len(claims)
        listed = "; ".join(
            f"line {c.line or '?'}"
            + (f" CWE-{c.cwe}" if c.cwe else "")
            + f": {clean_reason(c.reason) or 'no reason given'}"
            for c in claims[:5]
        )
        more = f" (and {len(claims) - 5} more)" if len(claims) > 5 else ""
        message = (
            f"the model named {len(claims)} weakness(es) Airlock cannot check against the code "
            f"(no known class for them), not reported as findings: {listed}{more}"
        )
        return ReviewWarning("model_output", message[:600], file=file.path, stage=self.name)

    def _finding(
        self, file: SourceFile, weakness: WeaknessClass, claim: ModelClaim, line: int | None
    ) -> Finding:
        self.stats.claims += 1
        verified = bool(line and weakness.holds_at(file, line))
        self.stats.verified += int(verified)
        return Finding(
            rule_id=f"{MODEL_RULE_PREFIX}{weakness.id}",
            title=weakness.title,
            cwe=weakness.cwe,
            severity=_model_severity(weakness, verified=verified),
            confidence=Confidence.MEDIUM if verified else Confidence.LOW,
            sources=(f"model:{self.model_id}",),
            file=file.path,
            start_line=line,
            end_line=line,
            snippet=file.line(line).strip() if line else "",
            message=_model_message(claim, verified=verified),
        )


def _model_severity(weakness: WeaknessClass, *, verified: bool) -> Severity:
    """A model alone never makes a finding high: it must be confirmed by another stage.

    A claim whose line does not hold its construct is a note (info): on the labelled corpus
    such claims came as often on the safe look-alike as on the vulnerable file, often on the
    same line of both, so they carry no evidence of a weakness; shown, never counted as one.
    """
    if not verified:
        return Severity.INFO
    return min(weakness.severity, Severity.MEDIUM, key=lambda s: s.rank)


def _model_message(claim: ModelClaim, *, verified: bool) -> str:
    reason = clean_reason(claim.reason) or "no reason given"
    if verified:
        return f"The model reports: {reason}"
    return f"Unverified model claim (the code it points at does not show this weakness): {reason}"


def line_windows(total: int, size: int) -> list[tuple[int, int]]:
    """1-based inclusive windows of at most `size` lines that overlap by a tenth.

    A long file is asked about window by window so that the prompt fits the context.
    """
    if total <= size:
        return [(1, max(total, 1))]
    windows = []
    start = 1
    while True:
        end = min(start + size - 1, total)
        windows.append((start, end))
        if end == total:
            return windows
        start = end - size // 10 + 1


def window_text(file: SourceFile, first: int, last: int) -> str:
    """Lines first..last as they are: no numbers, since Qwen's tokenizer spells a number digit
    by digit and numbering cost about a fifth of a review prompt; the model copies the line it
    means instead, and prompt processing is what a review waits for on a CPU."""
    return "\n".join(file.line(n) for n in range(first, last + 1))


def cited_line(
    file: SourceFile, window: tuple[int, int], claim: ModelClaim, weakness: WeaknessClass | None
) -> int | None:
    """The line a claim points at: its number when it gave one inside the window, else the
    line its copied code matches in the window (preferring one that holds the weakness). A
    line the model was not shown is never cited."""
    first, last = window
    if claim.line and first <= claim.line <= min(last, len(file.lines)):
        return claim.line
    if not claim.quote:
        return None
    if weakness is None:
        return locate_quote(file, claim.quote, *window)
    return locate_quote(file, claim.quote, *window, prefer=lambda n: weakness.holds_at(file, n))
