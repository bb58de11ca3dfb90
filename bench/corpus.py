"""The labelled review corpus, an optional external corpus, and how a review run is scored.

The labelled corpus has two parts: tests/corpus/dev/manifest.yaml (what the rules are tuned
on) and tests/corpus/heldout/*/manifest.yaml (written blind, never tuned on; each subfolder
has its own manifest, paths relative to heldout/). Each case is one file, or one folder (a
`file` ending in "/": a small project whose files are reviewed together), reviewed on its
own against its own threat model (or none). A case is *flagged* when any finding of severity
low or above reported for it belongs to the same CWE family as one of the case's CWEs
(`app.core.findings.cwe_family`, applied to each single CWE on both sides), so a stage that
says 78 for an `eval` still counts for a code-injection case only if the families agree.

An external corpus (the common benchmark layout: a folder of test files and a CSV of
`name,category,vulnerable,cwe`) is scored more strictly: a case is flagged only by a finding
that names exactly the expected CWE number, since that is how such benchmarks score tools.

Per category: TPR = flagged vulnerable / vulnerable, FPR = flagged safe / safe and the Youden
index J = TPR - FPR (1 is perfect, 0 is no better than chance). Overall figures are given as a
macro average (each category weighs the same) and a micro average (each case weighs the same).
`safe_high` counts the safe cases with ANY finding of severity high or critical, whatever its
CWE: a safe file must not raise an alarm.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Protocol

import yaml

from app.core.findings import Finding, Severity, cwe_family
from app.core.sources import IGNORED_DIRS, SourceFile, collect_sources, detect_language

CORPUS_ROOT = Path(__file__).resolve().parent.parent / "tests" / "corpus"
# dev/ is what the rules are tuned on; heldout/ is written blind and never tuned on.
CORPUS_DIR = CORPUS_ROOT / "dev"
HELDOUT_DIR = CORPUS_ROOT / "heldout"
MANIFEST = CORPUS_DIR / "manifest.yaml"
# Held-out cases that exposed a missing capability, moved into dev once it was fixed in
# general (paths relative to CORPUS_DIR; they keep the held-out layout, folder cases too).
MOVED_MANIFEST = CORPUS_DIR / "moved" / "manifest.yaml"

LABELS = ("vulnerable", "safe")
_HIGH = Severity.HIGH.rank

_PYTHON_CODE_CWES = frozenset({89, 78, 77, 88, 94, 95, 1336, 22, 23, 73, 79, 80, 918, 601, 502})
_PYTHON_CODE_CWES |= {611, 776, 327, 328, 916, 798, 259, 321, 330, 338, 90}
_PYTHON_CODE_CWES |= {643, 295, 347, 614, 1004, 1275, 377, 732, 501, 915, 1333}

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
    "missing-auth": frozenset({306, 862, 287, 639}),
    "upload-policy": frozenset({434, 770, 400}),
    "sensitive-logging": frozenset({532}),
    "error-details": frozenset({209, 489, 215}),
    "dockerfile": frozenset({250, 494, 829, 798, 1357}),
    "terraform": frozenset({732, 284, 311, 798, 259}),
    "github-actions": frozenset({829, 78, 94, 732}),
    "sql-schema": frozenset({256, 312, 311, 269}),
    "template-injection": frozenset({1336, 94}),
    "xpath-injection": frozenset({643}),
    "weak-hash": frozenset({328, 327, 916}),
    "broken-cipher": frozenset({327}),
    "tls-verification": frozenset({295}),
    "jwt": frozenset({347}),
    "insecure-cookie": frozenset({614, 1004, 1275}),
    "temp-file": frozenset({377}),
    "permissions": frozenset({732}),
    "trust-boundary": frozenset({501}),
    "mass-assignment": frozenset({915}),
    "redos": frozenset({1333}),
    # Access-Control-Allow-Origin any (or reflected) with credentials.
    "cors": frozenset({942, 346}),
}
# The language a case is scored under, by its files' extensions: Python is the dev and heldout
# parts themselves; every other language is its own part ("heldout-js", ...).
LANGUAGE_OF_SUFFIX = {
    ".py": "python", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "js", ".ts": "js",
    ".tsx": "js", ".java": "java", ".go": "go", ".cs": "csharp",
}  # fmt: skip
LANGUAGES = ("python", "js", "java", "go", "csharp")


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

    @property
    def is_folder(self) -> bool:
        """A folder case: a small project whose files are reviewed together in one review."""
        return self.file.endswith("/")

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
    """All cases of the manifest, in order; raises ManifestError when it is malformed.

    An empty file is an empty manifest: a heldout part whose cases are still being written.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if data is None:
        return []
    if not isinstance(data, list):
        raise ManifestError(f"{path}: expected a list of cases")
    return [_case(raw, index) for index, raw in enumerate(data)]


