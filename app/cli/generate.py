"""`airlock generate`, `airlock fix`, `airlock diff` and `airlock session`: generation sessions.

Generated code streams to stdout as the model writes it (unless --quiet or --output); the
questions, findings and comparisons go to stdout too; progress and notices go to stderr. When
a step fails, the error is one line that names the session, which keeps what was done.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import sqlite_utils

from app.cli.progress import ignore_progress, print_progress
from app.core.compare import Comparison, FindingChange
from app.core.documents import parse_yaml, read_file_text
from app.core.errors import AirlockError, OperationCancelled, UserInputError
from app.core.fix import FixOutcome, plan_fix, run_fix
from app.core.generate import (
    CodeVersion,
    GenerateSettings,
    QuestionPlan,
    StartedSession,
    generate_code,
    plan_questions,
    review_version,
    start_session,
)
from app.core.projects import get_project
from app.core.question_answers import format_answer, parse_answer
from app.core.questions import Question, answer_in_threat_model
from app.core.review_service import ModelChoice, SavedReview
from app.core.sessions import (
    SessionView,
    diff_versions,
    latest_version,
    list_sessions,
    load_context,
    show_session,
    version_files,
)
from app.llm.factory import open_model, role_model_id
from app.store.db import open_database
from app.store.reviews import StoredFinding, review_findings
from app.store.sessions import ArtifactRow

# --- Models ---------------------------------------------------------------------------------


def _open_model(db: sqlite_utils.Database, role: str) -> ModelChoice:
    """The role's model with its file verified; the engine host starts on first use."""
    opened = open_model(db, role=role)
    return ModelChoice(opened.engine, opened.model_id, opened.sha256)


def _open_review_model(db: sqlite_utils.Database, generator: ModelChoice) -> ModelChoice | None:
    """The review role's model, sharing the generator's engine when it is the same model."""
    try:
        same = role_model_id(db, "review") == generator.model_id  # a local model or a server
        return generator if same else _open_model(db, "review")
    except AirlockError as exc:
        click.echo(f"airlock: warning: model review skipped: {exc}", err=True)
        return None


@contextmanager
def _models(
    db: sqlite_utils.Database, *, review: bool
) -> Iterator[tuple[ModelChoice, ModelChoice | None]]:
    generator = _open_model(db, "generate")
    reviewer = _open_review_model(db, generator) if review else None
    try:
        yield generator, reviewer
    finally:
        generator.engine.close()
        if reviewer is not None and reviewer is not generator:
            reviewer.engine.close()


@contextmanager
def _session_kept(session_id: int) -> Iterator[None]:
    """Name the session in the one-line error, and turn Ctrl-C into a clean cancel."""
    hint = f"session {session_id} keeps what was done so far (airlock session show {session_id})"
    try:
        yield
    except KeyboardInterrupt as exc:
        raise OperationCancelled(f"cancelled; {hint}") from exc
    except AirlockError as exc:
        exc.args = (f"{exc}; {hint}",)
        raise


# --- airlock generate -----------------------------------------------------------------------


