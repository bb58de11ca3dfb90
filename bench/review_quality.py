"""Measure the review's quality per category: on the labelled corpus's two parts (dev and
heldout) and, when given, on an external benchmark corpus.

    .venv/bin/python -m bench.review_quality                  # every mode that can run
    .venv/bin/python -m bench.review_quality --no-model       # deterministic modes only
    .venv/bin/python -m bench.review_quality --no-model --part dev
    .venv/bin/python -m bench.review_quality --modes full --limit 2 --json out.json
    .venv/bin/python -m bench.review_quality --part none --external DIR [--external-csv F]

Modes (each case is reviewed on its own: one file or one folder, its own threat model):
  scanners   scanners + Python data flow ("scanners", "taint")
  policy     + threat-model policy checks ("policy"): the deterministic figure
  full       + the model stage with the default (catalog) model
  full-1.5b  + the model stage with Qwen2.5-Coder-1.5B, when it is installed (skipped if not)

Parts: dev (tests/corpus/dev, tuned on), heldout (tests/corpus/heldout/*/manifest.yaml, written
blind; whatever manifests exist) and external (--external DIR: test files plus a CSV of
name,category,vulnerable,cwe; reviewed in --external-modes, "policy" unless asked, and scored
by the exact CWE number). Each part is reviewed in each mode and printed per category; where
both policy and full ran on a part, a table compares them per category.

`full` needs the default model: when it cannot be opened the run stops with a message (use
--no-model to skip the model modes). The last line is machine-readable:
  RESULT youden_dev=<x> youden_heldout=<x> safe_high_heldout=<n> youden_full_heldout=<x>
         youden_external=<x> youden_js=<x> youden_java=<x> youden_go=<x> youden_csharp=<x>
         safe_high_heldout_other=<n>                               (on one line)
youden_dev, youden_heldout and youden_external are the macro Youden of mode policy on that
part, youden_full_heldout that of mode full on heldout; safe_high_heldout counts the heldout
safe cases with a high or critical finding in the most complete mode that ran there (full, else
policy, else scanners). Each part is split by language: dev and heldout are the Python cases,
dev-js, heldout-java ... the others (by file extension); youden_<language> is the policy
figure on heldout-<language>, and safe_high_heldout_other sums their safe_high. NA where that
run did not happen (--no-model, --part, no heldout manifest yet, no --external). Scoring is in
bench/corpus.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `app` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.errors import AirlockError
from app.core.findings import Finding
from app.core.review import ReviewOptions, run_review
from app.core.sources import SourceFile
from app.core.threat_model import ThreatModel, load_threat_model
from app.llm.engine import Engine
from bench.corpus import (
    CATEGORY_CWES,
    HELDOUT_DIR,
    LANGUAGES,
    MANIFEST,
    Case,
    ExternalCase,
    ExternalCorpusError,
    Flag,
    ManifestError,
    Scores,
    case_language,
    case_sources,
    dev_manifests,
    external_sources,
    find_external_csv,
    format_comparison,
    format_confusion_table,
    format_table,
    heldout_manifests,
    is_flagged,
    is_flagged_exact,
    is_flagged_with_questions,
    load_dev,
    load_external,
    load_manifest,
    score,
    scores_to_dict,
    select,
    select_external,
)

DETERMINISTIC = {
    "scanners": frozenset({"scanners", "taint"}),
    "policy": frozenset({"scanners", "taint", "policy"}),
}
FULL = frozenset({"scanners", "taint", "policy", "model"})
MODEL_MODES = {"full": None, "full-1.5b": "qwen2.5-coder-1.5b"}  # None: the catalog default
ALL_MODES = ("scanners", "policy", "full", "full-1.5b")
PARTS = ("dev", "heldout")
PART_CHOICES = (*PARTS, "all", "none")
DETERMINISTIC_MODE = "policy"  # the mode behind youden_dev, youden_heldout, youden_external
# The modes whose safe_high a part reports, most complete first.
SAFE_HIGH_ORDER = ("full", "policy", "scanners")

AnyCase = Case | ExternalCase


class BenchError(Exception):
    """A mode or corpus that was asked for cannot run; the message says why and what to do."""


@dataclass
class Corpus:
    """One body of cases scored together: the dev part, the heldout part or an external corpus.

    `modes` are the modes this corpus is reviewed in; `external` says how its cases count
    (see `flag`) and how --limit cuts it (whole pairs, or N of each label).
    """

    name: str
    root: Path
    cases: Sequence[AnyCase]
    modes: list[str]
    external: bool = False
    sources: list[str] = field(default_factory=list)  # the manifests or CSV, for --json

    @property
    def flag(self) -> Flag:
        """CWE family for the labelled parts; the exact CWE number for an external benchmark,
        as its own scorecards count."""
        return is_flagged_exact if self.external else is_flagged


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


Runs = dict[str, dict[str, ModeRun]]  # corpus name -> mode -> run


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


def sources_for(case: AnyCase, root: Path) -> list[SourceFile]:
    """What the review of one case reads: see case_sources and external_sources."""
    if isinstance(case, ExternalCase):
        return external_sources(case, root)
    return case_sources(case, root)


def review_case(
    case: AnyCase,
    root: Path,
    stages: frozenset[str],
    threat_models: dict[str, ThreatModel],
    engine: Engine | None,
    model_id: str,
) -> tuple[list[Finding], list[str]]:
    """One review of one case (all files of a folder case together); findings and warnings."""
    threat_model = None
    if case.threat_model:
        if case.threat_model not in threat_models:
            threat_models[case.threat_model] = load_threat_model(root / case.threat_model)
        threat_model = threat_models[case.threat_model]
    outcome = run_review(
        sources_for(case, root),
        threat_model,
        options=ReviewOptions(stages=stages),
        engine=engine,
        model_id=model_id,
    )
    return list(outcome.findings), [f"{w.kind}: {w.message}" for w in outcome.warnings]


def run_mode(
    mode: str,
    cases: Sequence[AnyCase],
    root: Path,
    *,
    model: ModelHandle | None = None,
    flag: Flag = is_flagged,
    log: Callable[[str], None] = lambda _: None,
    name: str = "",
) -> ModeRun:
    """Review every case in one mode and score the run with `flag`."""
    stages = DETERMINISTIC.get(mode, FULL)
    engine = model.engine if model else None
    model_id = model.model_id if model else ""
    threat_models: dict[str, ThreatModel] = {}
    findings: dict[str, list[Finding]] = {}
    warnings: dict[str, list[str]] = {}
    started = time.monotonic()
    label = f"{name} {mode}".strip()
    for index, case in enumerate(cases, 1):
        findings[case.id], warnings[case.id] = review_case(
            case, root, stages, threat_models, engine, model_id
        )
        if model is not None or index % 25 == 0 or index == len(cases):
            elapsed = time.monotonic() - started
            log(f"{label}: {index}/{len(cases)} cases, {elapsed:.0f} s")
    elapsed = round(time.monotonic() - started, 1)
    return ModeRun(mode, model_id, score(cases, findings, flag), findings, warnings, elapsed)


def _finding_dict(finding: Finding) -> dict[str, object]:
    return {
        "rule_id": finding.rule_id,
        "cwe": list(finding.cwe),
        "severity": finding.severity.value,
        "confidence": finding.confidence.value,
        "sources": list(finding.sources),
        "file": finding.file,
        "line": finding.start_line,
        "title": finding.title,
    }


def run_to_dict(run: ModeRun, cases: Sequence[AnyCase]) -> dict[str, object]:
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


def _figure(value: float | None) -> str:
    return "NA" if value is None else f"{value:.2f}"


def _youden(runs: Runs, part: str, mode: str) -> str:
    run = runs.get(part, {}).get(mode)
    return _figure(run.scores.macro_youden if run else None)


def _safe_high(runs: Runs, part: str) -> str:
    modes = runs.get(part, {})
    deciding = next((modes[m] for m in SAFE_HIGH_ORDER if m in modes), None)
    return str(deciding.scores.safe_high) if deciding else "NA"


def result_line(runs: Runs) -> str:
    """The machine-readable last line; NA for every run that did not happen."""
    det = DETERMINISTIC_MODE
    return (
        f"RESULT youden_dev={_youden(runs, 'dev', det)} "
        f"youden_heldout={_youden(runs, 'heldout', det)} "
        f"safe_high_heldout={_safe_high(runs, 'heldout')} "
        f"youden_full_heldout={_youden(runs, 'heldout', 'full')} "
        f"youden_external={_youden(runs, 'external', det)} "
        + " ".join(
            f"youden_{language}={_youden(runs, f'heldout-{language}', det)}"
            for language in LANGUAGES[1:]
        )
        + f" safe_high_heldout_other={_safe_high_sum(runs, LANGUAGES[1:])}"
    )


def _safe_high_sum(runs: Runs, languages: Sequence[str]) -> str:
    """Safe heldout files with a high finding over the languages besides Python."""
    counts = [_safe_high(runs, f"heldout-{language}") for language in languages]
    known = [int(count) for count in counts if count != "NA"]
    return str(sum(known)) if known else "NA"


def summary_table(runs: Runs, corpora: Sequence[Corpus]) -> str:
    """One line per part and mode: what BENCHMARKS.md quotes."""
    lines = [
        "| part | mode | cases | macro Youden | micro Youden | lowest category | safe_high |",
        "| --- | --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for corpus in corpora:
        for mode, run in runs.get(corpus.name, {}).items():
            scores = run.scores
            lowest = scores.worst_category or "-"
            if scores.min_youden is not None:
                lowest += f" {scores.min_youden:.2f}"
            shown = mode + (f" ({run.model_id})" if run.model_id else "")
            lines.append(
                f"| {corpus.name} | {shown} | {len(corpus.cases)} | "
                f"{_figure(scores.macro_youden)} | {_figure(scores.micro.youden)} | {lowest} | "
                f"{scores.safe_high} |"
            )
    return "\n".join(lines)


def _modes(text: str, parser: argparse.ArgumentParser, what: str) -> list[str]:
    modes = [m.strip() for m in text.split(",") if m.strip()]
    unknown = [m for m in modes if m not in ALL_MODES]
    if unknown or not modes:
        parser.error(
            f"{what}: unknown mode(s) {', '.join(unknown)}; choose from {', '.join(ALL_MODES)}"
        )
    return modes


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.review_quality",
        description="Score the review per category on the labelled corpus (dev and heldout) "
        "and optionally on an external benchmark corpus.",
    )
    parser.add_argument(
        "--modes",
        default=",".join(ALL_MODES),
        help=f"comma-separated modes out of {', '.join(ALL_MODES)} (default: all)",
    )
    parser.add_argument("--no-model", action="store_true", help="skip the model modes")
    parser.add_argument(
        "--part",
        choices=PART_CHOICES,
        default="all",
        help="which part of the labelled corpus to review (default all; none: only --external)",
    )
    parser.add_argument(
        "--limit",
        type=int,
        metavar="N",
        help="at most N pairs per category (external: N vulnerable and N safe cases)",
    )
    parser.add_argument(
        "--category", action="append", metavar="X", help="only this category (repeatable)"
    )
    parser.add_argument(
        "--categories", metavar="X,Y", help="only these categories (comma-separated)"
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every result here")
    parser.add_argument("--by-cwe", action="store_true", help="also print a table per CWE")
    parser.add_argument(
        "--external",
        type=Path,
        metavar="DIR",
        help="an external corpus: test files, and a CSV name,category,vulnerable,cwe",
    )
    parser.add_argument(
        "--external-csv",
        type=Path,
        metavar="FILE",
        help="the external corpus's CSV (default: the only *.csv in DIR)",
    )
    parser.add_argument(
        "--external-modes",
        default=DETERMINISTIC_MODE,
        help=f"modes for the external corpus (default: {DETERMINISTIC_MODE}; add full to ask "
        "the model too, slow)",
    )
    parser.add_argument("--manifest", type=Path, default=MANIFEST, help=argparse.SUPPRESS)
    parser.add_argument("--heldout-dir", type=Path, default=HELDOUT_DIR, help=argparse.SUPPRESS)
    return parser


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = _build_parser()
    args = parser.parse_args(argv)
    modes = _modes(args.modes, parser, "--modes")
    external_modes = _modes(args.external_modes, parser, "--external-modes")
    if args.no_model:
        modes = [m for m in modes if m not in MODEL_MODES]
        external_modes = [m for m in external_modes if m not in MODEL_MODES]
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    if args.external_csv and not args.external:
        parser.error("--external-csv needs --external DIR")
    if args.part == "none" and not args.external:
        parser.error("--part none reviews nothing without --external DIR")
    wanted = list(args.category or [])
    wanted += [c.strip() for c in (args.categories or "").split(",") if c.strip()]
    args.category = wanted or None
    args.modes = modes
    args.external_modes = external_modes
    return args


def labelled_corpora(args: argparse.Namespace, notes: list[str]) -> list[Corpus]:
    """The dev and heldout parts that --part asks for, before --category/--limit.

    The heldout part is whatever `heldout/*/manifest.yaml` exist; with none, it is left out
    (a note says so) and its figures are NA.
    """
    corpora: list[Corpus] = []
    if args.part in ("dev", "all"):
        manifest: Path = args.manifest
        sources = [str(path) for path in dev_manifests(manifest)]
        cases = load_dev(manifest)
        corpora.extend(by_language("dev", manifest.parent, cases, args.modes, sources))
    if args.part in ("heldout", "all"):
        root: Path = args.heldout_dir
        manifests = heldout_manifests(root)
        cases = [case for path in manifests for case in load_manifest(path)]
        if cases:
            sources = [str(path) for path in manifests]
            corpora.extend(by_language("heldout", root, cases, args.modes, sources))
        else:
            notes.append(f"heldout: no cases in {root}/*/manifest.yaml yet; its figures are NA")
    return corpora


def by_language(
    part: str, root: Path, cases: Sequence[Case], modes: list[str], sources: list[str]
) -> list[Corpus]:
    """One corpus per language of the part: Python keeps the part's name ("heldout"), the
    others get theirs appended ("heldout-js"), so each language has its own figure."""
    grouped: dict[str, list[Case]] = {}
    for case in cases:
        grouped.setdefault(case_language(case, root), []).append(case)
    return [
        Corpus(part if language == "python" else f"{part}-{language}", root, grouped[language],
               modes, sources=sources)
        for language in LANGUAGES
        if grouped.get(language)
    ]  # fmt: skip


def external_corpus(args: argparse.Namespace) -> Corpus | None:
    """The --external corpus, or None; ExternalCorpusError when it cannot be read."""
    if not args.external:
        return None
    folder: Path = args.external
    if not folder.is_dir():
        raise ExternalCorpusError(f"{folder}: not a folder")
    csv_path: Path = args.external_csv or find_external_csv(folder)
    cases = load_external(folder, csv_path)
    modes = args.external_modes
    return Corpus("external", folder, cases, modes, external=True, sources=[str(csv_path)])


def narrow(corpus: Corpus, args: argparse.Namespace) -> Corpus:
    """The corpus cut to --category and --limit (whole pairs for the labelled parts)."""
    if corpus.external:
        external = [c for c in corpus.cases if isinstance(c, ExternalCase)]
        chosen: Sequence[AnyCase] = select_external(
            external, categories=args.category, per_label=args.limit
        )
    else:
        labelled = [c for c in corpus.cases if isinstance(c, Case)]
        chosen = select(labelled, categories=args.category, pairs_per_category=args.limit)
    return replace(corpus, cases=chosen)


def load_corpora(args: argparse.Namespace, notes: list[str]) -> list[Corpus]:
    """Every corpus to review, narrowed; BenchError for an unknown --category."""
    corpora = labelled_corpora(args, notes)
    external = external_corpus(args)
    if external is not None:
        corpora.append(external)
    known = set(CATEGORY_CWES) | {case.category for c in corpora for case in c.cases}
    unknown = sorted(set(args.category or ()) - known)
    if unknown:
        raise BenchError(
            f"unknown category {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    narrowed = [narrow(corpus, args) for corpus in corpora]
    for corpus in narrowed:
        if not corpus.cases:
            notes.append(f"{corpus.name}: no case left after --category/--limit")
    return [corpus for corpus in narrowed if corpus.cases]


def _print_run(corpus: Corpus, run: ModeRun, by_cwe: bool) -> None:
    title = f"{corpus.name}, {run.mode}" + (f" ({run.model_id})" if run.model_id else "")
    heading = f"{title}: {len(corpus.cases)} cases, {run.seconds} s"
    if corpus.external:
        print(format_confusion_table(run.scores, heading))
    else:
        print(format_table(run.scores, heading, by_cwe=by_cwe))
    print(flush=True)


def _open_for(mode: str) -> ModelHandle | None:
    """The model a mode needs (None for a deterministic mode); BenchError if it cannot open."""
    return open_model(MODEL_MODES[mode]) if mode in MODEL_MODES else None


def run_all(
    corpora: Sequence[Corpus],
    args: argparse.Namespace,
    notes: list[str],
    log: Callable[[str], None],
) -> Runs:
    """Each mode once (its model opened once), over every corpus reviewed in that mode."""
    runs: Runs = {corpus.name: {} for corpus in corpora}
    for mode in [m for m in ALL_MODES if any(m in c.modes for c in corpora)]:
        try:
            model = _open_for(mode)
        except BenchError as exc:
            if mode == "full":  # asked for (the default): say so rather than score without it
                hint = "run with --no-model to skip the model modes"
                raise BenchError(f"full mode: {exc}\n({hint})") from exc
            notes.append(f"{mode}: skipped, {exc}")  # an optional model that is not installed
            log(notes[-1])
            continue
        try:
            for corpus in (c for c in corpora if mode in c.modes):
                run = run_mode(
                    mode,
                    corpus.cases,
                    corpus.root,
                    model=model,
                    flag=corpus.flag,
                    log=log,
                    name=corpus.name,
                )
                runs[corpus.name][mode] = run
                _print_run(corpus, run, args.by_cwe)
        finally:
            if model is not None:
                model.engine.close()
    return runs


def print_comparisons(runs: Runs, corpora: Sequence[Corpus]) -> None:
    """Deterministic beside full, per category, wherever both ran: where the model helps."""
    for corpus in corpora:
        modes = runs.get(corpus.name, {})
        if DETERMINISTIC_MODE in modes and "full" in modes:
            title = f"{corpus.name}: {DETERMINISTIC_MODE} (det) against full, per category"
            det, full = modes[DETERMINISTIC_MODE].scores, modes["full"].scores
            print(format_comparison(det, full, title))
            print()
            if corpus.external:
                continue
            # The model's questions counted as findings: the classes where that raises J
            # are the ones its claims may become findings in (model_trusted_classes.yaml).
            labelled = [c for c in corpus.cases if isinstance(c, Case)]
            asking = score(labelled, modes["full"].findings, is_flagged_with_questions)
            title = f"{corpus.name}: det against full with the model's questions as findings"
            print(format_comparison(det, asking, title, names=("det", "full+q")))
            print()


def write_json(path: Path, runs: Runs, corpora: Sequence[Corpus], notes: list[str]) -> None:
    document = {
        "parts": {
            corpus.name: {
                "root": str(corpus.root),
                "sources": corpus.sources,
                "cases": len(corpus.cases),
                "modes": {
                    mode: run_to_dict(run, corpus.cases)
                    for mode, run in runs.get(corpus.name, {}).items()
                },
            }
            for corpus in corpora
        },
        "notes": notes,
        "result": result_line(runs),
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    notes: list[str] = []
    try:
        corpora = load_corpora(args, notes)
        runs = run_all(corpora, args, notes, log)
    except (BenchError, ManifestError, ExternalCorpusError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print_comparisons(runs, corpora)
    if any(runs.values()):
        print(summary_table(runs, corpora))
        print()
    for note in notes:
        print(f"note: {note}")
    if args.json:
        write_json(args.json, runs, corpora, notes)
    print(result_line(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
