"""Focused fixes: the lines around each finding to the model, the corrected lines spliced back.

Asked to rewrite a whole file with a list of findings, Qwen 0.5B copied the file unchanged,
even with the findings written as comments at the cited lines. Shown only the enclosing
function (or a dozen lines) with one problem, it changed the code as asked. So the default
fix sends one window per finding (overlapping windows are merged), bottom-up per file so that
earlier line numbers stay valid, and splices each reply back in.

A reply is applied only if it is plausible: it has code, it is not much longer than the lines
asked for (a small model likes to add whole new functions), and for Python the file still
parses. Anything else leaves those lines as they were, with a note that says why.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from app.core.extract import extract_code
from app.core.generate_prompts import (
    CodeFile,
    Prompt,
    fenced_code,
    render_findings,
    requirements_block,
)
from app.core.prompts import load_prompt
from app.core.session_steps import engine_timing, stream_reply
from app.llm.engine import ChatMessage, Engine, Progress
from app.scan.python_recovery import parse_or_none
from app.store.reviews import StoredFinding

WINDOW_CONTEXT = 6
MAX_WINDOW_LINES = 40
MAX_WHOLE_FILE_LINES = 120
TOKENS_PER_LINE = 12  # a generous budget for the reply: the window's lines and a few more
_COMMENT = {"javascript": "//", "typescript": "//", "sql": "--"}
WHOLE_FILE = "applied to the whole file (the model sent the whole file back)"


@dataclass(frozen=True)
class Window:
    """Lines `first`..`last` (1-based, inclusive) of one file, and the findings inside."""

    path: str
    first: int
    last: int
    findings: tuple[StoredFinding, ...]

    @property
    def label(self) -> str:
        return f"{self.path} lines {self.first}-{self.last}"


@dataclass
class WindowRewrite:
    contents: dict[str, str]
    notes: list[str] = field(default_factory=list)
    details: list[dict[str, Any]] = field(default_factory=list)
    templates: dict[str, str] = field(default_factory=dict)


# --- Choosing the windows -------------------------------------------------------------------


def plan_windows(
    files: Sequence[CodeFile], findings: Sequence[StoredFinding]
) -> tuple[list[Window], list[str]]:
    """One window per finding, merged where they touch; notes for findings left out."""
    by_path = {file.path: file for file in files}
    per_file: dict[str, list[Window]] = {}
    notes = []
    for stored in findings:
        file = by_path.get(stored.finding.file)
        span = _span(file, stored.finding.start_line) if file else None
        if file is None or span is None:
            notes.append(f"finding #{stored.id} has no place in this version's files; not sent")
            continue
        per_file.setdefault(file.path, []).append(Window(file.path, *span, (stored,)))
    return [w for windows in per_file.values() for w in _merged(windows)], notes


def _span(file: CodeFile, line: int | None) -> tuple[int, int] | None:
    total = max(1, len(file.content.splitlines()))
    if line is None or not 1 <= line <= total:
        # A finding about the file as a whole: send the file, if it is small enough.
        return (1, total) if total <= MAX_WHOLE_FILE_LINES else None
    block = _enclosing_block(file.content, line) if file.language == "python" else None
    if block is not None and block[1] - block[0] < MAX_WINDOW_LINES:
        return block
    return max(1, line - WINDOW_CONTEXT), min(total, line + WINDOW_CONTEXT)


def _enclosing_block(source: str, line: int) -> tuple[int, int] | None:
    """The innermost function around `line`, else the top-level statement holding it.

    Whole blocks keep a window from cutting a function in half: asked about the last lines of
    one function and the first of the next, a small model returns something that fits neither.
    """
    # Generated code cut off at the token limit still has whole functions before the cut.
    parsed = parse_or_none(source)
    if parsed is None:
        return None
    tree, _ = parsed
    functions = [
        _node_span(node) for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]  # fmt: skip
    around = [span for span in functions if span[0] <= line <= span[1]]
    if around:
        return min(around, key=lambda span: span[1] - span[0])
    statements = [_node_span(node) for node in tree.body]
    return next((span for span in statements if span[0] <= line <= span[1]), None)


def _node_span(node: ast.stmt) -> tuple[int, int]:
    decorators = getattr(node, "decorator_list", [])
    start = min([node.lineno, *(d.lineno for d in decorators)])
    return start, node.end_lineno or node.lineno


def _merged(windows: Sequence[Window]) -> list[Window]:
    ordered = sorted(windows, key=lambda w: (w.first, w.last))
    merged = [ordered[0]]
    for window in ordered[1:]:
        last = merged[-1]
        if window.first <= last.last + 1:
            merged[-1] = Window(
                last.path, last.first, max(last.last, window.last), last.findings + window.findings
            )
        else:
            merged.append(window)
    return merged


# --- Asking and splicing --------------------------------------------------------------------


def window_prompt(
    file: CodeFile, window: Window, context: str, requirements: Sequence[str]
) -> Prompt:
    system = load_prompt("fix.system")
    user = load_prompt("fix.window")
    lines = file.content.splitlines()[window.first - 1 : window.last]
    messages = [
        ChatMessage(
            "system",
            system.render(context=context, requirements=requirements_block(requirements)),
        ),
        ChatMessage(
            "user",
            user.render(
                path=file.path,
                first=str(window.first),
                last=str(window.last),
                code=fenced_code(file.language, "\n".join(lines) + "\n"),
                findings=render_findings([stored.finding for stored in window.findings]),
            ),
        ),
    ]
    return Prompt(messages, {system.key: system.text, user.key: user.text})


def splice(content: str, window: Window, reply: str, language: str) -> tuple[str | None, str]:
    """The file with the window replaced by the reply's code, or None and the reason why not."""
    extraction = extract_code(reply)
    if not extraction.files:
        return None, "no code in the reply"
    old_lines = content.splitlines()
    reply_lines = extraction.files[0].content.splitlines()
    first, last = _replaced_span(old_lines, window, reply_lines)
    asked = old_lines[first - 1 : last]
    new = _reindented(asked, reply_lines)
    problem = _implausible(asked, new, language)
    if problem:
        return None, problem
    lines = old_lines[: first - 1] + new + old_lines[last:]
    text = "\n".join(lines) + ("\n" if content.endswith("\n") else "")
    if text == content:
        return None, "the lines came back unchanged"
    if language == "python" and not _valid_python(content, text, first, len(new)):
        return None, "the rewrite is not valid Python"
    return text, WHOLE_FILE if (first, last) != (window.first, window.last) else "applied"