def dev_manifests(manifest: Path = MANIFEST) -> list[Path]:
    """The dev part's manifests: its own, then `moved/` and one per language folder
    (`js/`, `java/`, ...), whose paths are relative to the dev folder too."""
    return [manifest, *sorted(manifest.parent.glob("*/manifest.yaml"))]


def load_dev(manifest: Path = MANIFEST) -> list[Case]:
    """The dev part: its own manifest, plus the moved held-out cases and the other languages'
    cases beside it."""
    return [case for path in dev_manifests(manifest) for case in load_manifest(path)]


def case_language(case: Case, root: Path) -> str:
    """The language a case is scored under: its file's, or most of its folder's files'."""
    if not case.is_folder:
        return LANGUAGE_OF_SUFFIX.get(PurePosixPath(case.file).suffix.lower(), "python")
    counts: dict[str, int] = {}
    for path in case.path(root).rglob("*"):
        language = LANGUAGE_OF_SUFFIX.get(path.suffix.lower())
        if language is not None and path.is_file():
            counts[language] = counts.get(language, 0) + 1
    return max(counts, key=lambda language: counts[language]) if counts else "python"


def heldout_manifests(root: Path = HELDOUT_DIR) -> list[Path]:
    """The heldout manifests that exist now (`<root>/*/manifest.yaml`), in name order.

    The heldout part is written folder by folder; whatever is there is what gets scored.
    """
    return sorted(root.glob("*/manifest.yaml")) if root.is_dir() else []


def load_heldout(root: Path = HELDOUT_DIR) -> list[Case]:
    """Every case of every heldout manifest; their paths are relative to `root` itself."""
    return [case for manifest in heldout_manifests(root) for case in load_manifest(manifest)]


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


_LABELLED_NAMES = {".py": "app.py", ".tf": "main.tf", ".sql": "schema.sql"}


def display_path(case: Case, text: str | None = None) -> str:
    """A neutral path to show the reviewer: no label, no category, just a plausible name.

    Corpus files are named `001_vuln.py`, `docker/003_safe/Dockerfile` ...; a file name that
    gives the answer away would make the benchmark measure the name, not the review. A YAML
    file is shown as a GitHub workflow (the dev corpus's are workflows) unless `text` is given
    and says it is not one: a heldout Compose or Kubernetes file must stay plain YAML. A
    folder case is shown as its neutral folder name (see `folder_name`).
    """
    if case.is_folder:
        return folder_name(case)
    posix = PurePosixPath(case.file)
    name = posix.name
    stem = name.split(".", 1)[0]
    suffix = name[len(stem) :]
    labelled = stem.split("_", 1)[0].isdigit()
    if labelled:
        name = _LABELLED_NAMES.get(suffix, f"file{suffix}")
    workflow = text is None or detect_language(case.file, text) == "github_actions"
    if suffix in {".yml", ".yaml"} and workflow:
        return f".github/workflows/{'ci' + suffix if labelled else name}"
    return name


