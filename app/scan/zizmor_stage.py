"""Stage: zizmor (MIT) over GitHub Actions workflows, offline, beside Airlock's own Actions rules.

zizmor is a separate program (a Rust binary in its PyPI wheel). It runs once per review with
`--offline` (no GitHub API: the online audits are off) and `--no-exit-codes`, over a private
temporary folder that holds the workflows under generated names in `.github/workflows/`, the
layout it collects. Its findings carry Airlock's CWEs for each audit (below) so that they merge
with the rule pack's findings on the same line (one finding, both sources). `# zizmor: ignore`
comments in the reviewed code are the author's claims, not a verdict, and its configuration
files are never read: only the workflow text is copied into the folder zizmor audits.
An audit with no CWE in the table below is left out rather than reported under a wrong one.

Which audits report: on the dev corpus's GitHub Actions pairs (8 pairs, 2026-12-06), Airlock's
rules alone score Youden 1.00, zizmor alone 0.62 and both merged 0.75: zizmor's
`dangerous-triggers` is high on every `pull_request_target`, also where the workflow never runs
the pull request's code, and `unpinned-uses` flags tag-pinned first-party actions. So where
both look at the same weakness (OVERLAPPING_AUDITS) the rule pack's judgement stands, and
zizmor adds the audits the pack does not have (persisted checkout credentials, GITHUB_ENV
injection, cache poisoning, spoofable bot checks, ...).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from app.core.findings import Confidence, Finding, ReviewWarning, Severity, StageResult
from app.core.sources import SourceFile
from app.scan.base import StageContext
from app.scan.child_program import ChildProgram
from app.scan.rules.common import snippet

log = logging.getLogger(__name__)

SOURCE = "zizmor"
# zizmor audit -> (CWE, title, fix). The CWEs are the rule pack's for the same weakness, so
# the two stages merge where they agree.
_AUDITS: dict[str, tuple[tuple[int, ...], str, str]] = {
    "template-injection": (
        (78, 94),
        "Expression injected into a run step",
        "Pass the value through an environment variable (env: TITLE: ${{ ... }}) and quote "
        '"$TITLE" in the script.',
    ),
    "dangerous-triggers": (
        (829, 94),
        "Workflow runs untrusted code with a privileged trigger",
        "Use pull_request instead of pull_request_target/workflow_run, or never check out and "
        "run the pull request's code there.",
    ),
    "excessive-permissions": (
        (732, 250),
        "Workflow token with more permissions than it needs",
        "Set permissions: {} (or contents: read) at the top; grant each job only what it uses.",
    ),
    "unpinned-uses": (
        (829, 1357),
        "Action not pinned to a commit",
        "Pin third-party actions to a full commit SHA (with the version as a comment).",
    ),
    "unpinned-images": (
        (829, 1357),
        "Container image not pinned",
        "Pin container images by digest (image@sha256:...).",
    ),
    "artipacked": (
        (522,),
        "Checkout keeps the token on disk",
        "Set persist-credentials: false on actions/checkout unless a later step must push.",
    ),
    "hardcoded-container-credentials": (
        (798,),
        "Hard-coded container registry credentials",
        "Use ${{ secrets.* }} for registry credentials.",
    ),
    "secrets-inherit": (
        (200,),
        "Every secret passed to a reusable workflow",
        "Pass only the secrets the called workflow needs.",
    ),
    "overprovisioned-secrets": (
        (200,),
        "The whole secrets context is exposed",
        "Refer to single secrets (secrets.NAME), never toJSON(secrets) or secrets[...].",
    ),
    "unredacted-secrets": (
        (532,),
        "Secret derived in a way the log masking misses",
        "Do not parse or transform secrets in expressions; use them whole.",
    ),
    "github-env": (
        (78, 94),
        "Untrusted data written to GITHUB_ENV or GITHUB_PATH",
        "Never write attacker-controlled values to GITHUB_ENV/GITHUB_PATH in privileged workflows.",
    ),
    "cache-poisoning": (
        (349,),
        "Cache restored in a release workflow",
        "Do not use caches in workflows that publish artifacts.",
    ),
    "insecure-commands": (
        (78, 94),
        "Deprecated workflow commands enabled",
        "Remove ACTIONS_ALLOW_UNSECURE_COMMANDS; use GITHUB_ENV/GITHUB_PATH files.",
    ),
    "bot-conditions": (
        (290,),
        "Actor check that a pull request author can spoof",
        "Check github.event.pull_request.user.login or use a trusted trigger, not github.actor.",
    ),
    "self-hosted-runner": (
        (250,),
        "Self-hosted runner",
        "Run untrusted workflows only on ephemeral, isolated runners.",
    ),
}
# Audits of weaknesses the rule pack (app/scan/rules/actions.py) judges itself, better on our
# corpus: their zizmor findings are left out.
OVERLAPPING_AUDITS = frozenset(
    {"template-injection", "dangerous-triggers", "excessive-permissions", "unpinned-uses"}
)
_SEVERITY = {
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
    "informational": Severity.INFO,
    "unknown": Severity.LOW,
}
_CONFIDENCE = {"high": Confidence.HIGH, "medium": Confidence.MEDIUM, "low": Confidence.LOW}


class ZizmorMissing(Exception):
    """zizmor is not installed."""


def find_zizmor() -> Path:
    """The zizmor binary installed beside this interpreter (its wheel puts it in bin/)."""
    name = "zizmor.exe" if os.name == "nt" else "zizmor"
    # The one-folder app keeps it in its internal folder (packaging/airlock.spec).
    frozen = getattr(sys, "_MEIPASS", None)
    folders = [Path(sys.executable).parent, Path(sys.prefix) / "bin"]
    folders += [Path(frozen)] if frozen else []
    for folder in folders:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    found = shutil.which(name)
    if found:
        return Path(found)
    raise ZizmorMissing("zizmor is not installed: workflows were checked by Airlock's rules only")


class ZizmorStage:
    """zizmor's offline audits over the review's GitHub Actions workflows."""

    name = SOURCE
    languages = frozenset({"github_actions"})
    by_rules = True

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        result = StageResult()
        targets = [file for file in files if file.language == "github_actions"]
        if not targets:
            return result
        # One engine run reads them all: progress says the files are being read (on_file is
        # called before files, so `done` stays below `total`).
        context.on_file(0, len(targets))
        with tempfile.TemporaryDirectory(prefix="airlock-zizmor-") as folder:
            workflows = Path(folder) / ".github" / "workflows"
            workflows.mkdir(parents=True)
            names = {}
            for index, file in enumerate(targets):
                name = f"w{index:05d}.yml"
                (workflows / name).write_text(file.text, encoding="utf-8", errors="surrogateescape")
                names[name] = file
            try:
                report, audited = _run(find_zizmor(), Path(folder), context.should_cancel)
            except (ZizmorMissing, OSError, ValueError) as exc:
                log.warning("zizmor stage failed: %s", exc)
                result.warnings.append(ReviewWarning("stage_failed", str(exc), stage=SOURCE))
                return result
        for name, file in names.items():
            if name not in audited:  # zizmor could not parse it (our rules still read it)
                message = "zizmor could not read this workflow; checked by Airlock's rules only"
                result.warnings.append(
                    ReviewWarning("parse_error", message, file=file.path, stage=SOURCE)
                )
        for item in report:
            finding = _finding(item, names)
            if finding is not None:
                result.findings.append(finding)
        return result


# zizmor logs each input it audited; an input it could not parse is only a warning there.
_AUDITED = re.compile(r"completed \./\.github/workflows/(w\d+\.yml)")


def _run(
    binary: Path, folder: Path, should_cancel: Callable[[], bool]
) -> tuple[list[dict[str, Any]], set[str]]:
    """zizmor's findings, and the workflow names it audited."""
    argv = [str(binary), "--offline", "--no-online-audits", "--format", "json", "--no-exit-codes",
            "--collect", "workflows", "--no-progress", "."]  # fmt: skip
    env = {"PATH": os.defpath, "HOME": str(folder), "NO_COLOR": "1", "ZIZMOR_OFFLINE": "true"}
    program = ChildProgram(argv, env=env, cwd=folder)
    try:
        returncode, stdout, stderr = program.wait(should_cancel)
    finally:
        program.close()
    log_text = stderr.decode("utf-8", "replace")
    audited = set(_AUDITED.findall(log_text))
    if "no inputs collected" in log_text:
        return [], audited  # it could parse none of them: each is reported as unread
    try:
        report = json.loads(stdout.decode("utf-8", "replace") or "null")
    except json.JSONDecodeError:
        report = None
    if not isinstance(report, list):
        tail = " / ".join(log_text.strip().splitlines()[-2:])
        raise ValueError(f"zizmor failed: {tail or f'exit code {returncode}'}")
    return [item for item in report if isinstance(item, dict)], audited


