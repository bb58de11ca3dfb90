"""Stage: semgrep's engine with Airlock's own rule pack, over JavaScript/TypeScript, Java, Go
and C#, once per review.

The files are written to a private temporary folder (mode 0700, removed at the end) under
generated names with their language's extension: the reviewed path never decides where we
write, and the engine picks its parser by the extension. Every file the engine could not
parse, or parsed only in part, becomes a warning; a file it did not scan is never called
clean. A missing or failing engine is a `stage_failed` warning naming the files left
unchecked, and the other stages still run.
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from app.core.findings import (
    PARTLY_PARSED,
    Finding,
    ReviewWarning,
    StageResult,
)
from app.core.sources import SourceFile
from app.scan.base import Finished, PendingStage, StageContext
from app.scan.rules.common import mask_secret, snippet
from app.scan.semgrep import policy
from app.scan.semgrep.engine import EngineFailed, EngineMissing, EngineReport, RunningEngine
from app.scan.semgrep.pack import (
    PackRule,
    RulePackError,
    load_pack,
    pack_dir,
    pack_languages,
    short_id,
)

log = logging.getLogger(__name__)

SOURCE = "semgrep"
# The extension the engine needs to pick the parser, by Airlock language; a file's own
# extension is kept when it is one of the language's (".tsx" parses JSX, ".ts" does not).
_EXTENSIONS = {
    "javascript": (".js", ".mjs", ".cjs", ".jsx"),
    "typescript": (".ts", ".tsx", ".mts", ".cts"),
    "java": (".java",),
    "go": (".go",),
    "csharp": (".cs",),
    "template": (".ejs", ".hbs", ".handlebars", ".pug", ".jade"),
}
_STRING_LITERAL = re.compile(r"""(["'`])((?:\\.|(?!\1).)*)\1""")
_SECRET_IN_URL = re.compile(r"(://[^:/@\s\"']+:)([^@\s\"']+)(@)")


class SemgrepStage:
    """Airlock's semgrep rules over the files of the languages they read."""

    name = SOURCE
    by_rules = True

    def __init__(self, rules: Path | None = None) -> None:
        """`rules`: another pack folder in the same format (tests); default the shipped one."""
        self.rules = rules or pack_dir()

    @property
    def languages(self) -> frozenset[str]:
        try:
            return pack_languages(self.rules)
        except RulePackError:
            return frozenset()  # run() reports the broken pack

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        pending = self.start_early(files, context)
        try:
            return pending.result(context)
        finally:
            pending.close()

    def start_early(self, files: Sequence[SourceFile], context: StageContext) -> PendingStage:
        """Start the engine over the files it reads; the review collects it later."""
        try:
            languages = pack_languages(self.rules)
        except RulePackError as exc:
            warning = _unchecked(f"the semgrep rule pack is broken: {exc}", 0)
            return Finished(StageResult(warnings=[warning]))
        targets = [file for file in files if file.language in languages]
        if not targets:
            return Finished(StageResult())
        return _Running(self.rules, targets)


class _Running:
    """The engine at work on the review's files, in a private folder it removes at the end."""

    def __init__(self, rules: Path, targets: Sequence[SourceFile]) -> None:
        self.rules = rules
        self.count = len(targets)
        self.folder = tempfile.TemporaryDirectory(prefix="airlock-semgrep-")
        self.names: dict[str, SourceFile] = {}
        self.engine: RunningEngine | None = None
        self.failure: str | None = None
        try:
            self.names = _write_targets(targets, Path(self.folder.name))
            self.engine = RunningEngine(rules, Path(self.folder.name))
        except (EngineMissing, OSError, ValueError) as exc:  # OSError: e.g. a full disk
            self.failure = str(exc)

    def result(self, context: StageContext) -> StageResult:
        result = StageResult()
        # One engine run reads them all: progress says the files are being read (on_file is
        # called before files, so `done` stays below `total`).
        context.on_file(0, self.count)
        if self.engine is None:
            result.warnings.append(_unchecked(self.failure or "semgrep did not start", self.count))
            return result
        try:
            report = self.engine.wait(context.should_cancel)
        except EngineFailed as exc:
            log.warning("semgrep stage failed: %s", exc)
            result.warnings.append(_unchecked(str(exc), self.count))
            return result
        _collect(report, self.names, load_pack(self.rules), context, into=result)
        return result

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()
        self.folder.cleanup()


def _write_targets(files: Sequence[SourceFile], folder: Path) -> dict[str, SourceFile]:
    """Write each file as `<n>.<ext>`; return the written name -> file."""
    names: dict[str, SourceFile] = {}
    for index, file in enumerate(files):
        name = f"f{index:05d}{_extension(file)}"
        (folder / name).write_text(file.text, encoding="utf-8", errors="surrogateescape")
        names[name] = file
    return names


def _extension(file: SourceFile) -> str:
    allowed = _EXTENSIONS[file.language]
    suffix = PurePosixPath(file.path.replace("\\", "/")).suffix.lower()
    return suffix if suffix in allowed else allowed[0]


def _unchecked(reason: str, count: int) -> ReviewWarning:
    files = "1 file" if count == 1 else f"{count} files" if count else "files"
    return ReviewWarning("stage_failed", f"{reason}; {files} not checked by rules", stage=SOURCE)


def _collect(
    report: EngineReport,
    names: dict[str, SourceFile],
    rules: dict[str, PackRule],
    context: StageContext,
    *,
    into: StageResult,
) -> None:
    for raw in report.results:
        file = names.get(_target_name(raw.get("path")))
        rule = rules.get(short_id(str(raw.get("check_id", ""))))
        if file is None or rule is None:
            continue
        found = _finding(raw, rule, file)
        finding = policy.decide(found, rule.policy, route_of(found), context.threat_model)
        if finding is not None:
            into.findings.append(finding)
    failed: set[str] = set()
    for error in report.errors:
        warning = _error_warning(error, names)
        if warning is not None:
            into.warnings.append(warning)
            if warning.kind != PARTLY_PARSED and warning.file:
                failed.add(warning.file)
    scanned = {_target_name(path) for path in report.scanned}
    for name, file in names.items():
        if name not in scanned and file.path not in failed:
            message = "semgrep did not scan this file; not checked by rules"
            into.warnings.append(ReviewWarning("skipped", message, file=file.path, stage=SOURCE))


def _target_name(path: object) -> str:
    return PurePosixPath(str(path or "").replace("\\", "/")).name


def _finding(raw: dict[str, Any], rule: PackRule, file: SourceFile) -> Finding:
    start, end = _position(raw, "start"), _position(raw, "end")
    extra = _mapping(raw.get("extra"))
    message = " ".join(str(extra.get("message", "")).split()) or rule.title
    text = snippet(file, start[0], end[0])
    if rule.weakness_class == "hardcoded-secrets":
        text, message = _masked(text), _masked(message)
    return Finding(
        rule_id=rule.id,
        title=rule.title,
        cwe=rule.cwe,
        severity=rule.severity,
        confidence=rule.confidence,
        sources=(SOURCE,),
        file=file.path,
        start_line=start[0],
        end_line=end[0],
        start_column=start[1],
        end_column=end[1],
        snippet=text,
        message=message,
        fix=rule.fix,
    )


def _position(raw: dict[str, Any], key: str) -> tuple[int, int | None]:
    place = _mapping(raw.get(key))
    line = place.get("line")
    column = place.get("col")
    return (
        line if isinstance(line, int) and line > 0 else 1,
        column if isinstance(column, int) else None,
    )


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


_QUOTED = re.compile(r"""(["'`])(/[^"'`]*)\1""")


def route_of(finding: Finding) -> str | None:
    """The route path an authentication rule matched. The engine's JSON leaves metavariables
    out, so the rules write `$ROUTE` into their message, which the engine fills in; the
    matched line's first path literal is the fallback."""
    for text in (finding.message, finding.snippet):
        match = _QUOTED.search(text)
        if match:
            return match.group(2)
    return None


def _masked(text: str) -> str:
    """Every string literal and URL password masked: the rule matched a secret somewhere in
    these lines, and findings are stored and exported."""
    text = _SECRET_IN_URL.sub(lambda m: m.group(1) + mask_secret(m.group(2)) + m.group(3), text)
    return _STRING_LITERAL.sub(_masked_literal, text)


def _masked_literal(match: re.Match[str]) -> str:
    quote, value = match.group(1), match.group(2)
    # Short literals ("app", "") are names and keys, and hiding them hides nothing.
    return match.group(0) if len(value) < 4 else quote + mask_secret(value) + quote


def _error_warning(error: dict[str, Any], names: dict[str, SourceFile]) -> ReviewWarning | None:
    file = names.get(_target_name(error.get("path"))) if error.get("path") else None
    kind = error.get("type")
    kind_name = str(kind[0] if isinstance(kind, list) and kind else kind or "error")
    detail = " ".join(str(error.get("message", "")).split())[:300]
    if file is None:
        if str(error.get("level", "")).lower() == "warn":
            return None
        return ReviewWarning("stage_failed", f"semgrep: {kind_name}: {detail}", stage=SOURCE)
    if kind_name == "PartialParsing":
        lines = _error_lines(error)
        message = f"semgrep could not parse {lines} of this file; the rest was checked by rules"
        return ReviewWarning(PARTLY_PARSED, message, file=file.path, stage=SOURCE)
    if "Syntax" in kind_name or "Parse" in kind_name or "Lexical" in kind_name:
        message = f"semgrep could not parse this file ({kind_name}); not checked by rules"
        return ReviewWarning("parse_error", message, file=file.path, stage=SOURCE)
    message = f"semgrep: {kind_name} on this file; it was not fully checked by rules"
    return ReviewWarning("stage_failed", message, file=file.path, stage=SOURCE)


def _error_lines(error: dict[str, Any]) -> str:
    spans = error.get("spans")
    spans = spans if isinstance(spans, list) else []
    lines = sorted(
        {
            span["start"]["line"]
            for span in spans
            if isinstance(span, dict)
            and isinstance(span.get("start"), dict)
            and "line" in span["start"]
        }
    )
    if not lines:
        return "parts"
    return "line " + str(lines[0]) if len(lines) == 1 else "lines " + ", ".join(map(str, lines[:8]))
