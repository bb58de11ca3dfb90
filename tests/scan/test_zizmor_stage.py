"""zizmor as a review stage: the real binary, offline, over workflows written to a private
folder; the audits the rule pack makes itself are left to the pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.sources import source_from_text
from app.scan import child_program, zizmor_stage
from app.scan.base import StageContext
from app.scan.zizmor_stage import ZizmorStage

WORKFLOW = """\
name: release
on:
  pull_request_target:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1
      - run: echo "${{ github.event.pull_request.title }}"
      - run: echo "NAME=${{ github.event.pull_request.head.ref }}" >> "$GITHUB_ENV"
"""


def _review(text: str = WORKFLOW) -> list[tuple[str, tuple[int, ...], int | None]]:
    file = source_from_text(".github/workflows/release.yml", text)
    result = ZizmorStage().run([file], StageContext())
    assert result.warnings == []
    return [(f.rule_id, f.cwe, f.start_line) for f in result.findings]


def test_zizmor_adds_the_audits_the_rule_pack_does_not_make() -> None:
    found = _review()
    assert ("zizmor.artipacked", (522,), 8) in found  # the checkout keeps its token on disk
    assert any(rule == "zizmor.github-env" for rule, _, _ in found)


def test_audits_the_rule_pack_makes_are_left_to_it() -> None:
    rules = {rule for rule, _, _ in _review()}
    assert not {f"zizmor.{audit}" for audit in zizmor_stage.OVERLAPPING_AUDITS} & rules


def test_only_workflows_are_sent() -> None:
    files = [source_from_text("app.py", "print(1)\n"), source_from_text("ci.yaml", "a: 1\n")]
    assert ZizmorStage().run(files, StageContext()).findings == []


def test_a_missing_zizmor_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> Path:
        raise zizmor_stage.ZizmorMissing("zizmor is not installed")

    monkeypatch.setattr(zizmor_stage, "find_zizmor", missing)
    file = source_from_text(".github/workflows/a.yml", WORKFLOW)
    [warning] = ZizmorStage().run([file], StageContext()).warnings
    assert warning.kind == "stage_failed" and "not installed" in warning.message


def test_zizmor_runs_offline() -> None:
    # The command line, as the stage builds it, turns every online audit off.
    captured: list[list[str]] = []
    real = child_program.subprocess.Popen

    class Recording(real):  # type: ignore[misc,valid-type]
        def __init__(self, argv: list[str], **kwargs: object) -> None:
            captured.append(argv)
            super().__init__(argv, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(child_program.subprocess, "Popen", Recording)
        _review()
    [argv] = captured
    assert "--offline" in argv and "--no-online-audits" in argv


def test_a_workflow_zizmor_cannot_parse_is_a_warning_for_that_file() -> None:
    broken = source_from_text(".github/workflows/bad.yml", "on: push\njobs: [\n")
    good = source_from_text(".github/workflows/release.yml", WORKFLOW)
    for files in ([broken], [broken, good]):
        result = ZizmorStage().run(files, StageContext())
        assert [(w.kind, w.file) for w in result.warnings] == [
            ("parse_error", ".github/workflows/bad.yml")
        ]
