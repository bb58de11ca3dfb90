"""The policy stage as the pipeline sees it: off without policies, never raising."""

from __future__ import annotations

import pytest

from app.core.sources import source_from_text
from app.core.threat_model import load_template
from app.scan.base import StageContext
from app.scan.policy import PolicyStage
from app.scan.policy import stage as stage_module
from app.scan.policy.stage import PolicyCheck
from tests.newer_syntax import NEWER_SYNTAX
from tests.scan_flow import run_policy

VIOLATIONS = """
from flask import Flask
app = Flask(__name__)
API_KEY = "sk-live-4f9a8b7c6d5e4f3a"

@app.route("/admin")
def admin():
    return "secret things"

app.run(debug=True)
"""


def test_without_a_threat_model_only_the_baseline_is_checked() -> None:
    # Routes, debug mode and key literals are the threat model's to rule on: not checked.
    assert run_policy(VIOLATIONS, None).findings == []
    # Passwords need a password hashing scheme in every project (app/scan/policy/baseline.py).
    fast = "import hashlib\ndef store(password):\n    return hashlib.sha256(password.encode())\n"
    [finding] = run_policy(fast, None).findings
    assert finding.rule_id == "airlock.policy.weak-password-hash"
    assert "Airlock's baseline requires argon2, bcrypt, scrypt, pbkdf2" in finding.message
    assert [w.kind for w in run_policy("def (:\n", None).warnings] == ["parse_error"]


def test_a_threat_model_crypto_policy_replaces_the_baseline() -> None:
    from dataclasses import replace

    from app.core.threat_model import CryptoPolicy, Policies

    model = replace(
        load_template("web-api"),
        policies=Policies(crypto=CryptoPolicy(password_hashing=("sha256",))),
    )
    fast = "import hashlib\ndef store(password):\n    return hashlib.sha256(password.encode())\n"
    assert run_policy(fast, model).findings == []


def test_django_hashes_new_passwords_with_the_first_hasher() -> None:
    weak_first = (
        'PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",\n'
        '    "django.contrib.auth.hashers.PBKDF2PasswordHasher"]\n'
    )
    [finding] = run_policy(weak_first, None).findings
    assert "MD5PasswordHasher (md5)" in finding.message and finding.start_line == 1
    migrating = (
        'PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher",\n'
        '    "django.contrib.auth.hashers.MD5PasswordHasher"]\n'
    )
    assert run_policy(migrating, None).findings == []


def test_a_shipped_template_turns_its_policies_on() -> None:
    result = run_policy(VIOLATIONS, load_template("web-api"))
    assert {f.sources[0] for f in result.findings} == {
        "policy:secrets",
        "policy:authentication",
        "policy:errors",
    }


def test_unparseable_files_are_reported_not_skipped() -> None:
    result = run_policy(f"print({NEWER_SYNTAX})\n", load_template("web-api"))
    [warning] = result.warnings
    assert (warning.kind, warning.stage) == ("parse_error", "policy")


def test_a_failing_check_is_reported_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object) -> list[object]:
        raise KeyError("bug")

    checks = tuple(
        PolicyCheck(c.policy, c.applies, broken) if c.policy == "authentication" else c
        for c in stage_module.CHECKS
    )
    monkeypatch.setattr(stage_module, "CHECKS", checks)
    result = run_policy(VIOLATIONS, load_template("web-api"))
    assert [(w.kind, w.message) for w in result.warnings] == [
        ("stage_failed", "authentication check failed: KeyError")
    ]
    assert {f.sources[0] for f in result.findings} == {"policy:secrets", "policy:errors"}


def test_cancelling_stops_the_stage_with_a_warning() -> None:
    files = [source_from_text(f"f{i}.py", VIOLATIONS) for i in range(3)]
    context = StageContext(threat_model=load_template("web-api"), should_cancel=lambda: True)
    result = PolicyStage().run(files, context)
    assert result.findings == []
    assert [w.kind for w in result.warnings] == ["skipped"]
