"""detect-secrets stage: real detect-secrets plugins, never any network, secrets masked."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path
from typing import Any, NoReturn

import pytest
from detect_secrets.constants import VerifiedResult
from detect_secrets.plugins.aws import AWSKeyDetector
from detect_secrets.plugins.slack import SlackDetector
from detect_secrets.plugins.stripe import StripeDetector
from detect_secrets.settings import get_settings, transient_settings

from app.core.findings import Confidence, Finding, ReviewWarning, Severity
from app.core.sources import SourceFile, source_from_text
from app.scan.base import StageContext
from app.scan.secrets_stage import SecretsStage, connection_string_passwords

AWS_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SLACK = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
STRIPE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
VERIFY_FILTER = "detect_secrets.filters.common.is_ignored_due_to_verification_policies"

CONFIG = f"""\
# deployment settings
region: eu-west-1
aws_access_key_id: {AWS_ID}
aws_secret_access_key: "{AWS_SECRET}"
slack: {SLACK}
stripe = "{STRIPE}"
"""


def _run(
    *files: SourceFile, context: StageContext | None = None
) -> tuple[list[Finding], list[ReviewWarning]]:
    result = SecretsStage().run(list(files), context or StageContext())
    return result.findings, result.warnings


def _by_rule(findings: list[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(finding.rule_id, []).append(finding)
    return grouped


def _lines(findings: list[Finding], rule_id: str) -> list[int | None]:
    return [finding.start_line for finding in _by_rule(findings).get(rule_id, [])]


def test_known_credential_formats_are_found_on_their_lines() -> None:
    findings, warnings = _run(source_from_text("deploy/settings.yaml", CONFIG))
    assert warnings == []
    # detect-secrets types both halves of an AWS key pair as "AWS Access Key".
    assert _lines(findings, "secrets.aws-access-key") == [3, 4]
    assert _lines(findings, "secrets.slack-token") == [5]
    assert _lines(findings, "secrets.stripe-access-key") == [6]
    for finding in findings:
        assert finding.cwe == (798,)
        assert finding.severity is Severity.HIGH
        assert finding.sources == ("detect-secrets",)
        assert finding.fix


def test_specific_detectors_are_high_confidence_and_generic_ones_lower() -> None:
    findings, _ = _run(source_from_text("a.py", f'password = "Zx9!Kq2#Lm7$"\nk = "{AWS_ID}"\n'))
    confidence = {f.rule_id: f.confidence for f in findings}
    assert confidence["secrets.aws-access-key"] is Confidence.HIGH
    assert confidence["secrets.secret-keyword"] is Confidence.MEDIUM


def test_no_secret_value_appears_in_full_in_any_finding() -> None:
    findings, _ = _run(source_from_text("notes.txt", CONFIG))
    assert findings
    for finding in findings:
        text = " ".join((finding.title, finding.message, finding.snippet, finding.why))
        for secret in (AWS_ID, AWS_SECRET, SLACK, STRIPE):
            assert secret not in text
        assert "****" in finding.snippet and "****" in finding.message
    aws = _by_rule(findings)["secrets.aws-access-key"]
    assert [f.snippet for f in aws] == [
        "aws_access_key_id: AKIA****",
        'aws_secret_access_key: "wJal****"',
    ]


def test_every_language_is_scanned() -> None:
    line = f'token = "{SLACK}"\n'
    files = [
        source_from_text(name, line, language=language)
        for name, language in [
            ("a.js", "javascript"),
            ("Dockerfile", "dockerfile"),
            ("main.tf", "terraform"),
            ("schema.sql", "sql"),
            ("README", "text"),
        ]
    ]
    findings, _ = _run(*files)
    assert {f.file for f in findings if f.rule_id == "secrets.slack-token"} == {
        "a.js",
        "Dockerfile",
        "main.tf",
        "schema.sql",
        "README",
    }


def _verification_switched_on() -> Any:
    # As if someone else in the process turned detect-secrets' verification on: the
    # plugins' own analyze_line then calls verify() for every candidate it finds.
    return transient_settings({"filters_used": [{"path": VERIFY_FILTER, "min_level": 2}]})


def test_nothing_is_sent_even_when_verification_was_switched_on_globally(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*args: Any, **kwargs: Any) -> NoReturn:
        pytest.fail("the secrets stage tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    with _verification_switched_on():
        assert VERIFY_FILTER in get_settings().filters
        findings, warnings = _run(source_from_text("deploy/settings.yaml", CONFIG))
    assert warnings == []
    assert {"secrets.aws-access-key", "secrets.slack-token"} <= set(_by_rule(findings))


def test_no_plugin_verify_method_is_ever_called(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def record(self: Any, *args: Any, **kwargs: Any) -> VerifiedResult:
        calls.append(type(self).__name__)
        return VerifiedResult.UNVERIFIED

    for detector in (AWSKeyDetector, SlackDetector, StripeDetector):
        monkeypatch.setattr(detector, "verify", record)
    with _verification_switched_on():
        findings, _ = _run(source_from_text("deploy/settings.yaml", CONFIG))
    assert findings
    assert calls == []


def test_the_stage_leaves_detect_secrets_global_settings_unchanged() -> None:
    before = get_settings().json()
    _run(source_from_text("a.txt", CONFIG))
    assert get_settings().json() == before


def test_allowlist_comments_in_reviewed_code_do_not_hide_a_secret() -> None:
    text = f'key = "{AWS_ID}"  # pragma: allowlist secret\n'
    findings, _ = _run(source_from_text("a.py", text))
    assert "secrets.aws-access-key" in _by_rule(findings)


def test_references_templates_and_ids_are_not_flagged() -> None:
    text = """\