def _finding(item: dict[str, Any], names: dict[str, SourceFile]) -> Finding | None:
    ident = str(item.get("ident", ""))
    known = _AUDITS.get(ident)
    primary = _primary_location(item)
    if known is None or primary is None or ident in OVERLAPPING_AUDITS:
        return None  # an audit we have no CWE for: not reported rather than mislabelled
    path, start, end, annotation = primary
    file = names.get(PurePosixPath(path).name)
    if file is None:
        return None
    determinations = item.get("determinations") or {}
    cwe, title, fix = known
    severity = _SEVERITY.get(str(determinations.get("severity", "")).lower(), Severity.LOW)
    confidence = _CONFIDENCE.get(str(determinations.get("confidence", "")).lower(), Confidence.LOW)
    description = str(item.get("desc", "")).strip()
    message = f"{description}: {annotation}" if annotation else description
    return Finding(
        rule_id=f"zizmor.{ident}",
        title=title,
        cwe=cwe,
        severity=severity,
        confidence=confidence,
        sources=(SOURCE,),
        file=file.path,
        start_line=start,
        end_line=end,
        snippet=snippet(file, start, end),
        message=message,
        fix=fix,
    )


def _primary_location(item: dict[str, Any]) -> tuple[str, int, int, str] | None:
    for location in item.get("locations") or []:
        symbolic = location.get("symbolic") or {}
        if symbolic.get("kind") != "Primary":
            continue
        key = (symbolic.get("key") or {}).get("Local") or {}
        span = ((location.get("concrete") or {}).get("location")) or {}
        start = (span.get("start_point") or {}).get("row")
        end = (span.get("end_point") or {}).get("row")
        if not isinstance(start, int):
            return None
        # zizmor counts rows from 0.
        return (
            str(key.get("verbatim_path", "")),
            start + 1,
            (end if isinstance(end, int) else start) + 1,
            str(symbolic.get("annotation", "")),
        )
    return None