def folder_name(case: Case) -> str:
    """`case-<n>`, n the numbers of the case id: its neutral form, the same for both cases of a
    pair (`xss-003-vuln` and `xss-003-safe` are both `case-003`); a short hash without them."""
    numbers = re.findall(r"\d+", case.id)
    if numbers:
        return f"case-{'-'.join(numbers)}"
    return f"case-{hashlib.sha256(case.pair.encode()).hexdigest()[:6]}"


def case_sources(case: Case, root: Path = CORPUS_DIR) -> list[SourceFile]:
    """What the review of one case gets: its file, or every file of its folder, neutrally named.

    A folder case is collected as the app collects a folder (same skipped folders, binary and
    encoding checks), each file under `case-<n>/` with the folder's own structure kept, so a
    review sees a small project, not the corpus's labelled folder name.
    """
    if case.is_folder:
        prefix = folder_name(case)
        collected = collect_sources([case.path(root)])
        shown = [(f"{prefix}/{source.path}", source.text) for source in collected.files]
        return [SourceFile(path, detect_language(path, text), text) for path, text in shown]
    text = case.path(root).read_text(encoding="utf-8")
    return [SourceFile(display_path(case, text), detect_language(case.file, text), text)]


class ExternalCorpusError(ValueError):
    """The external corpus cannot be read: the message names the file, line or test."""


@dataclass(frozen=True)
class ExternalCase:
    """One test file of an external benchmark, reviewed alone with no threat model."""

    id: str  # the CSV's test name
    file: str  # the file, relative to the corpus folder (POSIX), also what the review shows
    category: str  # the CSV's category, its own vocabulary ("sqli", "pathtraver" ...)
    cwe: tuple[int, ...]  # the one CWE number the benchmark expects
    vulnerable: bool
    threat_model: None = None

    @property
    def label(self) -> str:
        return LABELS[0] if self.vulnerable else LABELS[1]

    def path(self, root: Path) -> Path:
        return root / self.file


@dataclass(frozen=True)
class ExternalRow:
    """One row of the expected-results CSV, before its file is looked up."""

    name: str
    category: str
    vulnerable: bool
    cwe: int
    line: int


# Header spellings seen in benchmark CSVs ("# test name, category, real vulnerability, cwe,
# Benchmark version: ..." in the OWASP Benchmark's), compared lower-case without "#", "_", "-".
_COLUMNS: dict[str, frozenset[str]] = {
    "name": frozenset({"name", "test name", "testname", "test", "file", "filename", "file name"}),
    "category": frozenset({"category", "vulnerability category"}),
    "vulnerable": frozenset({"vulnerable", "real vulnerability", "is vulnerable", "expected"}),
    "cwe": frozenset({"cwe", "cwe id", "cwe number"}),
}
_TRUE = frozenset({"true", "yes", "y", "1", "t"})
_FALSE = frozenset({"false", "no", "n", "0", "f"})


def _column_key(cell: str) -> str:
    cleaned = cell.strip().lstrip("#").lower().replace("_", " ").replace("-", " ")
    return " ".join(cleaned.split())