@click.command("generate")
@click.argument("request")
@click.option(
    "--project", "project_name", required=True, help="The project whose threat model applies."
)
@click.option(
    "--answers",
    "answers_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="YAML file mapping question ids to answers.",
)
@click.option("--interactive", "-i", is_flag=True, help="Ask the open questions here.")
@click.option("--no-review", is_flag=True, help="Do not review the generated code.")
@click.option(
    "--output", "-o", type=click.Path(path_type=Path, file_okay=False),
    help="Write the generated files into this folder (instead of streaming them).",
)  # fmt: skip
@click.option("--quiet", "-q", is_flag=True, help="Do not stream the code or show progress.")
@click.option("--max-tokens", type=click.IntRange(64, 8192), default=1024, show_default=True)
def generate_command(
    request: str,
    project_name: str,
    answers_file: Path | None,
    interactive: bool,
    no_review: bool,
    output: Path | None,
    quiet: bool,
    max_tokens: int,
) -> None:
    """Generate code for REQUEST against the project's threat model, then review it.

    First the security questions the request leaves open are listed (answered ones with
    their answer); answers come from --answers, from --interactive, or are the safe defaults.
    """
    if answers_file and interactive:
        raise UserInputError("give either --answers or --interactive, not both")
    given = _load_answers(answers_file) if answers_file else {}
    settings = GenerateSettings(max_tokens=max_tokens, review=not no_review)
    db = open_database()
    get_project(db, project_name)  # an unknown project fails here, before a model loads
    with _models(db, review=settings.review) as (generator, reviewer):
        plan = plan_questions(db, project_name, request, engine=generator.engine)
        _print_plan(plan)
        if interactive:
            given = _ask_open_questions(plan)
        started = start_session(db, plan, given, model=generator, settings=settings)
        _print_started(started, plan)
        with _session_kept(started.session_id):
            code = _generate(db, started.session_id, generator, settings, output, quiet)
            if settings.review:
                saved = _review(db, started.session_id, code.version, reviewer, settings, quiet)
                _print_review(db, saved)
    _print_next(started.session_id, reviewed=settings.review)


def _load_answers(path: Path) -> dict[str, object]:
    # The threat-model reader's limits and messages: size, UTF-8, duplicate keys, bad tags.
    document = parse_yaml(read_file_text(path), str(path))
    if document is None:
        return {}
    if not isinstance(document, dict) or not all(isinstance(k, str) for k in document):
        raise UserInputError(f"{path}: expected a mapping of question id to answer")
    return {key: value for key, value in document.items() if value is not None}


def _print_plan(plan: QuestionPlan) -> None:
    stored = {q.id: answer_in_threat_model(q, plan.project.threat_model) for q in plan.questions}
    open_count = sum(1 for value in stored.values() if value is None)
    click.echo(
        f"Security questions for this request: {len(plan.questions)}, "
        f"{len(plan.questions) - open_count} answered by the threat model, {open_count} open."
    )
    groups = [(f"{t.title} ({t.reason})", t.id) for t in plan.topics]
    groups.append(("suggested by the model (not curated)", "model"))
    for title, topic in groups:
        questions = [q for q in plan.questions if q.topic == topic]
        if questions:
            click.echo(f"\n{title[0].upper()}{title[1:]}:")
        for question in questions:
            _print_question(question, stored[question.id])
    click.echo("")


def _print_question(question: Question, stored: object) -> None:
    click.echo(f"  {question.id}: {question.text}")
    if stored is not None:
        click.echo(f"      answered by the threat model: {format_answer(question, stored)}")
        return
    click.echo(f"      OPEN; why it matters: {question.why}")
    click.echo(f"      safe default: {format_answer(question, question.default)}")


def _ask_open_questions(plan: QuestionPlan) -> dict[str, object]:
    given: dict[str, object] = {}
    for question in plan.questions:
        if answer_in_threat_model(question, plan.project.threat_model) is None:
            given[question.id] = _ask(question)
    return given


def _ask(question: Question) -> object:
    shown = format_answer(question, question.default)
    while True:
        raw = click.prompt(f"{question.id}: {question.text}", default=shown)
        if raw == shown:
            return question.default
        try:
            return parse_answer(question, raw)
        except UserInputError as exc:
            click.echo(f"  {exc}", err=True)


def _print_started(started: StartedSession, plan: QuestionPlan) -> None:
    counts = {origin: 0 for origin in ("threat_model", "user", "default")}
    for item in started.answered:
        counts[item.origin] += 1
    click.echo(
        f"Answers: {counts['threat_model']} from the threat model, {counts['user']} given, "
        f"{counts['default']} safe defaults."
    )
    for item in (a for a in started.answered if a.origin == "default"):
        click.echo(f"  using the safe default for {item.question.id}: {item.text}")
    if started.saved:
        ids = ", ".join(item.question.id for item in started.saved)
        click.echo(
            f"Saved {len(started.saved)} answers to project {plan.project.name}: threat model "
            f"v{started.threat_model_version} ({ids})."
        )
    click.echo(f"Session {started.session_id} started.\n")


