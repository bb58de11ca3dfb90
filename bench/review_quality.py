"""Measure the review's quality on the labelled corpus (tests/corpus), per category.

    .venv/bin/python -m bench.review_quality                  # every mode that can run
    .venv/bin/python -m bench.review_quality --no-model       # deterministic modes only
    .venv/bin/python -m bench.review_quality --modes full --limit 2 --json out.json

Modes (each case is reviewed on its own: one file, its own threat model):
  scanners   scanners + Python data flow ("scanners", "taint")
  policy     + threat-model policy checks ("policy")
  full       + the model stage with the default (catalog) model
  full-1.5b  + the model stage with Qwen2.5-Coder-1.5B, when it is installed (skipped if not)

`full` needs the default model: when it cannot be opened the run stops with a message (use
--no-model to skip the model modes). The last line is machine-readable:
  RESULT youden_scanners=<x> youden_policy=<x> youden_full=<x> safe_high=<n>
where each youden is the macro average over categories (NA when the mode did not run) and
safe_high is the count of safe files with a high or critical finding in the most complete mode
that ran (full, else policy, else scanners). Scoring is in bench/corpus.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `app` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.errors import AirlockError
from app.core.findings import Finding
from app.core.review import ReviewOptions, run_review
from app.core.sources import SourceFile, detect_language
from app.core.threat_model import ThreatModel, load_threat_model
from app.llm.engine import Engine
from bench.corpus import (
    MANIFEST,
    Case,
    Scores,
    display_path,
    format_table,
    load_manifest,
    score,
    scores_to_dict,
    select,
)

DETERMINISTIC = {
    "scanners": frozenset({"scanners", "taint"}),
    "policy": frozenset({"scanners", "taint", "policy"}),
}
FULL = frozenset({"scanners", "taint", "policy", "model"})
MODEL_MODES = {"full": None, "full-1.5b": "qwen2.5-coder-1.5b"}  # None: the catalog default
ALL_MODES = ("scanners", "policy", "full", "full-1.5b")


class BenchError(Exception):
    """A mode that was asked for cannot run; the message says why and what to do."""


@dataclass
class ModeRun:
    mode: str
    model_id: str
    scores: Scores
    findings: dict[str, list[Finding]]
    warnings: dict[str, list[str]]
    seconds: float


@dataclass
class ModelHandle:
    engine: Engine
    model_id: str


def open_model(model_id: str | None) -> ModelHandle:
    """The engine for a model (None: the catalog default), its file verified; BenchError if not."""
    from app.llm.factory import open_model as open_verified_model
    from app.llm.registry import ModelRegistry
    from app.store.db import open_database

    try:
        db = open_database()
        registry = ModelRegistry(db)
        wanted = model_id or registry.catalog.default_id
        if registry.repo.get(wanted) is None:
            registry.ensure_embedded(only=wanted)  # assembles an installed embedded model
        opened = open_verified_model(db, model_id=wanted, registry=registry)
    except AirlockError as exc:
        raise BenchError(f"model {model_id or 'default'} cannot be used: {exc}") from exc
    return ModelHandle(opened.engine, opened.model_id)


def source_for(case: Case, root: Path) -> SourceFile:
    """The case's file under a neutral name (the corpus names give the label away)."""
    text = case.path(root).read_text(encoding="utf-8")
    language = detect_language(case.file, text)
    return SourceFile(display_path(case), language, text)


def review_case(
    case: Case,
    root: Path,
    stages: frozenset[str],
    threat_models: dict[str, ThreatModel],
    engine: Engine | None,
    model_id: str,
) -> tuple[list[Finding], list[str]]:
    threat_model = None
    if case.threat_model:
        if case.threat_model not in threat_models:
            threat_models[case.threat_model] = load_threat_model(root / case.threat_model)
        threat_model = threat_models[case.threat_model]
    outcome = run_review(
        [source_for(case, root)],
        threat_model,
        options=ReviewOptions(stages=stages),
        engine=engine,
        model_id=model_id,
    )
    return list(outcome.findings), [f"{w.kind}: {w.message}" for w in outcome.warnings]


def run_mode(
    mode: str,
    cases: Sequence[Case],
    root: Path,
    *,
    model: ModelHandle | None = None,
    log: Callable[[str], None] = lambda _: None,
) -> ModeRun:
    stages = DETERMINISTIC.get(mode, FULL)
    engine = model.engine if model else None
    model_id = model.model_id if model else ""
    threat_models: dict[str, ThreatModel] = {}
    findings: dict[str, list[Finding]] = {}
    warnings: dict[str, list[str]] = {}
    started = time.monotonic()
    for index, case in enumerate(cases, 1):
        findings[case.id], warnings[case.id] = review_case(
            case, root, stages, threat_models, engine, model_id
        )
        if model is not None or index % 25 == 0 or index == len(cases):
            elapsed = time.monotonic() - started
            log(f"{mode}: {index}/{len(cases)} cases, {elapsed:.0f} s")
    elapsed = round(time.monotonic() - started, 1)
    return ModeRun(mode, model_id, score(cases, findings), findings, warnings, elapsed)


