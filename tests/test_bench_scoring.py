"""bench/corpus.py scoring, on hand-made cases and findings; bench wiring with a fake review."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.findings import Confidence, Finding, Severity
from app.core.review import ReviewOptions, ReviewOutcome
from app.core.sources import SourceFile
from app.core.threat_model import ThreatModel
from bench import review_quality
from bench.corpus import Case, Tally, display_path, format_table, is_flagged, score, select


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
    line = review_quality.result_line({"policy": run})
    assert line == "RESULT youden_scanners=NA youden_policy=1.00 youden_full=NA safe_high=0"


def test_bench_arguments() -> None:
    args = review_quality.parse_args(["--no-model", "--limit", "2", "--category", "sqli"])
    assert args.modes == ["scanners", "policy"]
    assert args.limit == 2 and args.category == ["sqli"]
    with pytest.raises(SystemExit):
        review_quality.parse_args(["--modes", "everything"])