def _generate(
    db: sqlite_utils.Database,
    session_id: int,
    model: ModelChoice,
    settings: GenerateSettings,
    output: Path | None,
    quiet: bool,
) -> CodeVersion:
    stream = not quiet and output is None
    if not quiet:
        click.echo(f"airlock: generating with {model.model_id} ...", err=True)
    code = generate_code(
        db, session_id, model, settings, on_fragment=_echo_fragment if stream else _drop
    )
    if stream:
        click.echo("")
    _print_files(code.version, code.files, code.notes, output)
    return code


def _echo_fragment(fragment: str) -> None:
    click.echo(fragment, nl=False)
    sys.stdout.flush()


def _drop(_: str) -> None:
    return None


def _print_files(
    version: int, files: Sequence[ArtifactRow], notes: Sequence[str], output: Path | None
) -> None:
    listed = ", ".join(f"{f.path} ({f.content.count(chr(10))} lines)" for f in files)
    click.echo(f"Version {version}: {len(files)} file(s): {listed}")
    for note in notes:
        click.echo(f"  note: {note}")
    if output is not None:
        for path in _write_files({f.path: f.content for f in files}, output):
            click.echo(f"  wrote {path}")


def _write_files(files: Mapping[str, str], folder: Path) -> list[Path]:
    """Write files under `folder`; a path that would land outside it is refused."""
    root = folder.resolve()
    written = []
    for relative, content in files.items():
        target = (root / relative).resolve()
        if not target.is_relative_to(root):
            raise UserInputError(f"refusing to write {relative!r} outside {root}")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        except OSError as exc:
            raise AirlockError(f"cannot write {target}: {exc.strerror or exc}") from exc
        written.append(target)
    return written


def _review(
    db: sqlite_utils.Database,
    session_id: int,
    version: int,
    model: ModelChoice | None,
    settings: GenerateSettings,
    quiet: bool,
) -> SavedReview:
    return review_version(
        db, session_id, version, model=model, options=settings.review_options,
        progress=ignore_progress if quiet else print_progress,
    )  # fmt: skip


def _print_review(db: sqlite_utils.Database, saved: SavedReview) -> None:
    outcome = saved.outcome
    click.echo(f"\nReview {saved.review_id}: {len(outcome.findings)} finding(s)")
    if saved.review_id is not None:
        _print_findings(review_findings(db, saved.review_id))
    for warning in outcome.warnings:
        click.echo(f"  warning: {warning.file or warning.stage or '-'}: {warning.message}")


def _print_findings(findings: Sequence[StoredFinding]) -> None:
    for stored in findings:
        click.echo(f"  {_finding_line(stored)}")


def _finding_line(stored: StoredFinding) -> str:
    finding = stored.finding
    where = f"{finding.file}:{finding.start_line}" if finding.start_line else finding.file
    cwe = ",".join(f"CWE-{n}" for n in finding.cwe)
    return (
        f"#{stored.id} {finding.severity.value.upper():<8} {where}  {finding.title}"
        f" [{cwe}] ({', '.join(finding.sources)})"
    )


def _print_next(session_id: int, *, reviewed: bool) -> None:
    steps = [f"airlock session show {session_id}"]
    if reviewed:
        steps.insert(0, f"airlock fix {session_id} [--findings ID,...]")
    click.echo(f"\nSession {session_id} saved. Next: {'  |  '.join(steps)}")


# --- airlock fix ----------------------------------------------------------------------------


