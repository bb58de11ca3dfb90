"""Sanitisers end a flow for the sink kinds they protect, and only for those."""

from __future__ import annotations

import pytest

from tests.scan_flow import slugs

HEAD = """
import os, re, shlex, subprocess, sqlite3, html, uuid
from flask import Flask, request, redirect, abort, send_file
from markupsafe import escape
from werkzeug.utils import secure_filename
from django.utils.http import url_has_allowed_host_and_scheme
app = Flask(__name__)
db = sqlite3.connect("app.db")
BASE = "/srv/files"
ALLOWED = {"alpha", "beta"}
COMMANDS = {"disk": "df -h", "load": "uptime"}

@app.route("/x")
def handler():
    value = request.args["v"]
"""

# (rule slug the sink would give, raw flow, sanitised flow)
CASES = [
    ("sql-injection", "db.execute('SELECT ' + value)", "db.execute('SELECT ' + str(int(value)))"),
    ("sql-injection", "db.execute(f'SELECT {value}')", "db.execute(f'SELECT {float(value)}')"),
    ("sql-injection", "db.execute(f'SELECT \"{value}\"')",
     "db.execute(f'SELECT \"{uuid.UUID(value)}\"')"),
    ("command-injection", "os.system('ls ' + value)", "os.system('ls ' + shlex.quote(value))"),
    ("path-traversal", "return send_file(os.path.join(BASE, value))",
     "return send_file(os.path.join(BASE, secure_filename(value)))"),
    ("path-traversal", "return send_file(BASE + '/' + value)",
     "return send_file(BASE + '/' + os.path.basename(value))"),
    ("xss", "return '<p>' + value + '</p>'", "return '<p>' + html.escape(value) + '</p>'"),
    ("xss", "return f'<p>{value}</p>'", "return f'<p>{escape(value)}</p>'"),
    ("command-injection", "os.system('ls ' + value)",
     "if value in ALLOWED:\n        os.system('ls ' + value)"),
    ("command-injection", "os.system('ls ' + value)",
     "if value not in ALLOWED:\n        abort(400)\n    os.system('ls ' + value)"),
    ("command-injection", "os.system('ls ' + value)",
     "if value not in ('a', 'b'):\n        value = 'a'\n    os.system('ls ' + value)"),
    ("command-injection", "subprocess.run(value, shell=True)",
     "subprocess.run(COMMANDS.get(value, 'true'), shell=True)"),
    ("command-injection", "os.system('kill ' + value)",
     "if not value.isdigit():\n        abort(400)\n    os.system('kill ' + value)"),
    ("command-injection", "os.system('kill ' + value)",
     "if re.fullmatch(r'[a-z0-9]+', value):\n        os.system('kill ' + value)"),
    ("path-traversal", "return send_file(os.path.join(BASE, value))",
     "path = os.path.realpath(os.path.join(BASE, value))\n"
     "    if not path.startswith(BASE + os.sep):\n        abort(403)\n    return send_file(path)"),
    ("path-traversal", "return send_file(os.path.join(BASE, value))",
     "if '..' in value or value.startswith('/'):\n        abort(400)\n"
     "    return send_file(os.path.join(BASE, value))"),
    ("open-redirect", "return redirect(value)",
     "if not url_has_allowed_host_and_scheme(value, allowed_hosts={'example.com'}):\n"
     "        value = '/'\n    return redirect(value)"),
    ("command-injection", "os.system('echo ' + value)",
     "if value == 'hello':\n        os.system('echo ' + value)"),
]  # fmt: skip


def _program(body: str) -> str:
    return HEAD + "    " + body + "\n"


@pytest.mark.parametrize(("slug", "raw", "clean"), CASES)
def test_sanitiser_ends_the_flow(slug: str, raw: str, clean: str) -> None:
    assert slug in slugs(_program(raw))
    assert slugs(_program(clean)) == []


# A sanitiser for one sink kind does not protect another.
MISMATCHED = [
    ("sql-injection", 'db.execute("SELECT * FROM t WHERE n = \'" + shlex.quote(value) + "\'")'),
    ("xss", "return '<p>' + secure_filename(value) + '</p>'"),
    ("command-injection", "os.system('echo ' + html.escape(value))"),
    ("path-traversal", "return send_file(BASE + '/' + shlex.quote(value))"),
    ("open-redirect", "return redirect(html.escape(value))"),
]


@pytest.mark.parametrize(("slug", "body"), MISMATCHED)
def test_sanitiser_for_another_sink_kind_does_not_end_the_flow(slug: str, body: str) -> None:
    assert slug in slugs(_program(body))


def test_extension_check_on_a_derived_value_does_not_clean_the_name() -> None:
    body = (
        "ext = value.rsplit('.', 1)[-1]\n"
        "    if ext not in {'png', 'jpg'}:\n        abort(400)\n"
        "    return send_file(os.path.join(BASE, value))"
    )
    assert slugs(_program(body)) == ["path-traversal"]


def test_loose_regex_or_dollar_anchor_is_not_a_shell_sanitiser() -> None:
    loose = "if re.match(r'^.+$', value):\n        os.system('echo ' + value)"
    newline = "if re.match(r'^[a-z]+$', value):\n        os.system('echo ' + value)"
    assert slugs(_program(loose)) == ["command-injection"]
    assert slugs(_program(newline)) == ["command-injection"]


def test_dollar_anchored_regex_still_sanitises_sql() -> None:
    body = "if re.match(r'^[a-z]+$', value):\n        db.execute('SELECT ' + value)"
    assert slugs(_program(body)) == []


def test_startswith_without_normalising_does_not_confine_a_path() -> None:
    body = (
        "path = os.path.join(BASE, value)\n"
        "    if not path.startswith(BASE):\n        abort(403)\n    return send_file(path)"
    )
    assert slugs(_program(body)) == ["path-traversal"]
