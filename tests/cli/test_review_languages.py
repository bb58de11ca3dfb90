"""`airlock review` of a mixed folder with the real stages: JavaScript is checked by the
semgrep rules, Kotlin by no rule, and every output format says which files no rule read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from app.cli import main

SERVER_JS = """\
const express = require('express');
const { exec } = require('child_process');
const app = express();
app.post('/lookup', (req, res) => {
  exec('nslookup ' + req.body.host, (err, out) => res.send(out));
});
"""
MAIN_KT = 'fun main() { println("hello") }\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "server.js").write_text(SERVER_JS, encoding="utf-8")
    (tmp_path / "Main.kt").write_text(MAIN_KT, encoding="utf-8")
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["review", *args, "--no-model", "-q", "--no-save"])


def test_text_names_the_files_no_rule_read(project: Path) -> None:
    result = run(str(project))
    assert result.exit_code == 0, result.output
    assert "CWE-78" in result.stdout and "found by semgrep" in result.stdout
    last = result.stdout.strip().splitlines()[-1]
    assert last.endswith("1 file not covered by rules (Main.kt)")


def test_json_carries_coverage_per_file(project: Path) -> None:
    document = json.loads(run(str(project), "--format", "json").stdout)
    coverage = {entry["path"]: entry for entry in document["coverage"]}
    assert coverage["server.js"]["by_rules"] and "semgrep" in coverage["server.js"]["analysers"]
    assert not coverage["Main.kt"]["by_rules"]
    assert "detect-secrets" in coverage["Main.kt"]["analysers"]
    kinds = {(w["kind"], w["file"]) for w in document["warnings"]}
    assert ("not_covered", "Main.kt") in kinds


def test_sarif_lists_them_in_notifications_and_run_properties(project: Path) -> None:
    log = json.loads(run(str(project), "--format", "sarif").stdout)
    [sarif_run] = log["runs"]
    assert sarif_run["properties"]["filesNotCoveredByRules"] == ["Main.kt"]
    notes = sarif_run["invocations"][0]["toolExecutionNotifications"]
    assert any(n["properties"]["kind"] == "not_covered" for n in notes)
    assert {r["ruleId"] for r in sarif_run["results"]} >= {"js-command-injection"}
