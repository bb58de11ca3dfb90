"""The shipped semgrep rule pack: complete metadata, tests beside every rule, the stage's own
command line agreeing with those tests, and docs/rules.md listing every rule."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from app.core.sources import source_from_text
from app.core.threat_model import parse_threat_model
from app.scan.base import StageContext
from app.scan.semgrep import SemgrepStage
from app.scan.semgrep.catalog import END, START, rules_table
from app.scan.semgrep.pack import load_pack, pack_dir
from bench.corpus import CATEGORY_CWES

PACK = pack_dir()
RULES = load_pack(PACK)
DOCS = Path(__file__).parents[3] / "docs" / "rules.md"
_ANNOTATION = re.compile(
    r"(?://|#|<!--)\s*(ruleid|ok|todoruleid|todook):\s*([\w, -]+?)\s*(?:-->|$)", re.M
)
# Every policy switched on, so that the annotations hold for the policy rules too.
EVERY_POLICY = parse_threat_model(
    """\
airlock_threat_model: 1
name: everything checked
policies:
  authentication: {required: true}
  file_upload: {allowed_extensions: [png], max_bytes: 1000000}
  secrets: {source: environment}
""",
    source="test",
)


def test_the_pack_covers_the_four_languages() -> None:
    languages = {language for rule in RULES.values() for language in rule.languages}
    assert {"javascript", "typescript", "java", "go", "csharp"} <= languages


def test_every_rule_has_a_known_class_and_a_cwe_of_it() -> None:
    for rule in RULES.values():
        assert rule.weakness_class in CATEGORY_CWES, f"{rule.id}: class {rule.weakness_class}"
        assert set(rule.cwe) & CATEGORY_CWES[rule.weakness_class], f"{rule.id}: {rule.cwe}"
        assert rule.fix and rule.title, rule.id


def _test_files() -> list[Path]:
    code = {".js", ".ts", ".java", ".go", ".cs", ".ejs", ".hbs", ".pug"}
    return sorted(p for p in PACK.rglob("*") if p.suffix in code)


def test_every_rule_file_has_tests_that_name_each_of_its_rules() -> None:
    annotated: set[str] = set()
    for path in _test_files():
        for match in _ANNOTATION.finditer(path.read_text(encoding="utf-8")):
            if match.group(1) == "ruleid":
                annotated.update(part.strip() for part in match.group(2).split(","))
    assert sorted(set(RULES) - annotated) == []


def _expected(path: Path) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """Line -> rule ids that must be reported there, and that must not be."""
    must: dict[int, set[str]] = defaultdict(set)
    must_not: dict[int, set[str]] = defaultdict(set)
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        match = _ANNOTATION.search(line)
        if match is None or not line.strip().startswith(("//", "#", "<!--")):
            continue
        target = number + 1
        while target <= len(lines) and _ANNOTATION.search(lines[target - 1]):
            target += 1  # stacked annotations all name the next code line
        ids = {part.strip() for part in match.group(2).split(",")}
        if match.group(1) == "ruleid":
            must[target] |= ids
        elif match.group(1) == "ok":
            must_not[target] |= ids
        # todook / todoruleid: known gaps, written down in the test files, asserted by neither
        # side (`semgrep --test` checks them: a todook line must still match).
    return must, must_not


@pytest.mark.parametrize("path", _test_files(), ids=lambda p: p.relative_to(PACK).as_posix())
def test_the_stage_reports_what_the_rule_tests_expect(path: Path) -> None:
    # The stage runs the engine its own way (osemgrep, --experimental); `semgrep --test` in
    # `make test` runs the annotations through semgrep's own runner.
    file = source_from_text(path.name, path.read_text(encoding="utf-8"))
    result = SemgrepStage(PACK).run([file], StageContext(threat_model=EVERY_POLICY))
    reported: dict[int, set[str]] = defaultdict(set)
    for finding in result.findings:  # semgrep's tests match a finding by its first line
        reported[finding.start_line or 0].add(finding.rule_id)
    must, must_not = _expected(path)
    missed = {line: ids - reported[line] for line, ids in must.items() if ids - reported[line]}
    wrong = {line: ids & reported[line] for line, ids in must_not.items() if ids & reported[line]}
    assert (missed, wrong) == ({}, {})


def test_docs_list_every_rule_as_generated() -> None:
    text = DOCS.read_text(encoding="utf-8")
    block = text[text.index(START) : text.index(END) + len(END)] + "\n"
    assert block == rules_table(RULES), "run: python -m app.scan.semgrep.catalog"