def _replaced_span(
    old_lines: Sequence[str], window: Window, reply_lines: Sequence[str]
) -> tuple[int, int]:
    """The window, or the whole file when the model sent the whole file back anyway."""
    starts_alike = _first_code_line(reply_lines) == _first_code_line(old_lines)
    if window.first > 1 and starts_alike and len(reply_lines) >= 0.8 * len(old_lines):
        return 1, len(old_lines)
    return window.first, window.last


def _first_code_line(lines: Sequence[str]) -> str:
    return next((line.strip() for line in lines if line.strip()), "")


def _implausible(asked: Sequence[str], new: Sequence[str], language: str) -> str | None:
    """Why a rewrite cannot be what was asked for, or None."""
    if len(new) > 1.5 * len(asked) + 6:
        return "the rewrite went far beyond the lines asked for"
    # Seen with Qwen 0.5B: a reply of one comment restating the finding, which would have
    # deleted the lines instead of fixing them.
    if 2 * _code_lines(new, language) < _code_lines(asked, language):
        return "the rewrite dropped most of the lines asked for"
    return None


def _code_lines(lines: Sequence[str], language: str) -> int:
    comment = _COMMENT.get(language, "#")
    return sum(1 for line in lines if line.strip() and not line.strip().startswith(comment))


def _reindented(asked: Sequence[str], new: list[str]) -> list[str]:
    """Models often return a method's lines dedented; put them back at the original depth."""
    want, got = _indent(asked), _indent(new)
    if got >= want:
        return new
    pad = " " * (want - got)
    return [pad + line if line.strip() else line for line in new]


def _indent(lines: Sequence[str]) -> int:
    first = next((line for line in lines if line.strip()), "")
    return len(first) - len(first.lstrip(" "))


def _valid_python(before: str, after: str, first: int, count: int) -> bool:
    """The rewritten file parses; or, when the file did not parse before the rewrite (cut
    off at the token limit), the rewritten lines `first`.. (`count` of them) do."""
    gaps = _unparsed(after)
    if gaps == ():
        return True
    if gaps is None or _unparsed(before) == ():
        return False
    last = first + count - 1
    return all(end < first or start > last for start, end in gaps)


def _unparsed(text: str) -> tuple[tuple[int, int], ...] | None:
    """The line ranges of `text` that do not parse: () for none, None for the whole file."""
    parsed = parse_or_none(text)
    if parsed is None:
        return None
    recovered = parsed[1]
    return recovered.skipped if recovered is not None else ()


def rewrite_windows(
    engine: Engine,
    files: Sequence[CodeFile],
    windows: Sequence[Window],
    *,
    context: str,
    requirements: Sequence[str],
    max_tokens: int,
    temperature: float,
    on_fragment: Callable[[str], None],
    should_cancel: Callable[[], bool],
    progress: Callable[[Progress], None],
) -> WindowRewrite:
    """Ask for each window's fix, bottom-up per file, and splice the plausible ones in."""
    result = WindowRewrite({file.path: file.content for file in files})
    by_path = {file.path: file for file in files}
    ordered = sorted(windows, key=lambda w: (w.path, -w.first))
    for done, window in enumerate(ordered):
        if _rewritten_whole(result, window.path):
            # The earlier windows' line numbers no longer hold in the rewritten file.
            result.notes.append(f"{window.label}: not asked (the whole file was rewritten)")
            continue
        progress(Progress("fix", done, len(ordered), window.label))
        file = replace(by_path[window.path], content=result.contents[window.path])
        prompt = window_prompt(file, window, context, requirements)
        result.templates.update(prompt.templates)
        budget = min(max_tokens, TOKENS_PER_LINE * (window.last - window.first + 1) + 64)
        reply = stream_reply(
            engine, prompt.messages, max_tokens=budget, temperature=temperature,
            on_fragment=on_fragment, should_cancel=should_cancel,
        )  # fmt: skip
        _apply(result, window, file, reply, engine)
    return result


def _rewritten_whole(result: WindowRewrite, path: str) -> bool:
    return any(d["outcome"] == WHOLE_FILE and d["path"] == path for d in result.details)


def _apply(
    result: WindowRewrite, window: Window, file: CodeFile, reply: str, engine: Engine
) -> None:
    spliced, outcome = splice(result.contents[window.path], window, reply, file.language)
    if spliced is not None:
        result.contents[window.path] = spliced
    else:
        result.notes.append(f"{window.label}: not applied ({outcome})")
    result.details.append(
        {"window": window.label, "path": window.path, "findings": [f.id for f in window.findings],
         "outcome": outcome, "engine": engine_timing(engine)}
    )  # fmt: skip
