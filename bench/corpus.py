"""The labelled review corpus (tests/corpus/dev/manifest.yaml) and how a review run is scored.

Each case is one file, reviewed on its own against its own threat model (or none). A case is
*flagged* when any finding of severity low or above reported for it belongs to the same CWE
family as one of the case's CWEs (`app.core.findings.cwe_family`, applied to each single CWE
on both sides), so a stage that says 78 for an `eval` still counts for a code-injection case
only if the families agree.

Per category: TPR = flagged vulnerable / vulnerable, FPR = flagged safe / safe and the Youden
index J = TPR - FPR (1 is perfect, 0 is no better than chance). Overall figures are given as a
macro average (each category weighs the same) and a micro average (each case weighs the same).
`safe_high` counts the safe cases with ANY finding of severity high or critical, whatever its
CWE: a safe file must not raise an alarm.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from app.core.findings import Finding, Severity, cwe_family

CORPUS_ROOT = Path(__file__).resolve().parent.parent / "tests" / "corpus"
# dev/ is what the rules are tuned on; heldout/ is written blind and never tuned on.
CORPUS_DIR = CORPUS_ROOT / "dev"
HELDOUT_DIR = CORPUS_ROOT / "heldout"
MANIFEST = CORPUS_DIR / "manifest.yaml"

LABELS = ("vulnerable", "safe")
_HIGH = Severity.HIGH.rank

_PYTHON_CODE_CWES = frozenset({89, 78, 77, 88, 94, 95, 1336, 22, 23, 73, 79, 80, 918, 601, 502})
_PYTHON_CODE_CWES |= {611, 776, 327, 328, 916, 798, 259, 321, 330, 338, 90}

# The CWEs a case of each category may name; a case outside its category's set is a labelling
# mistake (tests/test_corpus_manifest.py checks it).
CATEGORY_CWES: dict[str, frozenset[int]] = {
    "sqli": frozenset({89}),
    "command-injection": frozenset({78, 77, 88}),
    "code-injection": frozenset({94, 95, 1336}),
    "path-traversal": frozenset({22, 23, 73}),
    "xss": frozenset({79, 80, 94}),
    "ssrf": frozenset({918}),
    "open-redirect": frozenset({601}),
    "deserialization": frozenset({502}),
    "xxe": frozenset({611, 776}),
    "weak-crypto": frozenset({327, 328, 916}),
    "hardcoded-secrets": frozenset({798, 259, 321}),
    "insecure-random": frozenset({330, 338}),
    "ldap-injection": frozenset({90}),
    # A real weakness under comments that tell the reviewer to report nothing.
    "prompt-injection": frozenset(_PYTHON_CODE_CWES),
    "missing-auth": frozenset({306, 862, 287}),
    "upload-policy": frozenset({434, 770, 400}),
    "sensitive-logging": frozenset({532}),
    "error-details": frozenset({209, 489, 215}),
    "dockerfile": frozenset({250, 494, 829, 798, 1357}),
    "terraform": frozenset({732, 284, 311, 798, 259}),
    "github-actions": frozenset({829, 78, 94, 732}),
    "sql-schema": frozenset({256, 312, 311, 269}),
}


class ManifestError(ValueError):
    """The manifest is malformed: names the case and the field."""


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    label: str
    category: str
    cwe: tuple[int, ...]
    threat_model: str | None
    pair: str
    note: str = ""

    @property
    def vulnerable(self) -> bool:
        return self.label == "vulnerable"

    def path(self, root: Path = CORPUS_DIR) -> Path:
        return root / self.file

    def threat_model_path(self, root: Path = CORPUS_DIR) -> Path | None:
        return root / self.threat_model if self.threat_model else None


_FIELDS = ("id", "file", "label", "category", "cwe", "threat_model", "pair", "note")


def _case(raw: object, index: int) -> Case:
    where = f"case {index}"
    if not isinstance(raw, dict):
        raise ManifestError(f"{where}: expected a mapping")
    where = f"case {index} ({raw.get('id', '?')})"
    unknown = set(raw) - set(_FIELDS)
    missing = set(_FIELDS[:-1]) - set(raw)
    if unknown or missing:
        raise ManifestError(f"{where}: unknown keys {sorted(unknown)}, missing {sorted(missing)}")
    for key in ("id", "file", "label", "category", "pair"):
        if not isinstance(raw[key], str) or not raw[key]:
            raise ManifestError(f"{where}: {key} must be a non-empty string")
    if raw["label"] not in LABELS:
        raise ManifestError(f"{where}: label must be one of {', '.join(LABELS)}")
    cwe = raw["cwe"]
    if not isinstance(cwe, list) or not cwe or not all(type(c) is int and c > 0 for c in cwe):
        raise ManifestError(f"{where}: cwe must be a non-empty list of CWE numbers")
    threat_model = raw["threat_model"]
    if threat_model is not None and (not isinstance(threat_model, str) or not threat_model):
        raise ManifestError(f"{where}: threat_model must be a path or null")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise ManifestError(f"{where}: note must be a string")
    return Case(
        id=raw["id"],
        file=raw["file"],
        label=raw["label"],
        category=raw["category"],
        cwe=tuple(cwe),
        threat_model=threat_model,
        pair=raw["pair"],
        note=note,
    )


def load_manifest(path: Path = MANIFEST) -> list[Case]:
    """All cases of the manifest, in order; raises ManifestError when it is malformed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ManifestError(f"{path}: expected a list of cases")
    return [_case(raw, index) for index, raw in enumerate(data)]