def _header_columns(header: Sequence[str]) -> dict[str, int] | None:
    """Column index of each field named by a header row; None unless all four are named."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _column_key(cell)
        for field_name, names in _COLUMNS.items():
            if key in names:
                found.setdefault(field_name, index)  # the first column of that name
    return found if len(found) == len(_COLUMNS) else None


def _parse_bool(cell: str) -> bool | None:
    value = cell.strip().lower()
    return True if value in _TRUE else False if value in _FALSE else None


def _parse_cwe(cell: str) -> int | None:
    value = cell.strip().upper().removeprefix("CWE-").removeprefix("CWE").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def _looks_like_data(row: Sequence[str]) -> bool:
    return len(row) >= 4 and _parse_bool(row[2]) is not None and _parse_cwe(row[3]) is not None


def parse_external_csv(path: Path) -> list[ExternalRow]:
    """The rows of an expected-results CSV: `name,category,vulnerable,cwe`.

    The header may be capitalised differently, carry extra columns or be missing (then the
    first four columns are those fields, in that order); blank lines are skipped.
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [(number, row) for number, row in enumerate(csv.reader(handle), 1) if any(row)]
    if not rows:
        raise ExternalCorpusError(f"{path}: no rows")
    columns = _header_columns(rows[0][1])
    if columns is None:
        if not _looks_like_data(rows[0][1]):
            raise ExternalCorpusError(
                f"{path}: the header must name the columns name, category, vulnerable, cwe"
            )
        columns = {"name": 0, "category": 1, "vulnerable": 2, "cwe": 3}
    else:
        rows = rows[1:]
    parsed = [_external_row(path, number, row, columns) for number, row in rows]
    seen: set[str] = set()
    for row in parsed:
        if row.name in seen:
            raise ExternalCorpusError(f"{path}:{row.line}: test {row.name} is listed twice")
        seen.add(row.name)
    return parsed


def _external_row(
    path: Path, number: int, row: Sequence[str], columns: Mapping[str, int]
) -> ExternalRow:
    where = f"{path}:{number}"
    if len(row) <= max(columns.values()):
        raise ExternalCorpusError(f"{where}: expected at least {max(columns.values()) + 1} cells")
    name, category = row[columns["name"]].strip(), row[columns["category"]].strip()
    vulnerable = _parse_bool(row[columns["vulnerable"]])
    cwe = _parse_cwe(row[columns["cwe"]])
    if not name or not category:
        raise ExternalCorpusError(f"{where}: name and category must not be empty")
    if vulnerable is None:
        raise ExternalCorpusError(f"{where}: vulnerable must be true or false")
    if cwe is None:
        raise ExternalCorpusError(f"{where}: cwe must be a CWE number")
    return ExternalRow(name, category, vulnerable, cwe, number)


def find_external_csv(folder: Path) -> Path:
    """The one CSV in `folder` (at its top level, else anywhere below); an error if not one."""
    found = sorted(folder.glob("*.csv")) or sorted(folder.rglob("*.csv"))
    if len(found) != 1:
        what = "no CSV" if not found else f"{len(found)} CSV files"
        raise ExternalCorpusError(
            f"{folder}: {what}; name the expected results with --external-csv"
        )
    return found[0]


def _file_index(folder: Path) -> dict[str, list[Path]]:
    """Every file below `folder` by its name and by its name without extension.

    Hidden folders and the folders a review skips (IGNORED_DIRS: .git, node_modules ...) are
    not entered. Built once, so a 1000-test corpus is walked once, not once per test.
    """
    index: dict[str, list[Path]] = {}
    for current, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in IGNORED_DIRS)
        for name in sorted(filenames):
            path = Path(current) / name
            for key in dict.fromkeys((name, path.stem, name.split(".", 1)[0])):
                index.setdefault(key, []).append(path)
    return index


def _resolve(folder: Path, name: str, index: Mapping[str, list[Path]]) -> Path | None:
    """The file a CSV name means: a path inside the folder, a file name, or a name without
    extension; among several files of that stem the one a review can read as code."""
    direct = folder / name
    if direct.is_file() and direct.resolve().is_relative_to(folder.resolve()):
        return direct
    candidates = index.get(name, [])
    if len(candidates) > 1:
        candidates = [p for p in candidates if detect_language(p.name, "") != "text"]
    return candidates[0] if len(candidates) == 1 else None


def load_external(folder: Path, csv_path: Path | None = None) -> list[ExternalCase]:
    """The cases of an external corpus: each CSV row with the file it names in `folder`.

    A test whose file cannot be found (or is ambiguous) is an error, not a silent gap: a
    benchmark that quietly loses cases measures something else.
    """
    rows = parse_external_csv(csv_path or find_external_csv(folder))
    index = _file_index(folder)
    cases: list[ExternalCase] = []
    missing: list[str] = []
    for row in rows:
        path = _resolve(folder, row.name, index)
        if path is None:
            missing.append(row.name)
            continue
        relative = path.relative_to(folder).as_posix()
        cases.append(ExternalCase(row.name, relative, row.category, (row.cwe,), row.vulnerable))
    if missing:
        examples = ", ".join(missing[:5])
        raise ExternalCorpusError(
            f"{folder}: no single file for {len(missing)} test(s) of the CSV, e.g. {examples}"
        )
    return cases


