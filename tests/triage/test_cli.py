"""`airlock review --baseline/--new-only` and `airlock finding ...`, through click, on a real DB."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner, Result

from app.cli import main
from app.store.reviews import review_findings
from tests.triage.conftest import VULNERABLE

UNTIL = (date.today() + timedelta(days=30)).isoformat()
PICKLE = "import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "app.py").write_text(VULNERABLE, encoding="utf-8")
    return folder


def review_json(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(main, ["review", *args, "--no-model", "-q", "--format", "json"])
    assert result.exit_code == 0, result.output
    document: dict[str, object] = json.loads(result.stdout)
    return document


def ids_by_title(db: sqlite_utils.Database, review_id: int) -> dict[str, int]:
    return {f.finding.title: f.id for f in review_findings(db, review_id)}


def test_new_only_reports_just_what_the_change_added(src: Path, db: sqlite_utils.Database) -> None:
    first = review_json(str(src))
    assert len(first["findings"]) == 4  # type: ignore[arg-type]
    (src / "extra.py").write_text(PICKLE, encoding="utf-8")
    result = run("review", str(src), "--no-model", "--new-only")
    assert result.exit_code == 0, result.output
    assert "extra.py" in result.stdout and "app.py" not in result.stdout
    assert f"compared with review {first['review_id']}: 1 new, 4 unchanged, 0 gone" in (
        result.stderr
    )


def test_an_explicit_baseline_reports_findings_new_since_it_in_json(src: Path) -> None:
    first = review_json(str(src))
    (src / "app.py").write_text(VULNERABLE + "\n" + PICKLE, encoding="utf-8")
    review_json(str(src))
    third = review_json(str(src), "--baseline", str(first["review_id"]))
    assert third["baseline_review_id"] == first["review_id"]
    findings = third["findings"]
    assert isinstance(findings, list)
    assert [f["rule_id"] for f in findings] == ["test.pickle"]
    assert {f["baseline_state"] for f in findings} == {"new"}
    assert third["gone"] == []


def test_accepted_risks_carry_over_and_do_not_fail_the_build(
    src: Path, db: sqlite_utils.Database
) -> None:
    first = review_json(str(src))
    ids = ids_by_title(db, int(first["review_id"]))  # type: ignore[call-overload]
    for title, number in ids.items():
        if title != "Import subprocess":
            triaged = run(
                "finding", "triage", str(number), "--status", "accepted",
                "--reason", "sandboxed", "--until", UNTIL, "--actor", "alice",
            )  # fmt: skip
            assert triaged.exit_code == 0, triaged.output
    gate = run("review", str(src), "--no-model", "-q", "--fail-on", "low")
    assert gate.exit_code == 1  # the import is still open
    gate = run("review", str(src), "--no-model", "-q", "--fail-on", "medium")
    assert gate.exit_code == 0, gate.output  # everything at medium or worse is accepted
    document = review_json(str(src))
    statuses = {f["title"]: f["status"] for f in document["findings"]}  # type: ignore[attr-defined]
    assert statuses["Import subprocess"] == "open"
    assert {s for t, s in statuses.items() if t != "Import subprocess"} == {"accepted"}


def test_sarif_with_a_baseline_carries_states_and_suppressions(
    src: Path, db: sqlite_utils.Database, tmp_path: Path
) -> None:
    first = review_json(str(src))
    ids = ids_by_title(db, int(first["review_id"]))  # type: ignore[call-overload]
    run("finding", "triage", str(ids["Import subprocess"]), "--status", "false_positive",
        "--reason", "import only")  # fmt: skip
    out = tmp_path / "airlock.sarif"
    result = run("review", str(src), "--no-model", "-q", "--format", "sarif", "-o", str(out),
                 "--baseline", str(first["review_id"]), "--no-save")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"] == []  # none new
    everything = run("review", str(src), "--no-model", "-q", "--format", "sarif")
    results = json.loads(everything.stdout)["runs"][0]["results"]
    assert {r["baselineState"] for r in results} == {"unchanged"}
    suppressed = [r for r in results if r["suppressions"]]
    assert [r["ruleId"] for r in suppressed] == ["test.subprocess-import"]
    assert suppressed[0]["suppressions"][0]["justification"] == "false positive: import only"


def test_the_existing_review_options_still_work(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "review.json"
    result = run("review", str(src), "--no-model", "--no-save", "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["review_id"] is None and len(document["findings"]) == 4
    assert run("review", str(src), "--no-model", "-q", "--fail-on", "critical").exit_code == 1
    text = run("review", str(src), "--no-model")
    assert "4 findings in 1 files reviewed" in text.stdout
    assert "airlock: review 2 saved" in text.stderr  # the --fail-on run saved review 1


def test_a_wrong_baseline_id_is_one_line_and_exit_code_2(src: Path) -> None:
    result = run("review", str(src), "--no-model", "--baseline", "77")
    assert result.exit_code == 2
    assert result.stderr == "airlock: error: no review with id 77\n"


def test_finding_show_list_and_triage(src: Path, db: sqlite_utils.Database) -> None:
    first = review_json(str(src))
    ids = ids_by_title(db, int(first["review_id"]))  # type: ignore[call-overload]
    debug = ids["Debug mode on"]
    triaged = run("finding", "triage", str(debug), "--status", "accepted", "--reason",
                  "dev only", "--until", UNTIL, "--actor", "alice")  # fmt: skip
    assert triaged.stdout == f"finding {debug}: accepted risk until {UNTIL} (dev only)\n"
    shown = run("finding", "show", str(debug))
    assert shown.exit_code == 0
    assert f"status: accepted risk until {UNTIL} (dev only)" in shown.stdout
    assert f"alice  open -> accepted until {UNTIL}: dev only" in shown.stdout
    as_json = json.loads(run("finding", "show", str(debug), "--format", "json").stdout)
    assert as_json["events"][0]["actor"] == "alice"
    assert as_json["finding"]["title"] == "Debug mode on"
    listed = run("finding", "list", "--status", "accepted").stdout.splitlines()
    assert listed == [f"{debug}\taccepted\tnew\tmedium\tapp.py:15\tDebug mode on"]


def test_the_actor_defaults_to_airlock_actor(
    src: Path, db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIRLOCK_ACTOR", "ci-bot")
    first = review_json(str(src))
    finding_id = min(ids_by_title(db, int(first["review_id"])).values())  # type: ignore[call-overload]
    assert run("finding", "triage", str(finding_id), "--status", "fixed").exit_code == 0
    assert "ci-bot  open -> fixed" in run("finding", "show", str(finding_id)).stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--status", "accepted", "--reason", "x"], "needs an expiry date"),
        (["--status", "accepted", "--reason", "x", "--until", "2020-01-01"], "not in the future"),
        (["--status", "false_positive"], "needs a reason"),
    ],
)
def test_bad_triage_input_is_one_line_and_exit_code_2(
    src: Path, args: list[str], message: str
) -> None:
    review_json(str(src))
    result = run("finding", "triage", "1", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("airlock: error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1


def test_listing_with_no_reviews_says_what_to_do() -> None:
    result = run("finding", "list")
    assert result.exit_code == 2
    assert "run `airlock review PATH` first" in result.stderr
