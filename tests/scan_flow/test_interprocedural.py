"""Helpers in the same file: parameters to return values and to sinks inside."""

from __future__ import annotations

from tests.scan_flow import slugs, taint

HEAD = """
import os, sqlite3
from flask import Flask, request
app = Flask(__name__)
db = sqlite3.connect("app.db")
"""


def test_a_sink_inside_a_helper_is_reported_there_with_medium_confidence() -> None:
    code = HEAD + (
        "def find(name):\n    return db.execute(\"SELECT * FROM u WHERE n = '%s'\" % name)\n\n"
        "@app.route('/a')\ndef a():\n    return str(find(request.args['n']).fetchall())\n"
    )
    [finding] = taint(code)
    assert (finding.rule_id, finding.start_line) == ("airlock.taint.sql-injection", 7)
    assert finding.confidence.value == "medium"
    assert "through find()" in finding.message and "request.args" in finding.message


def test_a_helper_called_only_with_constants_is_not_reported() -> None:
    code = HEAD + (
        "def find(name):\n    return db.execute(\"SELECT * FROM u WHERE n = '%s'\" % name)\n\n"
        "@app.route('/a')\ndef a():\n    find('admin')\n    return 'ok'\n"
    )
    assert taint(code) == []


def test_return_values_carry_their_parameters_taint() -> None:
    vulnerable = HEAD + (
        "def wrap(text):\n    return 'echo ' + text.strip()\n\n"
        "@app.route('/a')\ndef a():\n    os.system(wrap(request.args['t']))\n"
    )
    safe = HEAD + (
        "def wrap(text):\n    return 'echo hello'\n\n"
        "@app.route('/a')\ndef a():\n    os.system(wrap(request.args['t']))\n"
    )
    assert slugs(vulnerable) == ["command-injection"]
    assert slugs(safe) == []


def test_a_sanitising_helper_ends_the_flow() -> None:
    code = HEAD + (
        "def as_id(text):\n    return int(text)\n\n"
        "@app.route('/a')\ndef a():\n"
        "    db.execute('SELECT * FROM u WHERE id = %d' % as_id(request.args['id']))\n"
    )
    assert taint(code) == []


def test_helpers_compose_through_several_levels_and_keyword_arguments() -> None:
    code = HEAD + (
        "def run(cmd):\n    os.system(cmd)\n\n"
        "def ping(*, host, count=1):\n    run(f'ping -c {count} {host}')\n\n"
        "@app.route('/a')\ndef a():\n    ping(host=request.args['h'])\n    ping(host='localhost')\n"
    )
    [finding] = taint(code)
    assert finding.start_line == 7 and finding.snippet == "os.system(cmd)"


def test_methods_called_through_self_are_summarised() -> None:
    code = HEAD + (
        "class Repo:\n"
        "    def __init__(self, conn):\n        self.conn = conn\n"
        "    def by_name(self, name):\n"
        "        return self.conn.execute('SELECT * FROM u WHERE n = ' + name)\n"
        "    def lookup(self, name):\n        return self.by_name(name.lower())\n\n"
        "@app.route('/a')\ndef a():\n    Repo(db).lookup(request.args['n'])\n    return 'ok'\n"
    )
    assert [(f.rule_id, f.start_line) for f in taint(code)] == [("airlock.taint.sql-injection", 10)]


def test_a_helper_that_reads_the_request_itself_is_a_source_for_its_caller() -> None:
    code = HEAD + (
        "def current_query():\n    return request.args.get('q', '')\n\n"
        "@app.route('/a')\ndef a():\n    os.system('grep ' + current_query())\n"
    )
    [finding] = taint(code)
    assert finding.start_line == 11 and finding.confidence.value == "high"


def test_recursive_helpers_terminate() -> None:
    code = HEAD + (
        "def walk(path, depth):\n"
        "    if depth:\n        return walk(path + '/x', depth - 1)\n"
        "    os.system('ls ' + path)\n    return path\n\n"
        "def ping(h):\n    return pong(h)\n\ndef pong(h):\n    return ping(h)\n\n"
        "@app.route('/a')\ndef a():\n    walk(request.args['p'], 3)\n    pong('x')\n"
    )
    assert slugs(code) == ["command-injection"]


def test_nested_functions_see_the_enclosing_scope() -> None:
    code = HEAD + (
        "@app.route('/a')\ndef a():\n    q = request.args['q']\n"
        "    def inner():\n        os.system('grep ' + q)\n    inner()\n    return 'ok'\n"
    )
    assert slugs(code) == ["command-injection"]
