"""`airlock report` end to end through click, on a real SQLite file in AIRLOCK_HOME."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from app.cli import main
from app.store.db import open_database
from tests.report.builders import sample
from tests.sarif.test_sarif import assert_valid

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "dev" / "python"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def ids() -> dict[str, int]:
    # open_database() with no path is the one the CLI opens: AIRLOCK_HOME, a fresh tmp dir.
    return sample(open_database())


def test_a_review_report_goes_to_stdout_as_markdown_by_default(ids: dict[str, int]) -> None:
    result = run("report", str(ids["second"]))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"# Airlock report: review {ids['second']}\n")
    assert "## Audit record" in result.output


@pytest.mark.parametrize(
    ("name", "fmt", "marker"),
    [
        ("report.html", None, "<!DOCTYPE html>"),
        ("report.sarif", None, '"version": "2.1.0"'),
        ("REPORT.JSON", None, '"version": "2.1.0"'),
        ("report.md", None, "# Airlock report"),
        ("report.txt", "html", "<!DOCTYPE html>"),
        ("report.html", "md", "# Airlock report"),
    ],
)
def test_the_format_comes_from_the_option_or_the_file_name(
    ids: dict[str, int], tmp_path: Path, name: str, fmt: str | None, marker: str
) -> None:
    output = tmp_path / name
    args = ["report", str(ids["second"]), "--output", str(output)]
    result = run(*args, *(["--format", fmt] if fmt else []))
    assert result.exit_code == 0, result.output
    assert marker in output.read_text(encoding="utf-8")[:200]
    assert f"report on 5 findings, 1 note written to {output}" in result.output


def test_a_project_report_over_a_date_range(ids: dict[str, int], tmp_path: Path) -> None:
    output = tmp_path / "project.sarif"
    result = run(
        "report", "--project", "photo-api", "--since", "2026-02-01", "--until", "2026-02-05",
        "-o", str(output),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    doc = json.loads(output.read_text(encoding="utf-8"))
    assert_valid(doc)
    assert len(doc["runs"][0]["results"]) == 2  # only the first review's two findings


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give a REVIEW_ID or --project NAME"),
        (["1", "--project", "photo-api"], "give a REVIEW_ID or --project NAME"),
        (["1", "--since", "2026-01-01"], "--since and --until need --project"),
        (["--project", "photo-api", "--until", "soon"], "--until 'soon' is not a date"),
        (["--project", "nope"], "no project named 'nope'"),
        (["99"], "no review with id 99"),
    ],
)
def test_bad_input_gets_one_line_and_exit_code_2(
    ids: dict[str, int], args: list[str], message: str
) -> None:
    result = run("report", *args)
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"airlock: error: {message}")


def test_a_real_review_reports_in_every_format(tmp_path: Path) -> None:
    assert run("project", "create", "demo", "--template", "web-api").exit_code == 0
    reviewed = run(
        "review", str(CORPUS / "command_injection" / "001_vuln.py"), "--project", "demo",
        "--no-model", "--quiet", "--format", "json",
    )  # fmt: skip
    assert reviewed.exit_code == 0, reviewed.output
    review_id = json.loads(reviewed.output)["review_id"]
    html_file, sarif_file = tmp_path / "r.html", tmp_path / "r.sarif"
    assert run("report", str(review_id), "-o", str(html_file)).exit_code == 0
    assert run("report", str(review_id), "-o", str(sarif_file)).exit_code == 0
    page = html_file.read_text(encoding="utf-8")
    assert "OS command injection" in page and "os.system" in page
    assert "none (deterministic stages only)" in page
    doc = json.loads(sarif_file.read_text(encoding="utf-8"))
    assert_valid(doc)
    assert "airlock.taint.command-injection" in {r["ruleId"] for r in doc["runs"][0]["results"]}
