"""GitHub Actions rules: the vulnerable workflow patterns are flagged on the right line, the
safe look-alikes are not, and broken YAML is reported."""

from __future__ import annotations

from textwrap import dedent

import pytest

from app.core.findings import Confidence, Finding, Severity
from app.core.sources import source_from_text
from app.scan.rules import actions
from app.scan.rules.common import RuleParseError

PRT = "airlock.gha.pull-request-target-checkout"
INJECTION = "airlock.gha.expression-injection"
WRITE_ALL = "airlock.gha.write-all-permissions"
UNPINNED = "airlock.gha.unpinned-action"
SECRETS = "airlock.gha.secrets-to-untrusted-code"
SHA = "b4ffde65f46336ab88eb53be808477a3936bae11"


def _findings(text: str, rule_id: str) -> list[Finding]:
    source = source_from_text(".github/workflows/ci.yml", dedent(text).lstrip("\n"))
    assert source.language == "github_actions"
    return [f for f in actions.check(source).findings if f.rule_id == rule_id]


def _lines(text: str, rule_id: str) -> list[int | None]:
    return [finding.start_line for finding in _findings(text, rule_id)]


PWN_REQUEST = f"""
    on:
      pull_request_target:
        types: [opened, synchronize]
    env:
      SHARED: ${{{{ secrets.SHARED_TOKEN }}}}
    jobs:
      test:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@{SHA}
            with:
              ref: ${{{{ github.event.pull_request.head.sha }}}}
          - run: npm ci && npm test
            env:
              NPM_TOKEN: ${{{{ secrets.NPM_TOKEN }}}}
"""


def test_pull_request_target_with_head_checkout_is_flagged_on_the_ref_line() -> None:
    findings = _findings(PWN_REQUEST, PRT)
    assert [f.start_line for f in findings] == [12]
    assert findings[0].severity is Severity.HIGH
    assert findings[0].cwe == (829, 94)


def test_secrets_in_a_pwn_request_job_are_flagged_where_they_are_referenced() -> None:
    findings = _findings(PWN_REQUEST, SECRETS)
    assert [f.start_line for f in findings] == [5, 15]
    assert "SHARED_TOKEN" in findings[0].message
    assert findings[0].cwe == (200, 829)


def test_pull_request_target_without_head_checkout_is_not_flagged() -> None:
    text = f"""
        on: pull_request_target
        jobs:
          label:
            runs-on: ubuntu-latest
            permissions:
              pull-requests: write
            steps:
              - uses: actions/checkout@{SHA}
              - uses: actions/labeler@{SHA}
                with:
                  repo-token: ${{{{ secrets.GITHUB_TOKEN }}}}
    """
    assert _lines(text, PRT) == []
    assert _lines(text, SECRETS) == []


def test_head_checkout_under_pull_request_is_not_flagged() -> None:
    text = f"""
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@{SHA}
                with:
                  ref: ${{{{ github.event.pull_request.head.sha }}}}
    """
    assert _lines(text, PRT) == []


def test_same_repository_guard_is_respected() -> None:
    text = f"""
        on: pull_request_target
        jobs:
          test:
            if: github.event.pull_request.head.repo.full_name == github.repository
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@{SHA}
                with:
                  ref: ${{{{ github.event.pull_request.head.ref }}}}
    """
    assert _lines(text, PRT) == []


def test_fetching_the_pull_request_in_a_script_is_flagged() -> None:
    text = """
        on:
          - pull_request_target
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: |
                  gh pr checkout ${{ github.event.pull_request.number }}
                  make
    """
    assert _lines(text, PRT) == [8]


def test_event_title_in_run_is_flagged_on_the_line_inside_the_block() -> None:
    text = """
        on: issues
        jobs:
          greet:
            runs-on: ubuntu-latest
            steps:
              - name: greet
                run: |
                  echo "New issue"
                  echo "${{ github.event.issue.title }}"
    """
    findings = _findings(text, INJECTION)
    assert [f.start_line for f in findings] == [9]
    assert findings[0].confidence is Confidence.HIGH
    assert findings[0].cwe == (78, 94)
    assert "github.event.issue.title" in findings[0].message


