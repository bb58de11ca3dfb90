"""`airlock project export --format otm` and `airlock project import` of OTM files, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from app.cli import main
from tests.otm import FOREIGN_SAMPLE, schema_errors, unknown_fields


def run(*args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result


@pytest.fixture
def demo() -> str:
    run("project", "create", "demo", "--template", "web-api")
    return "demo"


def test_export_as_otm_writes_schema_valid_json_to_stdout(demo: str) -> None:
    document = json.loads(run("project", "export", demo, "--format", "otm").stdout)
    assert document["otmVersion"] == "0.2.0"
    assert document["project"] == {**document["project"], "name": "Web API", "id": "demo"}
    assert schema_errors(document) == []
    assert unknown_fields(document) == []


@pytest.mark.parametrize(
    ("file_name", "fmt", "is_yaml"),
    [
        ("model.otm.yaml", "otm", True),
        ("model.yml", "otm", True),
        ("model.otm.json", "otm", False),
        ("model.otm", "otm", False),
        ("model.json", "otm-yaml", True),
        ("model.yaml", "otm-json", False),
    ],
)
def test_otm_is_yaml_or_json_by_the_output_name_unless_the_format_says(
    demo: str, tmp_path: Path, file_name: str, fmt: str, is_yaml: bool
) -> None:
    output = tmp_path / file_name
    result = run("project", "export", demo, "--format", fmt, "--output", str(output))
    assert f"wrote {output}" in result.stderr
    text = output.read_text(encoding="utf-8")
    assert text.startswith("{") is not is_yaml
    assert schema_errors(yaml.safe_load(text)) == []


def test_an_exported_project_imports_back_as_the_same_threat_model(
    demo: str, tmp_path: Path
) -> None:
    original = run("project", "export", demo).stdout
    for name in ("model.otm.json", "model.otm.yaml"):
        path = tmp_path / name
        run("project", "export", demo, "--format", "otm", "--output", str(path))
        copy = f"copy-{path.suffix[1:]}"
        imported = run("project", "import", str(path), "--project", copy)
        assert imported.stdout == f"created project {copy} (threat model v1)\n"
        assert imported.stderr == ""
        assert run("project", "export", copy).stdout == original


def test_importing_without_a_project_name_uses_the_otm_project_id(
    demo: str, tmp_path: Path
) -> None:
    path = tmp_path / "web.otm.json"
    run("project", "export", demo, "--format", "otm", "--output", str(path))
    result = run("project", "import", str(path))
    assert result.stdout == "updated project demo (threat model v2)\n"
    assert run("project", "history", demo, "--diff", "1", "2").stdout == ""


def test_a_foreign_otm_file_imports_and_lists_what_was_dropped_on_stderr() -> None:
    result = run("project", "import", str(FOREIGN_SAMPLE))
    assert result.stdout == "created project online-shop (threat model v1)\n"
    warnings = result.stderr.splitlines()
    assert len(warnings) >= 10
    assert all(line.startswith("airlock: warning: ") for line in warnings)
    assert any("threats not imported" in line and "SQL injection" in line for line in warnings)
    shown = yaml.safe_load(run("project", "show", "online-shop").stdout)
    assert [zone["trust"] for zone in shown["trust_zones"]] == [
        "untrusted",
        "authenticated",
        "privileged",
        "untrusted",
    ]


def test_format_otm_reads_otm_even_with_a_yaml_name_and_refuses_our_format(
    demo: str, tmp_path: Path
) -> None:
    ours = tmp_path / "ours.yaml"
    ours.write_text(run("project", "export", demo).stdout, encoding="utf-8")
    result = run("project", "import", str(ours), "--format", "otm", code=2)
    assert result.output.strip().splitlines() == [
        f"airlock: error: {ours}: missing required key 'otmVersion'"
    ]
    otm = tmp_path / "theirs.yaml"
    otm.write_text(run("project", "export", demo, "--format", "otm-yaml").stdout, "utf-8")
    assert "updated project demo" in run("project", "import", str(otm), "--format", "otm").stdout
    refused = run("project", "import", str(otm), "--format", "airlock", code=2)
    assert "missing required key 'airlock_threat_model'" in refused.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"otmVersion": "9.9.9", "project": {"name": "x", "id": "x"}}', "otmVersion: unsupported"),
        ('{"otmVersion": "0.2.0", "project": {"name": "x"}}', "project: missing required key 'id'"),
        ('{"otmVersion": "0.2.0", ', "invalid JSON at line 1"),
    ],
)
def test_a_broken_otm_file_is_one_error_line_naming_the_field(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    result = run("project", "import", str(path), code=2)
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"airlock: error: {path}: ")
    assert message in line
    assert "no projects yet" in run("project", "list").stderr
