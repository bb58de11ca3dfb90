"""SQL schema rules: plaintext passwords, unencrypted sensitive columns and over-broad grants
flagged on the right line; hashed, encrypted and narrow look-alikes left alone."""

from __future__ import annotations

from textwrap import dedent

import pytest

from app.core.findings import Confidence, Finding, Severity, StageResult
from app.core.sources import source_from_text
from app.scan.rules import sql
from app.scan.rules.common import RuleParseError

PASSWORD = "airlock.sql.plaintext-password"
SENSITIVE = "airlock.sql.sensitive-column-unencrypted"
GRANT = "airlock.sql.overbroad-grant"


def _check(text: str) -> StageResult:
    return sql.check(source_from_text("schema.sql", dedent(text).lstrip("\n")))


def _findings(text: str, rule_id: str) -> list[Finding]:
    return [f for f in _check(text).findings if f.rule_id == rule_id]


def _lines(text: str, rule_id: str) -> list[int | None]:
    return [finding.start_line for finding in _findings(text, rule_id)]


USERS = """
    -- accounts; a semicolon in a comment does not split
    CREATE TABLE users (
      id SERIAL PRIMARY KEY,
      email VARCHAR(255) NOT NULL,
      password VARCHAR(64) NOT NULL,
      note TEXT DEFAULT 'a;b'
    );
    CREATE TABLE payments (
      id BIGINT,
      ssn CHAR(11),
      credit_card_number VARCHAR(19)
    );
"""


def test_a_plain_password_column_is_flagged_on_its_line() -> None:
    findings = _findings(USERS, PASSWORD)
    assert [f.start_line for f in findings] == [5]
    assert findings[0].cwe == (256, 312)
    assert findings[0].severity is Severity.HIGH
    assert findings[0].snippet.strip() == "password VARCHAR(64) NOT NULL,"


def test_sensitive_columns_are_flagged_on_their_lines() -> None:
    findings = _findings(USERS, SENSITIVE)
    assert [f.start_line for f in findings] == [10, 11]
    assert findings[0].cwe == (311, 312)


def test_hashed_encrypted_and_metadata_columns_are_not_flagged() -> None:
    text = """
        CREATE TABLE users (
          id SERIAL PRIMARY KEY,
          password_hash CHAR(60) NOT NULL,
          password_changed_at TIMESTAMP,
          must_change_password BOOLEAN DEFAULT FALSE,
          password_reset_required BOOLEAN,
          ssn_encrypted BYTEA,
          card_last4 CHAR(4),
          api_key_hash VARCHAR(128),
          passport BYTEA,
          bypass_cache BOOLEAN
        );
    """
    assert _check(text).findings == []


def test_mysql_backquoted_schema_is_read() -> None:
    text = """
        CREATE TABLE `accounts` (
          `id` INT NOT NULL AUTO_INCREMENT,
          `passwd` VARCHAR(32),
          PRIMARY KEY (`id`)
        ) ENGINE=InnoDB;
    """
    assert _lines(text, PASSWORD) == [3]


def test_inserting_a_literal_password_is_flagged_and_masked() -> None:
    text = """
        INSERT INTO users (email, password) VALUES
          ('a@example.com', 'hunter2hunter2'),
          ('b@example.com', '$2b$12$abcdefghijklmnopqrstuuN1W4Kq8GhgOQmPgZ2wVSZPxbyM3TqO');
        INSERT INTO users (email, password_hash) VALUES ('c@example.com', 'whatever');
    """
    findings = _findings(text, PASSWORD)
    assert [(f.start_line, f.confidence) for f in findings] == [(2, Confidence.HIGH)]
    assert "hunter2hunter2" not in findings[0].snippet + findings[0].message
    assert "hunt****" in findings[0].snippet


def test_over_broad_grants_are_flagged() -> None:
    text = """
        GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA public TO app;
        GRANT SELECT ON reference_data TO PUBLIC;
        GRANT ALL ON *.* TO 'app'@'%' WITH GRANT OPTION;
        GRANT SUPER, FILE ON *.* TO 'ops'@'localhost';
        GRANT rds_superuser TO app;
        GRANT DELETE ON orders TO PUBLIC;
    """
    findings = _findings(text, GRANT)
    assert [(f.start_line, f.severity) for f in findings] == [
        (1, Severity.HIGH),
        (2, Severity.MEDIUM),
        (3, Severity.HIGH),
        (4, Severity.HIGH),
        (5, Severity.HIGH),
        (6, Severity.HIGH),
    ]
    assert findings[0].cwe == (269, 250)
    assert "GRANT OPTION" in findings[2].message


def test_narrow_grants_are_not_flagged() -> None:
    text = """
        GRANT SELECT ON users TO reporting;
        GRANT SELECT, INSERT, UPDATE (status) ON orders TO app_rw;
        GRANT USAGE ON SCHEMA app TO app_rw;
        GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO analyst;
        GRANT app_readonly TO alice;
        REVOKE ALL ON users FROM PUBLIC;
    """
    assert _check(text).findings == []


def test_superuser_roles_and_literal_role_passwords_are_flagged() -> None:
    text = """
        CREATE ROLE admin WITH LOGIN SUPERUSER PASSWORD 'TopSecret123';
        CREATE ROLE app WITH LOGIN NOSUPERUSER PASSWORD 'SCRAM-SHA-256$4096:abc$def:ghi';
    """
    result = _check(text)
    assert [(f.rule_id, f.start_line) for f in result.findings] == [(GRANT, 1), (PASSWORD, 1)]
    assert "TopSecret123" not in result.findings[1].snippet


def test_a_statement_that_does_not_parse_is_a_warning_and_the_rest_is_checked() -> None:
    text = """
        CREATE TABLE broken (a int;
        CREATE TABLE users (password TEXT);
    """
    result = _check(text)
    assert [(w.kind, w.file) for w in result.warnings] == [("parse_error", "schema.sql")]
    assert "line 1" in result.warnings[0].message
    assert [(f.rule_id, f.start_line) for f in result.findings] == [(PASSWORD, 2)]


def test_an_unterminated_string_makes_the_file_unreadable() -> None:
    with pytest.raises(RuleParseError, match="tokenizer"):
        _check("CREATE TABLE t (a TEXT DEFAULT 'oops);\n")


def test_sqlglot_fallback_warnings_do_not_log_the_statement(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("DEBUG")
    _check("CREATE TABLE t a b c (secret_marker_text;\n")
    assert "secret_marker_text" not in caplog.text