@click.command("fix")
@click.argument("session_id", metavar="SESSION", type=int)
@click.option(
    "--findings", "finding_ids", help="Comma-separated finding ids (default: the worst few)."
)
@click.option(
    "--output", "-o", type=click.Path(path_type=Path, file_okay=False),
    help="Write the fixed files into this folder (instead of streaming them).",
)  # fmt: skip
@click.option("--quiet", "-q", is_flag=True, help="Do not stream the code or show progress.")
@click.option("--max-tokens", type=click.IntRange(64, 8192), default=1024, show_default=True)
@click.option(
    "--scope", type=click.Choice(["window", "file"]), default="window", show_default=True,
    help="window: the lines around each finding (best for small models); file: whole files.",
)  # fmt: skip
def fix_command(
    session_id: int,
    finding_ids: str | None,
    output: Path | None,
    quiet: bool,
    max_tokens: int,
    scope: str,
) -> None:
    """Send the latest code and the chosen findings to the model; review the new version.

    Reports each finding as fixed, still present or new.
    """
    ids = _parse_ids(finding_ids) if finding_ids else None
    settings = GenerateSettings(
        max_tokens=max_tokens, fix_scope="file" if scope == "file" else "window"
    )
    db = open_database()
    load_context(db, session_id)  # an unknown session fails here, before a model loads
    with _models(db, review=True) as (generator, reviewer), _session_kept(session_id):
        plan = plan_fix(db, session_id, settings, finding_ids=ids, review_model=reviewer)
        click.echo(
            f"Fixing {len(plan.chosen)} finding(s) of review {plan.review_id} (v{plan.version}):"
        )
        _print_findings(plan.chosen)
        if not quiet:
            click.echo(f"airlock: fixing with {generator.model_id} ...", err=True)
        stream = not quiet and output is None
        outcome = run_fix(
            db, plan, generator, settings, review_model=reviewer,
            on_fragment=_echo_fragment if stream else _drop,
            progress=ignore_progress if quiet else print_progress,
        )  # fmt: skip
    if stream:
        click.echo("")
    _print_fix(db, outcome, output)


def _parse_ids(text: str) -> list[int]:
    parts = [part.strip().lstrip("#") for part in text.split(",") if part.strip()]
    if not parts or not all(part.isdigit() for part in parts):
        raise UserInputError(f"--findings expects ids such as 12,15 (got {text!r})")
    return [int(part) for part in parts]


def _print_fix(db: sqlite_utils.Database, outcome: FixOutcome, output: Path | None) -> None:
    _print_files(outcome.version, outcome.files, outcome.notes, output)
    click.echo(f"  changed: {', '.join(outcome.changed)}")
    _print_review(db, outcome.review)
    _print_comparison(outcome.comparison, outcome.version)


def _print_comparison(comparison: Comparison, version: int) -> None:
    click.echo(f"\nComparison v{version - 1} -> v{version}: {comparison.summary()}")
    for change in comparison.changes:
        click.echo(f"  {_change_line(change)}")


def _change_line(change: FindingChange) -> str:
    line = f"{change.status:<13} {_finding_line(change.finding)}"
    if change.counterpart is not None:
        line += f" -> #{change.counterpart.id} (by {change.matched_by})"
    return line + (" [chosen for the fix]" if change.targeted else "")


# --- airlock diff ---------------------------------------------------------------------------


@click.command("diff")
@click.argument("session_id", metavar="SESSION", type=int)
@click.argument("old", metavar="V1", type=int)
@click.argument("new", metavar="V2", type=int)
def diff_command(session_id: int, old: int, new: int) -> None:
    """Show a unified diff between two code versions of a session."""
    text = diff_versions(open_database(), session_id, old, new)
    click.echo(text or f"v{old} and v{new} are identical", nl=not text)


# --- airlock session ------------------------------------------------------------------------


@click.group("session")
def session_group() -> None:
    """List and inspect generation sessions."""


@session_group.command("list")
@click.option("--project", "project_name", help="Only this project's sessions.")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
def session_list(project_name: str | None, limit: int) -> None:
    """List recent sessions, newest first."""
    rows = list_sessions(open_database(), project=project_name, limit=limit)
    if not rows:
        click.echo('no sessions yet: airlock generate --project NAME "REQUEST"', err=True)
    for row, project in rows:
        request = " ".join(row.request.split())
        request = request if len(request) <= 60 else request[:57] + "..."
        click.echo(f"{row.id}\t{project}\t{row.status}\t{row.created_at}\t{request}")