password = os.environ["DB_PASSWORD"]
api_key = "${API_KEY}"
secret: "{{ vault_secret }}"
request_id = "3f2b8c1e-9a4d-4c2e-8f1a-2b3c4d5e6f70"
token = get_token()
"""
    findings, _ = _run(source_from_text("config.py", text))
    assert findings == []


def test_public_ip_addresses_are_not_reported_as_secrets() -> None:
    findings, _ = _run(source_from_text("hosts.txt", "server = 203.0.113.7\n"))
    assert findings == []


def test_lock_files_are_skipped_with_a_visible_warning() -> None:
    text = '{"integrity": "sha512-' + "A" * 40 + 'b2Q9x+Zk3=="}\n'
    findings, warnings = _run(source_from_text("web/package-lock.json", text))
    assert findings == []
    assert [(w.kind, w.file) for w in warnings] == [("skipped", "web/package-lock.json")]


def test_cancel_stops_before_the_next_file_and_says_so() -> None:
    calls = {"n": 0}

    def cancel_after_first() -> bool:
        calls["n"] += 1
        return calls["n"] > 1

    files = [source_from_text(f"f{i}.txt", CONFIG) for i in range(4)]
    findings, warnings = _run(*files, context=StageContext(should_cancel=cancel_after_first))
    assert {f.file for f in findings} == {"f0.txt"}
    assert [(w.kind, w.stage) for w in warnings] == [("skipped", "detect-secrets")]
    assert "3 file(s)" in warnings[0].message


def test_running_the_stage_leaves_python_warnings_routing_alone() -> None:
    # detect-secrets turns logging.captureWarnings on when imported; in a fresh process
    # (this test process has imported it already) the stage must leave things as they were.
    script = (
        "import warnings\n"
        "before = warnings.showwarning\n"
        "from app.core.sources import source_from_text\n"
        "from app.scan.base import StageContext\n"
        "from app.scan.secrets_stage import SecretsStage\n"
        "SecretsStage().run([source_from_text('a.txt', 'x = 1')], StageContext())\n"
        "assert warnings.showwarning is before\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


def test_passwords_in_connection_urls_are_found_even_with_reserved_characters() -> None:
    text = (
        'DATABASE_URL = "postgresql+psycopg://app:Wq7!vR2#pL9xZ4@db.internal:5432/orders"\n'
        'CACHE = "redis://:s3cr3tCache9@cache:6379/0"\n'
        'TEMPLATE = f"postgresql://{user}:{password}@{host}/db"\n'
        'FROM_ENV = "mysql://app:${DB_PASSWORD}@db/app"\n'
    )
    findings, _ = _run(source_from_text("settings.py", text))
    lines = sorted(f.start_line for f in findings)
    assert lines == [1, 2]
    first = next(f for f in findings if f.start_line == 1)
    assert "Wq7!vR2#pL9xZ4" not in first.message + first.snippet  # masked in what is stored
    assert first.severity is Severity.HIGH


# --- each line goes only to the plugins whose expressions match it -----------------------

_TRICKY_LINES = "\n".join(
    [
        'paſſword = "Zx9!Kq2#Lm7$abc"',  # long s: a case-insensitive match for "s"
        'API_\u212aEY = "Zx9Kq2Lm7abcdef"',  # Kelvin sign: a case-insensitive "k"
        'aPİ_key = "abcdefghij12345"',  # dotted capital I
        'CONTRASEÑA = "Zx9!Kq2#Lm7$"',
        'db_pass: "hunter2hunter2"',
        f'stripe = "{STRIPE}"',
        f"{AWS_ID} {SLACK}",
        'x = "postgresql://app:Wq7!vR2#pL9@db/orders"',
        'blob = "c2VjcmV0LXZhbHVlLXRoYXQtaXMtbG9uZy1lbm91Z2g="',
        'digest = "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"',
    ]
)


def _gate_test_files() -> list[SourceFile]:
    from app.core.sources import collect_sources

    root = Path(__file__).resolve().parent.parent
    files = collect_sources([root / "corpus" / "dev", root / "scan"]).files
    files += [
        source_from_text(name, _TRICKY_LINES + "\n" + CONFIG)
        for name in ("tricky.py", "tricky.yaml", "tricky.go", "tricky.txt")
    ]
    return files


def test_gated_lines_find_exactly_what_asking_every_plugin_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.scan import secrets_stage

    files = _gate_test_files()
    gated = SecretsStage().run(files, StageContext())
    monkeypatch.setattr(secrets_stage._Gates, "build", secrets_stage._Gates.ungated)
    every = SecretsStage().run(files, StageContext())

    def keyed(findings: list[Finding]) -> list[tuple[object, ...]]:
        return [(f.rule_id, f.file, f.start_line, f.message, f.snippet) for f in findings]

    assert keyed(gated.findings) == keyed(every.findings)
    assert gated.warnings == every.warnings
    tricky = {f.start_line for f in gated.findings if f.file == "tricky.py"}
    assert {1, 2, 3, 4, 5, 6, 7, 8} <= tricky  # the comparison covers the odd cases


def test_every_installed_plugin_is_gated_and_the_keyword_gate_holds() -> None:
    # If a detect-secrets upgrade changes a plugin's shape, it is asked about every line
    # (same findings, slower): this test says so, so that the gate can be looked at again.
    from app.scan.secrets_stage import _Scanner

    gates = _Scanner().gates
    names = [type(plugin).__name__ for plugin in _Scanner().plugins]
    assert [names[index] for index in gates.always] == []
    assert gates.keyword is not None and names[gates.keyword] == "KeywordDetector"
    assert gates.keyword_gate is not None
    lines = ["x = 1", 'DB_PASSWORD = "a"', "", "paſſword", "token = api_key"]
    assert gates.keyword_gate.lines(lines) == {2, 4, 5}


def test_two_secrets_on_a_line_come_in_the_same_order_in_every_process() -> None:
    # Plugins return sets, ordered by string hashing, which Python seeds anew in each
    # process: the stage's findings (and so the fingerprint of the first) must not follow it.
    code = (
        "from app.core.sources import source_from_text\n"
        "from app.scan.base import StageContext\n"
        "from app.scan.secrets_stage import SecretsStage\n"
        'line = \'KEYS = (b"-----BEGIN OPENSSH PRIVATE KEY-----", '
        'b"-----BEGIN RSA PRIVATE KEY-----")\'\n'
        "result = SecretsStage().run([source_from_text('k.py', line)], StageContext())\n"
        "print([f.snippet for f in result.findings])\n"
    )
    root = Path(__file__).resolve().parent.parent.parent
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        env = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1
    first = outputs.pop().split("', '")[0]
    assert "BEGIN RSA PRIVATE KEY" in first  # the first on the line (masked) comes first


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            'const string Conn = "Server=db;Database=shop;User Id=sa;Password=Xk29vLq8Zt;";',
            ["Xk29vLq8Zt"],
        ),
        ('String url = "jdbc:postgresql://db/shop?user=app&password=Xk29vLq8Zt";', ["Xk29vLq8Zt"]),
        ('conn = psycopg.connect("host=db dbname=shop password=Xk29vLq8Zt")', ["Xk29vLq8Zt"]),
        ('body = "username=bob&password=%s" % pw', []),  # a form template, no secret
        ('url = f"/reset?token={t}&password={p}"', []),  # filled in at run time
        ('conn = "Server=db;User Id=sa;Password=changeme;"', []),  # a placeholder word
    ],
)
def test_passwords_in_connection_strings_are_found(line: str, expected: list[str]) -> None:
    assert connection_string_passwords(line) == expected


def test_a_typeof_check_on_a_password_variable_is_not_a_secret() -> None:
    code = "if (typeof password !== 'string' || password.length < 10) { fail(); }\n"
    assert SecretsStage().run([source_from_text("a.js", code)], StageContext()).findings == []
    literal = "if (password === 'Xk29vLq8Zt') { grant(); }\n"  # a real hard-coded password
    assert SecretsStage().run([source_from_text("b.js", literal)], StageContext()).findings


def test_a_token_alphabet_is_not_a_secret() -> None:
    code = "const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';\n"
    assert SecretsStage().run([source_from_text("a.js", code)], StageContext()).findings == []
    key = "const apiKey = 'q8Zt2vLx9KpR4mWc7YhN3bJf6TdG1sXe';\n"  # random order: still found
    assert SecretsStage().run([source_from_text("b.js", key)], StageContext()).findings