def test_head_ref_in_a_one_line_run_and_github_script_are_flagged() -> None:
    text = f"""
        on: pull_request
        jobs:
          check:
            runs-on: ubuntu-latest
            steps:
              - run: git log origin/${{{{ github.head_ref }}}}
              - uses: actions/github-script@{SHA}
                with:
                  script: |
                    console.log("${{{{ github.event.comment.body }}}}")
    """
    assert _lines(text, INJECTION) == [6, 10]


def test_other_event_fields_are_medium_confidence_and_numbers_are_not_flagged() -> None:
    text = """
        on: workflow_dispatch
        jobs:
          a:
            runs-on: ubuntu-latest
            steps:
              - run: echo "${{ github.event.inputs.name }}"
              - run: echo "${{ github.event.pull_request.number }} ${{ github.sha }}"
    """
    findings = _findings(text, INJECTION)
    assert [(f.start_line, f.confidence) for f in findings] == [(6, Confidence.MEDIUM)]


def test_event_data_passed_through_env_is_not_flagged() -> None:
    text = """
        on: issues
        jobs:
          greet:
            runs-on: ubuntu-latest
            steps:
              - env:
                  TITLE: ${{ github.event.issue.title }}
                run: echo "$TITLE"
    """
    assert _lines(text, INJECTION) == []


def test_write_all_is_flagged_at_workflow_and_job_level() -> None:
    text = """
        on: push
        permissions: write-all
        jobs:
          a:
            runs-on: ubuntu-latest
            permissions: write-all
            steps:
              - run: echo
    """
    findings = _findings(text, WRITE_ALL)
    assert [f.start_line for f in findings] == [2, 6]
    assert findings[0].cwe == (732, 250)


def test_read_all_and_explicit_scopes_are_not_flagged() -> None:
    text = """
        on: push
        permissions: read-all
        jobs:
          a:
            runs-on: ubuntu-latest
            permissions:
              contents: read
              pull-requests: write
            steps:
              - run: echo
    """
    assert _lines(text, WRITE_ALL) == []


def test_actions_pinned_to_tags_or_branches_are_flagged() -> None:
    text = """
        on: push
        jobs:
          a:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: someone/deploy-action@main
              - uses: docker://alpine:3.19
          reuse:
            uses: org/workflows/.github/workflows/build.yml@v1
    """
    findings = _findings(text, UNPINNED)
    assert [(f.start_line, f.severity) for f in findings] == [
        (6, Severity.LOW),
        (7, Severity.MEDIUM),
        (8, Severity.MEDIUM),
        (10, Severity.MEDIUM),
    ]
    assert findings[0].cwe == (829, 1357)


def test_sha_pins_digests_and_local_actions_are_not_flagged() -> None:
    text = f"""
        on: push
        jobs:
          a:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@{SHA} # v4.1.1
              - uses: ./.github/actions/setup
              - uses: docker://alpine@sha256:{"0" * 64}
    """
    assert _lines(text, UNPINNED) == []


def test_the_on_key_is_read_as_a_trigger_not_as_true() -> None:
    # YAML 1.1 constructs `on` as the boolean True; the rules must still see the trigger.
    text = PWN_REQUEST.replace("on:", "'on':", 1)
    assert _lines(text, PRT) == [12]
    assert _lines(PWN_REQUEST, PRT) == [12]


def test_broken_yaml_raises_a_parse_error_with_the_line() -> None:
    text = "on: push\njobs:\n  a:\n    steps: [\n"
    with pytest.raises(RuleParseError) as caught:
        actions.check(source_from_text(".github/workflows/x.yml", text))
    assert caught.value.line is not None


def test_a_self_referencing_alias_does_not_hang_the_rules() -> None:
    text = "on: push\njobs:\n  a: &job\n    steps: &steps [*steps]\n    uses: x/y@v1\n"
    findings = actions.check(source_from_text(".github/workflows/x.yml", text)).findings
    assert [f.rule_id for f in findings] == [UNPINNED]
