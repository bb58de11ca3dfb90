"""bench/corpus.py scoring, on hand-made cases and findings; bench wiring with a fake review.

Covers the labelled corpus's two parts (dev, heldout with its per-folder manifests and folder
cases) and the external benchmark corpus (CSV parsing, exact-CWE scoring).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.findings import Confidence, Finding, Severity
from app.core.review import ReviewOptions, ReviewOutcome
from app.core.sources import SourceFile
from app.core.threat_model import ThreatModel
from bench import review_quality
from bench.corpus import (
    Case,
    ExternalCase,
    ExternalCorpusError,
    Tally,
    case_sources,
    display_path,
    find_external_csv,
    format_comparison,
    format_confusion_table,
    format_table,
    heldout_manifests,
    is_flagged,
    is_flagged_exact,
    load_external,
    load_heldout,
    parse_external_csv,
    score,
    select,
    select_external,
)


def case(
    case_id: str,
    label: str = "vulnerable",
    category: str = "sqli",
    cwe: tuple[int, ...] = (89,),
    pair: str | None = None,
) -> Case:
    return Case(
        id=case_id,
        file=f"python/{category}/{case_id}.py",
        label=label,
        category=category,
        cwe=cwe,
        threat_model=None,
        pair=pair or case_id.rsplit("-", 1)[0],
    )


def finding(*cwe: int, severity: Severity = Severity.MEDIUM) -> Finding:
    return Finding(
        rule_id="test",
        title="test finding",
        cwe=cwe,
        severity=severity,
        confidence=Confidence.HIGH,
        sources=("test",),
        file="app.py",
        start_line=1,
    )


def test_rates_and_youden_per_category() -> None:
    cases = [
        case("a-vuln"),
        case("a-safe", "safe"),
        case("b-vuln"),
        case("b-safe", "safe"),
    ]
    findings = {"a-vuln": [finding(89)], "a-safe": [finding(89)], "b-vuln": [], "b-safe": []}
    scores = score(cases, findings)
    sqli = scores.categories["sqli"]
    assert (sqli.vulnerable, sqli.safe, sqli.true_positives, sqli.false_positives) == (2, 2, 1, 1)
    assert sqli.tpr == 0.5
    assert sqli.fpr == 0.5
    assert sqli.youden == 0.0
    assert scores.flagged == {"a-vuln": True, "a-safe": True, "b-vuln": False, "b-safe": False}


def test_perfect_and_inverted_detectors() -> None:
    cases = [case("a-vuln"), case("a-safe", "safe")]
    perfect = score(cases, {"a-vuln": [finding(89)], "a-safe": []})
    inverted = score(cases, {"a-vuln": [], "a-safe": [finding(89)]})
    assert perfect.macro_youden == 1.0
    assert inverted.macro_youden == -1.0
    assert inverted.min_youden == -1.0
    assert inverted.worst_category == "sqli"


def test_macro_weighs_categories_and_micro_weighs_cases() -> None:
    cases = [case(f"s{i}-vuln", pair=f"s{i}") for i in range(3)]
    cases += [case(f"s{i}-safe", "safe", pair=f"s{i}") for i in range(3)]
    cases += [
        case("x-vuln", category="xss", cwe=(79,)),
        case("x-safe", "safe", category="xss", cwe=(79,)),
    ]
    findings: dict[str, list[Finding]] = {c.id: [] for c in cases}
    for i in range(3):
        findings[f"s{i}-vuln"] = [finding(89)]  # sqli: 3/3 found, no false alarm
    scores = score(cases, findings)  # xss: nothing found
    assert scores.categories["sqli"].youden == 1.0
    assert scores.categories["xss"].youden == 0.0
    assert scores.macro_youden == pytest.approx(0.5)
    assert scores.micro.tpr == pytest.approx(3 / 4)
    assert scores.micro.fpr == 0.0
    assert scores.micro.youden == pytest.approx(0.75)


def test_flagging_matches_cwe_families_not_numbers() -> None:
    code = case("c-vuln", category="code-injection", cwe=(95,))
    assert is_flagged(code, [finding(94)])  # same family: injection-code
    assert not is_flagged(code, [finding(78)])  # bandit's 78 for eval is OS injection
    crypto = case("w-vuln", category="weak-crypto", cwe=(328, 916))
    assert is_flagged(crypto, [finding(327)])
    assert not is_flagged(crypto, [finding(330)])  # randomness is another family


def test_info_notes_do_not_flag_a_case() -> None:
    sqli = case("s-safe", label="safe")
    assert not is_flagged(sqli, [finding(89, severity=Severity.INFO)])
    assert is_flagged(sqli, [finding(89, severity=Severity.LOW)])


def test_every_single_cwe_is_looked_up_on_both_sides() -> None:
    bucket = case("t-vuln", category="terraform", cwe=(732, 284))
    assert is_flagged(bucket, [finding(284)])
    assert is_flagged(bucket, [finding(1000, 732)])  # a later CWE of the finding counts too
    assert not is_flagged(bucket, [finding(311)])
    action = case("g-vuln", category="github-actions", cwe=(78, 94))
    assert is_flagged(action, [finding(94)])
    assert is_flagged(action, [finding(77)])  # 77 and 78 share the OS-injection family
    assert not is_flagged(action, [finding(829)])


def test_safe_high_counts_safe_files_with_any_high_or_critical_finding() -> None:
    cases = [
        case("a-vuln"),
        case("a-safe", "safe"),
        case("b-vuln", pair="b"),
        case("b-safe", "safe", pair="b"),
        case("c-vuln", pair="c"),
        case("c-safe", "safe", pair="c"),
    ]
    findings = {
        "a-vuln": [finding(89, severity=Severity.CRITICAL)],  # vulnerable: never counted
        "a-safe": [finding(798, severity=Severity.HIGH)],  # other CWE, still counted
        "b-vuln": [],
        "b-safe": [finding(89, severity=Severity.MEDIUM)],  # a false positive, but not high
        "c-vuln": [],
        "c-safe": [finding(22, severity=Severity.CRITICAL), finding(22)],
    }
    scores = score(cases, findings)
    assert scores.safe_high == 2
    assert scores.safe_high_cases == ("a-safe", "c-safe")
    assert scores.categories["sqli"].false_positives == 1  # only b-safe matches sqli


def test_a_category_with_one_label_has_no_youden_and_stays_out_of_the_macro() -> None:
    cases = [case("a-vuln"), case("a-safe", "safe"), case("x-vuln", category="xss", cwe=(79,))]
    scores = score(cases, {"a-vuln": [finding(89)], "a-safe": [], "x-vuln": []})
    assert scores.categories["xss"].youden is None
    assert scores.categories["xss"].fpr is None
    assert scores.macro_youden == 1.0
    assert Tally().youden is None


def test_every_case_needs_a_result() -> None:
    with pytest.raises(KeyError, match="b-safe"):
        score([case("b-safe", "safe")], {})


def test_by_cwe_counts_a_case_under_each_of_its_cwes() -> None:
    cases = [
        case("t-vuln", category="terraform", cwe=(732, 284)),
        case("t-safe", "safe", category="terraform", cwe=(732, 284)),
    ]
    scores = score(cases, {"t-vuln": [finding(284)], "t-safe": []})
    assert set(scores.by_cwe) == {284, 732}
    assert scores.by_cwe[732].true_positives == 1


def test_select_keeps_whole_pairs_per_category() -> None:
    labels = ("vulnerable", "safe")
    cases = [case(f"s{i}-{label}", label, pair=f"s{i}") for i in range(3) for label in labels]
    cases.append(case("x-vuln", category="xss", cwe=(79,)))
    chosen = select(cases, pairs_per_category=2)
    assert [c.pair for c in chosen] == ["s0", "s0", "s1", "s1", "x"]
    assert select(cases, categories=["xss"]) == [cases[-1]]


def test_display_paths_are_neutral() -> None:
    def shown(file: str) -> str:
        return display_path(Case("x", file, "safe", "c", (1,), None, "p"))

    assert shown("python/sqli/001_vuln.py") == "app.py"
    assert shown("policy/auth/004.py") == "app.py"
    assert shown("docker/003_safe/Dockerfile") == "Dockerfile"
    assert shown("python/weak_crypto/005_vuln/settings.py") == "settings.py"
    assert shown("terraform/002_vuln.tf") == "main.tf"
    assert shown("sql/001_safe.sql") == "schema.sql"
    assert shown("actions/004_vuln.yml") == ".github/workflows/ci.yml"


def test_table_lists_categories_and_overall_lines() -> None:
    cases = [case("a-vuln"), case("a-safe", "safe")]
    table = format_table(score(cases, {"a-vuln": [finding(89)], "a-safe": []}), "scanners")
    assert "| sqli | 1 | 1 | 1 | 0 |  1.00 |  0.00 |  1.00 |" in table
    assert "macro" in table and "micro" in table
    assert "safe files with a high/critical finding: 0" in table


def test_bench_reviews_each_case_alone_under_a_neutral_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "threat_models").mkdir()
    (tmp_path / "threat_models" / "tm.yaml").write_text("airlock_threat_model: 1\nname: T\n")
    (tmp_path / "python").mkdir()
    (tmp_path / "python" / "001_vuln.py").write_text("import os\nos.system(input())\n")
    (tmp_path / "python" / "001_safe.py").write_text("print('hello')\n")
    tm = "threat_models/tm.yaml"
    cases = [
        Case("p-vuln", "python/001_vuln.py", "vulnerable", "command-injection", (78,), tm, "p"),
        Case("p-safe", "python/001_safe.py", "safe", "command-injection", (78,), tm, "p"),
    ]
    seen: list[tuple[str, str, str | None, frozenset[str]]] = []

    def fake_review(
        files: list[SourceFile], threat_model: ThreatModel | None, **kwargs: object
    ) -> ReviewOutcome:
        options = kwargs["options"]
        assert isinstance(options, ReviewOptions)
        stages = options.stages
        (file,) = files
        name = threat_model.name if threat_model else None
        seen.append((file.path, file.language, name, stages))
        hits = [finding(78, severity=Severity.HIGH)] if "os.system" in file.text else []
        return ReviewOutcome(hits, [], [file.path], {})

    monkeypatch.setattr(review_quality, "run_review", fake_review)
    run = review_quality.run_mode("policy", cases, tmp_path)
    assert seen == [
        ("app.py", "python", "T", frozenset({"scanners", "taint", "policy"})),
        ("app.py", "python", "T", frozenset({"scanners", "taint", "policy"})),
    ]
    assert run.scores.categories["command-injection"].youden == 1.0
    assert run.scores.safe_high == 0
    line = review_quality.result_line({"dev": {"policy": run}})
    assert line == (
        "RESULT youden_dev=1.00 youden_heldout=NA safe_high_heldout=NA "
        "youden_full_heldout=NA youden_external=NA" + OTHER_LANGUAGES_NA
    )


def test_bench_arguments() -> None:
    args = review_quality.parse_args(["--no-model", "--limit", "2", "--category", "sqli"])
    assert args.modes == ["scanners", "policy"]
    assert args.limit == 2 and args.category == ["sqli"]
    assert args.part == "all" and args.external is None and args.external_modes == ["policy"]
    args = review_quality.parse_args(["--categories", "sqli, xss", "--part", "dev"])
    assert args.category == ["sqli", "xss"] and args.part == "dev"
    args = review_quality.parse_args(["--no-model", "--external", "x", "--external-modes", "full"])
    assert args.external_modes == []
    for wrong in (
        ["--modes", "everything"],
        ["--part", "both"],
        ["--external-csv", "results.csv"],  # needs --external
        ["--part", "none"],  # nothing to review
    ):
        with pytest.raises(SystemExit):
            review_quality.parse_args(wrong)


# --- heldout part: manifests per subfolder, folder cases ------------------------------------


def manifest_entry(case_id: str, file: str, label: str, category: str = "xss") -> str:
    pair = case_id.rsplit("-", 1)[0]
    return (
        f"- id: {case_id}\n  file: {file}\n  label: {label}\n  category: {category}\n"
        f"  cwe: [79]\n  threat_model: null\n  pair: {pair}\n"
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_heldout_manifests_are_whatever_subfolder_manifests_exist(tmp_path: Path) -> None:
    assert heldout_manifests(tmp_path / "absent") == []
    assert load_heldout(tmp_path) == []
    write(
        tmp_path / "web" / "manifest.yaml", manifest_entry("w-001-vuln", "web/a.py", "vulnerable")
    )
    write(tmp_path / "crypto" / "manifest.yaml", "")  # still being written: no cases yet
    (tmp_path / "policy").mkdir()  # no manifest at all
    write(tmp_path / "manifest.yaml", "not: a list\n")  # only subfolders' manifests count
    found = heldout_manifests(tmp_path)
    assert [p.parent.name for p in found] == ["crypto", "web"]
    cases = load_heldout(tmp_path)
    assert [(c.id, c.file) for c in cases] == [("w-001-vuln", "web/a.py")]
    assert cases[0].path(tmp_path) == tmp_path / "web" / "a.py"


def folder_case(case_id: str = "web-007-vuln", label: str = "vulnerable") -> Case:
    return Case(case_id, "web/flask/007_vuln/", label, "xss", (79,), None, "web-007")


def make_folder_project(root: Path) -> None:
    folder = root / "web" / "flask" / "007_vuln"
    write(folder / "views.py", "from flask import render_template_string\n")
    write(folder / "templates" / "index.html", "<p>{{ name | safe }}</p>\n")
    write(folder / "__pycache__" / "views.cpython-313.pyc", "compiled")
    write(folder / ".github" / "workflows" / "ci.yml", "on: push\njobs: {}\n")


def test_a_folder_case_is_reviewed_as_one_project_under_a_neutral_name(tmp_path: Path) -> None:
    make_folder_project(tmp_path)
    case = folder_case()
    assert case.is_folder and case.vulnerable
    assert display_path(case) == "case-007"
    sources = case_sources(case, tmp_path)
    assert sorted((s.path, s.language) for s in sources) == [
        ("case-007/.github/workflows/ci.yml", "github_actions"),
        ("case-007/templates/index.html", "text"),
        ("case-007/views.py", "python"),
    ]
    assert all("vuln" not in s.path and "flask" not in s.path for s in sources)


def test_a_folder_case_is_flagged_by_a_finding_in_any_of_its_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    make_folder_project(tmp_path)
    cases = [folder_case(), folder_case("web-007-safe", "safe")]
    reviews: list[list[str]] = []

    def fake_review(files: list[SourceFile], *_: object, **__: object) -> ReviewOutcome:
        reviews.append([f.path for f in files])
        hit = Finding("t", "xss", (79,), Severity.MEDIUM, Confidence.HIGH, ("t",), files[1].path)
        return ReviewOutcome([hit] if len(reviews) == 1 else [], [], [], {})

    monkeypatch.setattr(review_quality, "run_review", fake_review)
    run = review_quality.run_mode("policy", cases, tmp_path)
    assert len(reviews) == 2 and len(reviews[0]) == 3  # one review per case, all files in it
    assert run.scores.flagged == {"web-007-vuln": True, "web-007-safe": False}


def test_yaml_is_shown_as_a_workflow_only_when_it_is_one() -> None:
    workflow = Case("a", "actions/004_vuln.yml", "safe", "c", (1,), None, "p")
    compose = Case("b", "config/004_vuln/docker-compose.yml", "safe", "c", (1,), None, "p")
    assert display_path(workflow, "on: push\njobs:\n  a: {}\n") == ".github/workflows/ci.yml"
    assert display_path(compose, "services:\n  web: {}\n") == "docker-compose.yml"
    assert display_path(compose) == ".github/workflows/docker-compose.yml"  # no text: as before


# --- external corpus: CSV, file lookup, exact-CWE scoring ------------------------------------


def test_external_csv_headers_in_the_common_spellings(tmp_path: Path) -> None:
    owasp = write(
        tmp_path / "owasp.csv",
        "# test name, category, real vulnerability, cwe, Benchmark version: 1.2, 2016-06-1\n"
        "BenchmarkTest00001,pathtraver,true,22\nBenchmarkTest00002,sqli,FALSE,89\n",
    )
    rows = parse_external_csv(owasp)
    assert [(r.name, r.category, r.vulnerable, r.cwe) for r in rows] == [
        ("BenchmarkTest00001", "pathtraver", True, 22),
        ("BenchmarkTest00002", "sqli", False, 89),
    ]
    other = write(
        tmp_path / "o.csv", "CWE,Extra,Name,Vulnerable,Category\nCWE-79,x,t1.py,True,xss\n"
    )
    (row,) = parse_external_csv(other)
    assert (row.name, row.category, row.vulnerable, row.cwe, row.line) == (
        "t1.py",
        "xss",
        True,
        79,
        2,
    )
    bare = write(tmp_path / "bare.csv", "t1,cmdi,false,78\n\n")
    assert [r.cwe for r in parse_external_csv(bare)] == [78]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,category,vulnerable,cwe\nt1,sqli,maybe,89\n", "vulnerable"),
        ("name,category,vulnerable,cwe\nt1,sqli,true,none\n", "cwe"),
        ("name,category,vulnerable,cwe\nt1,sqli,true,89\nt1,sqli,false,89\n", "twice"),
        ("test,kind,label\nt1,sqli,true\n", "header"),
        ("", "no rows"),
    ],
)
def test_external_csv_errors_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ExternalCorpusError, match=message):
        parse_external_csv(write(tmp_path / "x.csv", text))


def test_external_files_are_found_recursively_with_or_without_extension(tmp_path: Path) -> None:
    write(tmp_path / "testcode" / "T1.py", "import os\n")
    write(tmp_path / "testcode" / "sub" / "T2.py", "print(1)\n")
    write(tmp_path / "testcode" / "T2.html", "<p>not the test</p>\n")  # same stem, not code
    write(tmp_path / ".git" / "T3.py", "hidden\n")
    csv_path = write(
        tmp_path / "expected.csv",
        "name,category,vulnerable,cwe\nT1,cmdi,true,78\nT2.py,cmdi,false,78\n",
    )
    assert find_external_csv(tmp_path) == csv_path
    cases = load_external(tmp_path)
    assert [(c.id, c.file, c.vulnerable, c.cwe) for c in cases] == [
        ("T1", "testcode/T1.py", True, (78,)),
        ("T2.py", "testcode/sub/T2.py", False, (78,)),
    ]
    write(tmp_path / "more.csv", "name,category,vulnerable,cwe\nT3,cmdi,true,78\n")
    with pytest.raises(ExternalCorpusError, match="2 CSV files"):
        find_external_csv(tmp_path)
    with pytest.raises(ExternalCorpusError, match="1 test"):  # T3 is only in a hidden folder
        load_external(tmp_path, tmp_path / "more.csv")


def external(name: str, vulnerable: bool, category: str = "cmdi", cwe: int = 78) -> ExternalCase:
    return ExternalCase(name, f"{name}.py", category, (cwe,), vulnerable)


def test_external_cases_need_exactly_the_expected_cwe() -> None:
    case = external("T1", True)
    assert is_flagged_exact(case, [finding(78)])
    assert is_flagged_exact(case, [finding(1000, 78, severity=Severity.LOW)])
    assert not is_flagged_exact(case, [finding(77)])  # same family, another number
    assert is_flagged(case, [finding(77)])  # ... which the labelled corpus would accept
    assert not is_flagged_exact(case, [finding(78, severity=Severity.INFO)])


def test_external_scores_per_csv_category() -> None:
    cases = [
        external("c1", True),
        external("c2", True),
        external("c3", False),
        external("c4", False),
        external("h1", True, "hash", 328),
        external("h2", False, "hash", 328),
    ]
    findings = {
        "c1": [finding(78)],
        "c2": [finding(77)],
        "c3": [finding(78)],
        "c4": [],
        "h1": [finding(328)],
        "h2": [],
    }
    scores = score(cases, findings, is_flagged_exact)
    cmdi = scores.categories["cmdi"]
    assert (cmdi.true_positives, cmdi.false_negatives, cmdi.false_positives) == (1, 1, 1)
    assert cmdi.true_negatives == 1 and cmdi.youden == 0.0
    assert scores.macro_youden == pytest.approx(0.5)
    table = format_confusion_table(scores, "external")
    assert "| category | TP | FN | FP | TN | TPR | FPR | J |" in table
    assert "| cmdi | 1 | 1 | 1 | 1 |  0.50 |  0.50 |  0.00 |" in table
    assert "| hash | 1 | 0 | 0 | 1 |  1.00 |  0.00 |  1.00 |" in table


def test_select_external_keeps_n_of_each_label_per_category() -> None:
    cases = [external(f"v{i}", True) for i in range(3)] + [
        external(f"s{i}", False) for i in range(3)
    ]
    cases.append(external("h", True, "hash", 328))
    chosen = select_external(cases, per_label=2)
    assert [c.id for c in chosen] == ["v0", "v1", "s0", "s1", "h"]
    assert [c.id for c in select_external(cases, categories=["hash"])] == ["h"]


# --- the RESULT line and the comparison table ------------------------------------------------

OTHER_LANGUAGES_NA = (
    " youden_js=NA youden_java=NA youden_go=NA youden_csharp=NA safe_high_heldout_other=NA"
)


def run_of(
    mode: str, youden_hits: tuple[bool, bool], safe_high: bool = False
) -> review_quality.ModeRun:
    """A ModeRun over one sqli pair: (vulnerable flagged, safe flagged)."""
    cases = [case("a-vuln"), case("a-safe", "safe")]
    severity = Severity.HIGH if safe_high else Severity.MEDIUM
    findings = {
        "a-vuln": [finding(89)] if youden_hits[0] else [],
        "a-safe": [finding(89, severity=severity)] if youden_hits[1] else [],
    }
    return review_quality.ModeRun(mode, "", score(cases, findings), findings, {}, 0.0)


def test_result_line_says_na_for_every_run_that_did_not_happen() -> None:
    assert review_quality.result_line({}) == (
        "RESULT youden_dev=NA youden_heldout=NA safe_high_heldout=NA "
        "youden_full_heldout=NA youden_external=NA" + OTHER_LANGUAGES_NA
    )
    runs = {
        "dev": {
            "scanners": run_of("scanners", (False, False)),
            "policy": run_of("policy", (True, False)),
        },
        "heldout": {
            "policy": run_of("policy", (True, False)),
            "full": run_of("full", (True, True), True),
        },
        "external": {"policy": run_of("policy", (False, True))},
    }
    assert review_quality.result_line(runs) == (
        "RESULT youden_dev=1.00 youden_heldout=1.00 safe_high_heldout=1 "
        "youden_full_heldout=0.00 youden_external=-1.00" + OTHER_LANGUAGES_NA
    )
    del runs["heldout"]["full"]  # --no-model: safe_high from the policy run
    assert "safe_high_heldout=0 youden_full_heldout=NA" in review_quality.result_line(runs)


def test_comparison_shows_where_the_model_helps_or_hurts() -> None:
    table = format_comparison(
        run_of("policy", (True, False)).scores, run_of("full", (True, True)).scores
    )
    assert "| sqli | 1 | 1 |  1.00 |  0.00 |  1.00 |  1.00 |  1.00 |  0.00 | -1.00 |" in table
    assert "J change" in table


def test_bench_runs_every_part_end_to_end(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "dev" / "python" / "001_vuln.py", "os.system(x)\n")
    write(tmp_path / "dev" / "python" / "001_safe.py", "print(x)\n")
    dev = manifest_entry("d-001-vuln", "python/001_vuln.py", "vulnerable")
    dev += manifest_entry("d-001-safe", "python/001_safe.py", "safe")
    write(tmp_path / "dev" / "manifest.yaml", dev)
    make_folder_project(tmp_path / "heldout")
    write(tmp_path / "heldout" / "web" / "flask" / "007_safe" / "views.py", "print(1)\n")
    held = manifest_entry("h-007-vuln", "web/flask/007_vuln/", "vulnerable")
    held += manifest_entry("h-007-safe", "web/flask/007_safe/", "safe")
    write(tmp_path / "heldout" / "web" / "manifest.yaml", held)
    # Another language's pair is its own part: heldout-go, scored as youden_go.
    write(tmp_path / "heldout" / "go1" / "cmd" / "001_x.go", "os.system(x)\n")
    write(tmp_path / "heldout" / "go1" / "cmd" / "001_y.go", "print(x)\n")
    go = manifest_entry("g-001-vuln", "go1/cmd/001_x.go", "vulnerable")
    go += manifest_entry("g-001-safe", "go1/cmd/001_y.go", "safe")
    write(tmp_path / "heldout" / "go1" / "manifest.yaml", go)
    write(tmp_path / "ext" / "T1.py", "os.system(x)\n")
    write(tmp_path / "ext" / "T2.py", "print(x)\n")
    write(
        tmp_path / "ext" / "results.csv",
        "name,category,vulnerable,cwe\nT1,cmdi,true,78\nT2,cmdi,false,78\n",
    )

    def fake_review(files: list[SourceFile], *_: object, **__: object) -> ReviewOutcome:
        hits = (
            [finding(79, 78)]
            if any("os.system" in f.text or "safe }}" in f.text for f in files)
            else []
        )
        return ReviewOutcome(hits, [], [], {})

    monkeypatch.setattr(review_quality, "run_review", fake_review)
    argv = ["--no-model", "--manifest", str(tmp_path / "dev" / "manifest.yaml")]
    argv += ["--heldout-dir", str(tmp_path / "heldout"), "--external", str(tmp_path / "ext")]
    assert review_quality.main(argv) == 0
    out = capsys.readouterr().out
    assert "### heldout, policy: 2 cases" in out and "### external, policy: 2 cases" in out
    assert "### heldout-go, policy: 2 cases" in out
    assert out.rstrip().splitlines()[-1] == (
        "RESULT youden_dev=1.00 youden_heldout=1.00 safe_high_heldout=0 "
        "youden_full_heldout=NA youden_external=1.00 youden_js=NA youden_java=NA "
        "youden_go=1.00 youden_csharp=NA safe_high_heldout_other=0"
    )
    argv[3:5] = ["--heldout-dir", str(tmp_path / "nothing")]
    assert review_quality.main([*argv[:5], "--part", "heldout"]) == 0
    out = capsys.readouterr().out
    assert "note: heldout: no cases" in out
    assert "youden_heldout=NA safe_high_heldout=NA" in out


def test_questions_for_the_reviewer_do_not_flag_a_case_but_can_be_counted_apart() -> None:
    from dataclasses import replace as _replace

    from app.core.findings import Confidence, Finding, Severity
    from bench.corpus import is_flagged, is_flagged_with_questions

    case = Case("q-1", "a.py", "vulnerable", "sqli", (89,), None, "q")
    claim = Finding(
        rule_id="airlock.model.sqli",
        title="SQL injection",
        cwe=(89,),
        severity=Severity.HIGH,
        confidence=Confidence.LOW,
        sources=("model:qwen",),
        file="a.py",
        question=True,
    )
    assert not is_flagged(case, [claim])
    assert is_flagged_with_questions(case, [claim])
    assert is_flagged(case, [_replace(claim, question=False)])