@session_group.command("show")
@click.argument("session_id", metavar="SESSION", type=int)
@click.option("--code", is_flag=True, help="Also print the code of a version.")
@click.option("--version", "version", type=int, help="The version for --code (default: latest).")
@click.option("--json", "as_json", is_flag=True, help="The whole session record as JSON.")
def session_show(session_id: int, code: bool, version: int | None, as_json: bool) -> None:
    """Show everything a session recorded: request, answers, model, prompts, versions, reviews."""
    db = open_database()
    view = show_session(db, session_id)
    if as_json:
        click.echo(json.dumps(_view_json(view), indent=2, ensure_ascii=False, default=str))
        return
    _print_session(view)
    if code:
        chosen = version or latest_version(db, session_id)
        if chosen is None:
            raise UserInputError(f"session {session_id} has no code yet")
        for path, content in version_files(db, session_id, chosen).items():
            click.echo(f"\n--- v{chosen}/{path}\n{content}", nl=False)


def _print_session(view: SessionView) -> None:
    context, session = view.context, view.context.session
    click.echo(f"Session {session.id} ({session.status}), project {context.project_name}, "
               f"threat model v{context.threat_model_version}")  # fmt: skip
    click.echo(f"Request: {session.request}")
    click.echo(f"Model: {session.model_id} (SHA-256 {session.model_sha256})")
    click.echo(f"Created {session.created_at}, updated {session.updated_at}")
    click.echo(f"Settings: {json.dumps(session.settings, sort_keys=True)}")
    click.echo("Questions:")
    for q in session.questions:
        click.echo(f"  {q['id']}: {q['question']} -> {q['answer']} ({q['answered_by']})")
    click.echo("Prompts (SHA-256):")
    for key, sha in sorted(session.prompt_hashes.items()):
        click.echo(f"  {key}: {sha}")
    _print_steps(session.steps)
    _print_versions(view)


def _print_steps(steps: Sequence[Mapping[str, Any]]) -> None:
    click.echo("Steps:")
    for step in steps:
        detail = f" v{step['version']}" if "version" in step else ""
        detail += f" ({step['scope']})" if "scope" in step else ""
        seconds = f" {step['seconds']:.1f}s" if isinstance(step.get("seconds"), int | float) else ""
        error = f": {step['error']}" if step.get("error") else ""
        click.echo(f"  {step['step']}{detail}: {step.get('status', 'ok')}{seconds}{error}")
        if step["step"] == "compare":
            for change in step.get("changes", []):
                click.echo(f"    {change['status']:<13} #{change['finding_id']} {change['rule_id']}"
                           f" {change['file']}:{change['line']}")  # fmt: skip


def _print_versions(view: SessionView) -> None:
    for version in view.versions:
        files = ", ".join(f"{f.path} ({f.sha256[:12]})" for f in version.files)
        click.echo(f"Version {version.version} ({version.files[0].origin}): {files}")
        for record, findings in version.reviews:
            click.echo(f"  review {record.id} ({record.status}): {len(findings)} finding(s)")
            for stored in findings:
                click.echo(f"    {_finding_line(stored)}")


def _view_json(view: SessionView) -> dict[str, Any]:
    session = view.context.session
    return {
        "session": session.__dict__,
        "project": view.context.project_name,
        "threat_model_version": view.context.threat_model_version,
        "versions": [
            {
                "version": v.version,
                "files": [f.__dict__ for f in v.files],
                "reviews": [
                    {"review_id": r.id, "findings": [_finding_json(f) for f in found]}
                    for r, found in v.reviews
                ],
            }
            for v in view.versions
        ],
    }


def _finding_json(stored: StoredFinding) -> dict[str, Any]:
    finding = stored.finding
    return {"id": stored.id, "rule_id": finding.rule_id, "severity": finding.severity.value,
            "file": finding.file, "line": finding.start_line, "title": finding.title,
            "fingerprint": finding.fingerprint}  # fmt: skip