def select_external(
    cases: Sequence[ExternalCase],
    *,
    categories: Iterable[str] | None = None,
    per_label: int | None = None,
) -> list[ExternalCase]:
    """Some categories' cases, at most `per_label` vulnerable and as many safe ones of each."""
    wanted = set(categories) if categories else None
    counts: dict[tuple[str, bool], int] = {}
    chosen: list[ExternalCase] = []
    for case in cases:
        if wanted is not None and case.category not in wanted:
            continue
        key = (case.category, case.vulnerable)
        if per_label is not None and counts.get(key, 0) >= per_label:
            continue
        counts[key] = counts.get(key, 0) + 1
        chosen.append(case)
    return chosen


def external_sources(case: ExternalCase, root: Path) -> list[SourceFile]:
    """The test file under its path in the corpus (benchmark names do not give labels away).

    Undecodable bytes are replaced: one odd file must not stop a run of a thousand.
    """
    text = case.path(root).read_text(encoding="utf-8", errors="replace")
    return [SourceFile(case.file, detect_language(case.file, text), text)]


class Labelled(Protocol):
    """What scoring needs of a case: a labelled Case and an ExternalCase both have it."""

    @property
    def id(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def category(self) -> str: ...

    @property
    def cwe(self) -> tuple[int, ...]: ...

    @property
    def vulnerable(self) -> bool: ...


Flag = Callable[[Labelled, Sequence[Finding]], bool]


def families(cwes: Iterable[int]) -> frozenset[str]:
    """The CWE families of some CWEs, each CWE looked up on its own."""
    return frozenset(cwe_family((number,)) for number in cwes)


def claims_weakness(finding: Finding) -> bool:
    """Is the finding a report of a weakness, not a note or a question for the reviewer?

    Info findings are notes: a scanner's pattern match that the data flow decided (the input
    reaching it is sanitised, or it is a constant), an import, a name that describes a
    credential. A model-only claim in a class the model is not trusted in is a question for
    the reviewer. Both stay in the review, but do not flag a case (nor reach SARIF).
    """
    return finding.is_finding


def claims_weakness_or_asks(finding: Finding) -> bool:
    """Also counting the model's questions: what the model would add if its claims in that
    class were findings (how resources/review/model_trusted_classes.yaml is decided)."""
    return finding.severity is not Severity.INFO


def is_flagged_with_questions(case: Labelled, findings: Iterable[Finding]) -> bool:
    wanted = families(case.cwe)
    return any(families(f.cwe) & wanted for f in findings if claims_weakness_or_asks(f))


def is_flagged(case: Labelled, findings: Iterable[Finding]) -> bool:
    """Does any finding of severity low or above share a CWE family with the case?"""
    wanted = families(case.cwe)
    return any(families(f.cwe) & wanted for f in findings if claims_weakness(f))


def is_flagged_exact(case: Labelled, findings: Iterable[Finding]) -> bool:
    """Does any finding of severity low or above name exactly one of the case's CWE numbers?

    External benchmarks score a tool by the CWE number they expect (their scorecards do), so
    a neighbour of the same family (78 for an expected 77) does not count there.
    """
    wanted = set(case.cwe)
    return any(wanted.intersection(f.cwe) for f in findings if claims_weakness(f))


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

    def add(self, case: Labelled, flagged: bool) -> Tally:
        if case.vulnerable:
            return Tally(
                self.vulnerable + 1, self.safe, self.true_positives + flagged, self.false_positives
            )
        return Tally(
            self.vulnerable, self.safe + 1, self.true_positives, self.false_positives + flagged
        )

    @property
    def false_negatives(self) -> int:
        return self.vulnerable - self.true_positives

    @property
    def true_negatives(self) -> int:
        return self.safe - self.false_positives

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


def score(
    cases: Sequence[Labelled],
    findings_per_case: Mapping[str, Sequence[Finding]],
    flag: Flag = is_flagged,
) -> Scores:
    """Score one run: `findings_per_case` maps every case id to the findings of its review.

    `flag` decides whether a case's findings report its weakness: `is_flagged` (CWE family)
    for the labelled corpus, `is_flagged_exact` for an external one.
    """
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
        hit = flag(case, findings)
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
            "false_negatives": t.false_negatives,
            "true_negatives": t.true_negatives,
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


def format_confusion_table(scores: Scores, title: str = "") -> str:
    """Per category TP/FN/FP/TN, TPR, FPR and J: the form external benchmarks report in."""
    head = "| category | TP | FN | FP | TN | TPR | FPR | J |"
    rule = "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    lines = [f"### {title}", ""] if title else []
    lines += [head, rule]

    def row(name: str, t: Tally) -> str:
        counts = (
            f"{t.true_positives} | {t.false_negatives} | {t.false_positives} | {t.true_negatives}"
        )
        return f"| {name} | {counts} | {_fmt(t.tpr)} | {_fmt(t.fpr)} | {_fmt(t.youden)} |"

    lines += [row(name, tally) for name, tally in sorted(scores.categories.items())]
    lines.append(
        f"| **macro (mean of categories)** | | | | | {_fmt(scores.macro_tpr)} | "
        f"{_fmt(scores.macro_fpr)} | {_fmt(scores.macro_youden)} |"
    )
    lines.append(row("**micro (all cases)**", scores.micro))
    lines.append("")
    lines.append(f"safe files with a high/critical finding: {scores.safe_high}")
    return "\n".join(lines)


def _delta(before: float | None, after: float | None) -> str:
    return "   -" if before is None or after is None else f"{after - before:+5.2f}"


def format_comparison(
    deterministic: Scores, full: Scores, title: str = "", names: tuple[str, str] = ("det", "full")
) -> str:
    """Per category, the deterministic run beside the run with the model, and the change in J:
    where the model helps (positive) and where it hurts (negative)."""
    first, second = names
    head = (
        f"| category | vuln | safe | TPR {first} | FPR {first} | J {first} | "
        f"TPR {second} | FPR {second} | J {second} | J change |"
    )
    rule = "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    lines = [f"### {title}", ""] if title else []
    lines += [head, rule]
    empty = Tally()
    for name in dict.fromkeys([*deterministic.categories, *full.categories]):
        det = deterministic.categories.get(name, empty)
        mod = full.categories.get(name, empty)
        lines.append(
            f"| {name} | {max(det.vulnerable, mod.vulnerable)} | {max(det.safe, mod.safe)} | "
            f"{_fmt(det.tpr)} | {_fmt(det.fpr)} | {_fmt(det.youden)} | "
            f"{_fmt(mod.tpr)} | {_fmt(mod.fpr)} | {_fmt(mod.youden)} | "
            f"{_delta(det.youden, mod.youden)} |"
        )
    lines.append(
        f"| **macro** | | | {_fmt(deterministic.macro_tpr)} | {_fmt(deterministic.macro_fpr)} | "
        f"{_fmt(deterministic.macro_youden)} | {_fmt(full.macro_tpr)} | {_fmt(full.macro_fpr)} | "
        f"{_fmt(full.macro_youden)} | {_delta(deterministic.macro_youden, full.macro_youden)} |"
    )
    lines.append("")
    lines.append(
        f"safe files with a high/critical finding: {first} {deterministic.safe_high}, "
        f"{second} {full.safe_high}"
    )
    return "\n".join(lines)