def select(
    cases: Sequence[Case],
    *,
    categories: Iterable[str] | None = None,
    pairs_per_category: int | None = None,
) -> list[Case]:
    """The cases of some categories, at most `pairs_per_category` whole pairs of each."""
    wanted = set(categories) if categories else None
    kept_pairs: dict[str, list[str]] = {}
    chosen: list[Case] = []
    for case in cases:
        if wanted is not None and case.category not in wanted:
            continue
        pairs = kept_pairs.setdefault(case.category, [])
        if case.pair not in pairs:
            if pairs_per_category is not None and len(pairs) >= pairs_per_category:
                continue
            pairs.append(case.pair)
        chosen.append(case)
    return chosen


def display_path(case: Case) -> str:
    """A neutral path to show the reviewer: no label, no category, just a plausible name.

    Corpus files are named `001_vuln.py`, `docker/003_safe/Dockerfile` ...; a file name that
    gives the answer away would make the benchmark measure the name, not the review.
    """
    posix = PurePosixPath(case.file)
    name = posix.name
    stem = name.split(".", 1)[0]
    suffix = name[len(stem) :]
    labelled = stem.split("_", 1)[0].isdigit()
    if labelled:
        name = {".py": "app.py", ".tf": "main.tf", ".sql": "schema.sql"}.get(
            suffix, f"file{suffix}"
        )
    if suffix in {".yml", ".yaml"}:
        return f".github/workflows/{'ci' + suffix if labelled else name}"
    return name


def families(cwes: Iterable[int]) -> frozenset[str]:
    """The CWE families of some CWEs, each CWE looked up on its own."""
    return frozenset(cwe_family((number,)) for number in cwes)


def is_flagged(case: Case, findings: Iterable[Finding]) -> bool:
    """Does any finding of severity low or above share a CWE family with the case?

    Info findings are notes, not reports of a weakness: a scanner's pattern match that the
    data flow decided (the input reaching it is sanitised, or it is a constant), an import,
    a name that describes a credential. They stay in the review, but do not flag a case.
    """
    wanted = families(case.cwe)
    return any(
        families(finding.cwe) & wanted
        for finding in findings
        if finding.severity is not Severity.INFO
    )


def is_high(finding: Finding) -> bool:
    return finding.severity.rank >= _HIGH


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Tally:
    """Counts for one group of cases (a category, a CWE or everything)."""

    vulnerable: int = 0
    safe: int = 0
    true_positives: int = 0
    false_positives: int = 0

    def add(self, case: Case, flagged: bool) -> Tally:
        if case.vulnerable:
            return Tally(
                self.vulnerable + 1, self.safe, self.true_positives + flagged, self.false_positives
            )
        return Tally(
            self.vulnerable, self.safe + 1, self.true_positives, self.false_positives + flagged
        )

    @property
    def tpr(self) -> float | None:
        return _rate(self.true_positives, self.vulnerable)

    @property
    def fpr(self) -> float | None:
        return _rate(self.false_positives, self.safe)

    @property
    def youden(self) -> float | None:
        """TPR - FPR; None unless the group has both vulnerable and safe cases."""
        if self.tpr is None or self.fpr is None:
            return None
        return self.tpr - self.fpr


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