def _finding_dict(finding: Finding) -> dict[str, object]:
    return {
        "rule_id": finding.rule_id,
        "cwe": list(finding.cwe),
        "severity": finding.severity.value,
        "confidence": finding.confidence.value,
        "sources": list(finding.sources),
        "line": finding.start_line,
        "title": finding.title,
    }


def run_to_dict(run: ModeRun, cases: Sequence[Case]) -> dict[str, object]:
    return {
        "mode": run.mode,
        "model": run.model_id or None,
        "seconds": run.seconds,
        "scores": scores_to_dict(run.scores),
        "cases": {
            case.id: {
                "label": case.label,
                "category": case.category,
                "flagged": run.scores.flagged[case.id],
                "findings": [_finding_dict(f) for f in run.findings[case.id]],
                "warnings": run.warnings[case.id],
            }
            for case in cases
        },
    }


def result_line(runs: dict[str, ModeRun]) -> str:
    def youden(mode: str) -> str:
        run = runs.get(mode)
        value = run.scores.macro_youden if run else None
        return "NA" if value is None else f"{value:.2f}"

    deciding = next((runs[m] for m in ("full", "policy", "scanners") if m in runs), None)
    safe_high = str(deciding.scores.safe_high) if deciding else "NA"
    return (
        f"RESULT youden_scanners={youden('scanners')} youden_policy={youden('policy')} "
        f"youden_full={youden('full')} safe_high={safe_high}"
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.review_quality",
        description="Score the review per category on the labelled corpus.",
    )
    parser.add_argument(
        "--modes",
        default=",".join(ALL_MODES),
        help=f"comma-separated modes out of {', '.join(ALL_MODES)} (default: all)",
    )
    parser.add_argument("--no-model", action="store_true", help="skip the model modes")
    parser.add_argument(
        "--limit", type=int, metavar="N", help="at most N pairs per category (quick runs)"
    )
    parser.add_argument(
        "--category", action="append", metavar="X", help="only this category (repeatable)"
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every result here")
    parser.add_argument("--by-cwe", action="store_true", help="also print a table per CWE")
    parser.add_argument("--manifest", type=Path, default=MANIFEST, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = [m for m in modes if m not in ALL_MODES]
    if unknown or not modes:
        parser.error(f"unknown mode(s) {', '.join(unknown)}; choose from {', '.join(ALL_MODES)}")
    if args.no_model:
        modes = [m for m in modes if m not in MODEL_MODES]
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    args.modes = modes
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    manifest: Path = args.manifest
    root = manifest.parent
    every = load_manifest(manifest)
    known = sorted({case.category for case in every})
    unknown = sorted(set(args.category or ()) - set(known))
    if unknown:
        print(f"unknown category {', '.join(unknown)}; known: {', '.join(known)}", file=sys.stderr)
        return 2
    cases = select(every, categories=args.category, pairs_per_category=args.limit)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    runs: dict[str, ModeRun] = {}
    notes: list[str] = []
    for mode in args.modes:
        model = None
        if mode in MODEL_MODES:
            try:
                model = open_model(MODEL_MODES[mode])
            except BenchError as exc:
                if mode == "full":
                    hint = "run with --no-model to skip the model modes"
                    print(f"error: full mode: {exc}\n({hint})", file=sys.stderr)
                    return 2
                notes.append(f"{mode}: skipped, {exc}")
                log(notes[-1])
                continue
        try:
            runs[mode] = run_mode(mode, cases, root, model=model, log=log)
        finally:
            if model is not None:
                model.engine.close()
        run = runs[mode]
        title = f"{mode}" + (f" ({run.model_id})" if run.model_id else "")
        heading = f"{title}: {len(cases)} cases, {run.seconds} s"
        print(format_table(run.scores, heading, by_cwe=args.by_cwe))
        print()
    for note in notes:
        print(f"note: {note}")
    if "full-1.5b" in runs:
        value = runs["full-1.5b"].scores.macro_youden
        print(f"youden_full_1_5b={'NA' if value is None else f'{value:.2f}'}")
    if args.json:
        document = {
            "manifest": str(manifest),
            "cases": len(cases),
            "modes": {mode: run_to_dict(run, cases) for mode, run in runs.items()},
            "notes": notes,
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(result_line(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
