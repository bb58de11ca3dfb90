"""Library code: public functions whose parameters reach a sink (docs/analysis.md)."""

from __future__ import annotations

from app.core.findings import Confidence, Severity
from tests.scan_flow import slugs, taint

HELPER = """
import ldap

def is_member(conn, email):
    query = "(&(objectClass=person)(mail=%s))" % {VALUE}
    return conn.search_s("dc=example", ldap.SCOPE_SUBTREE, query)
"""


def test_a_public_helper_formatting_its_parameter_into_a_filter_is_reported() -> None:
    [finding] = taint(HELPER.replace("{VALUE}", "email"))
    assert finding.rule_id == "airlock.taint.ldap-injection"
    assert (finding.severity, finding.confidence) == (Severity.HIGH, Confidence.MEDIUM)
    assert "Parameter email of is_member()" in finding.message
    assert finding.start_line == 6


def test_escaped_parameters_are_not_reported() -> None:
    escaped = HELPER.replace("{VALUE}", "ldap.filter.escape_filter_chars(email)")
    assert slugs(escaped) == []
    formatted = """
import ldap
import ldap.filter

def is_member(conn, email):
    query = ldap.filter.filter_format("(mail=%s)", [email])
    return conn.search_s("dc=example", ldap.SCOPE_SUBTREE, query)
"""
    assert slugs(formatted) == []


def test_a_public_function_stays_an_entry_point_when_the_module_also_calls_it() -> None:
    called = HELPER.replace("{VALUE}", "email") + '\nis_member(None, "fixed@example.com")\n'
    assert slugs(called) == ["ldap-injection"]


def test_every_sink_kind_counts_in_library_code() -> None:
    sql = """
def find(cursor, name):
    cursor.execute("SELECT * FROM users WHERE name = '%s'" % name)
"""
    [finding] = taint(sql)
    assert finding.rule_id == "airlock.taint.sql-injection"
    assert finding.confidence == Confidence.MEDIUM


def test_a_script_with_a_main_block_is_not_library_code() -> None:
    sql = """
def find(cursor, name):
    cursor.execute("SELECT * FROM users WHERE name = '%s'" % name)

if __name__ == "__main__":
    find(None, "admin")
"""
    assert slugs(sql) == []