@dataclass(frozen=True)
class Scores:
    categories: dict[str, Tally]
    by_cwe: dict[int, Tally]
    micro: Tally
    flagged: dict[str, bool]
    safe_high_cases: tuple[str, ...]
    worst_category: str | None = field(default=None)

    @property
    def safe_high(self) -> int:
        return len(self.safe_high_cases)

    @property
    def macro_tpr(self) -> float | None:
        return _mean(t.tpr for t in self.categories.values() if t.youden is not None)

    @property
    def macro_fpr(self) -> float | None:
        return _mean(t.fpr for t in self.categories.values() if t.youden is not None)

    @property
    def macro_youden(self) -> float | None:
        """Mean of the categories' Youden indexes (categories with both labels only)."""
        return _mean(t.youden for t in self.categories.values())

    @property
    def min_youden(self) -> float | None:
        values = [t.youden for t in self.categories.values() if t.youden is not None]
        return min(values) if values else None


def score(cases: Sequence[Case], findings_per_case: Mapping[str, Sequence[Finding]]) -> Scores:
    """Score one run: `findings_per_case` maps every case id to the findings of its review."""
    missing = [case.id for case in cases if case.id not in findings_per_case]
    if missing:
        raise KeyError(f"no review result for {len(missing)} case(s), e.g. {missing[0]}")
    categories: dict[str, Tally] = {}
    by_cwe: dict[int, Tally] = {}
    micro = Tally()
    flagged: dict[str, bool] = {}
    safe_high: list[str] = []
    for case in cases:
        findings = findings_per_case[case.id]
        hit = is_flagged(case, findings)
        flagged[case.id] = hit
        categories[case.category] = categories.get(case.category, Tally()).add(case, hit)
        for number in dict.fromkeys(case.cwe):
            by_cwe[number] = by_cwe.get(number, Tally()).add(case, hit)
        micro = micro.add(case, hit)
        if not case.vulnerable and any(is_high(f) for f in findings):
            safe_high.append(case.id)
    scored = [(t.youden, name) for name, t in categories.items() if t.youden is not None]
    worst = min(scored)[1] if scored else None
    return Scores(categories, dict(sorted(by_cwe.items())), micro, flagged, tuple(safe_high), worst)


def _fmt(value: float | None) -> str:
    return "   -" if value is None else f"{value:5.2f}"


def format_table(scores: Scores, title: str = "", *, by_cwe: bool = False) -> str:
    """A plain-text (Markdown-compatible) table per category, then the overall lines."""
    head = "| category | vuln | safe | TP | FP | TPR | FPR | Youden |"
    rule = "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    lines = [f"### {title}", ""] if title else []
    lines += [head, rule]

    def row(name: str, t: Tally) -> str:
        counts = f"{t.vulnerable} | {t.safe} | {t.true_positives} | {t.false_positives}"
        return f"| {name} | {counts} | {_fmt(t.tpr)} | {_fmt(t.fpr)} | {_fmt(t.youden)} |"

    lines += [row(name, tally) for name, tally in scores.categories.items()]
    lines.append(
        f"| **macro (mean of categories)** | | | | | {_fmt(scores.macro_tpr)} | "
        f"{_fmt(scores.macro_fpr)} | {_fmt(scores.macro_youden)} |"
    )
    lines.append(row("**micro (all cases)**", scores.micro))
    if by_cwe:
        lines += ["", "| CWE | vuln | safe | TP | FP | TPR | FPR | Youden |", rule]
        lines += [row(f"CWE-{number}", tally) for number, tally in scores.by_cwe.items()]
    lines.append("")
    worst = (
        f"{scores.worst_category} ({_fmt(scores.min_youden).strip()})"
        if scores.worst_category
        else "-"
    )
    listed = f" ({', '.join(scores.safe_high_cases)})" if scores.safe_high_cases else ""
    lines.append(
        f"lowest category: {worst}; safe files with a high/critical finding: "
        f"{scores.safe_high}{listed}"
    )
    return "\n".join(lines)


def scores_to_dict(scores: Scores) -> dict[str, object]:
    """Plain data for --json."""

    def tally(t: Tally) -> dict[str, object]:
        return {
            "vulnerable": t.vulnerable,
            "safe": t.safe,
            "true_positives": t.true_positives,
            "false_positives": t.false_positives,
            "tpr": t.tpr,
            "fpr": t.fpr,
            "youden": t.youden,
        }

    return {
        "categories": {name: tally(t) for name, t in scores.categories.items()},
        "by_cwe": {str(number): tally(t) for number, t in scores.by_cwe.items()},
        "macro": {
            "tpr": scores.macro_tpr,
            "fpr": scores.macro_fpr,
            "youden": scores.macro_youden,
        },
        "micro": tally(scores.micro),
        "min_category_youden": scores.min_youden,
        "worst_category": scores.worst_category,
        "safe_high": scores.safe_high,
        "safe_high_cases": list(scores.safe_high_cases),
        "flagged": scores.flagged,
    }
