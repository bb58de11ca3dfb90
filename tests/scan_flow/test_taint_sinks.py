"""Each sink kind: a vulnerable handler is found, a safe look-alike is not."""

from __future__ import annotations

import pytest

from tests.scan_flow import slugs, taint

FLASK = """
import os, shutil, subprocess, sqlite3, pickle, yaml, requests, ldap
from pathlib import Path
from flask import (Flask, request, redirect, url_for, render_template, jsonify, session,
                   render_template_string, send_file, send_from_directory, make_response)
from markupsafe import Markup, escape
from lxml import etree
from sqlalchemy import text
from werkzeug.utils import secure_filename
app = Flask(__name__)
db = sqlite3.connect("app.db")
BASE = "/srv/files"

@app.route("/x", methods=["GET", "POST"])
def handler():
    value = request.args.get("v", "")
"""

# (rule slug, vulnerable body, safe look-alike body): bodies continue `handler` above.
CASES = [
    ("sql-injection",
     "db.execute(\"SELECT * FROM t WHERE name = '\" + value + \"'\")",
     "db.execute(\"SELECT * FROM t WHERE name = ?\", (value,))"),
    ("sql-injection",
     "cur = db.cursor()\n    cur.execute(f\"DELETE FROM t WHERE id = {value}\")",
     "cur = db.cursor()\n    cur.execute(\"DELETE FROM t WHERE id = %s\", [value])"),
    ("sql-injection",
     "db.executemany(\"INSERT INTO t VALUES (%s)\" % value, [])",
     "db.executemany(\"INSERT INTO t VALUES (?)\", [(value,)])"),
    ("sql-injection",
     "db.execute(text(\"SELECT * FROM t WHERE n = '{}'\".format(value)))",
     "db.execute(text(\"SELECT * FROM t WHERE n = :n\"), {\"n\": value})"),
    ("command-injection",
     "os.system(\"ping -c 1 \" + value)",
     "os.system(\"ping -c 1 localhost\")"),
    ("command-injection",
     "subprocess.run(f\"ls {value}\", shell=True)",
     "subprocess.run([\"ls\", value])"),
    ("command-injection",
     "subprocess.Popen(value)",
     "subprocess.Popen([\"grep\", \"--\", value, \"/var/log/app.log\"])"),
    ("command-injection",
     "os.popen(\"cat \" + value).read()",
     "os.popen(\"uptime\").read()"),
    ("code-injection",
     "return jsonify(result=eval(value))",
     "import ast\n    return jsonify(result=ast.literal_eval(value))"),
    ("code-injection",
     "exec(\"result = \" + value)",
     "exec(\"result = 1\")"),
    ("path-traversal",
     "return open(os.path.join(BASE, value)).read()",
     "return open(os.path.join(BASE, secure_filename(value))).read()"),
    ("path-traversal",
     "return send_file(value)",
     "return send_from_directory(BASE, value)"),
    ("path-traversal",
     "return (Path(BASE) / value).read_text()",
     "return (Path(BASE) / Path(value).name).read_text()"),
    ("path-traversal",
     "os.remove(BASE + \"/\" + value)",
     "os.remove(BASE + \"/\" + os.path.basename(value))"),
    ("path-traversal",
     "shutil.copy(value, \"/tmp/out\")",
     "shutil.copy(\"/srv/template.txt\", \"/tmp/out\")"),
    ("open-redirect",
     "return redirect(value)",
     "return redirect(url_for(\"index\", next=value))"),
    ("open-redirect",
     "return redirect(\"/\" + value)",
     "return redirect(\"/profile/\" + value)"),
    ("xss",
     "return f\"<h1>Hello {value}</h1>\"",
     "return render_template(\"hello.html\", name=value)"),
    ("xss",
     "return render_template_string(\"<p>\" + value + \"</p>\")",
     "return render_template_string(\"<p>{{ name }}</p>\", name=value)"),
    ("xss",
     "return Markup(\"<b>%s</b>\" % value)",
     "return Markup(\"<b>%s</b>\") % escape(value)"),
    ("xss",
     "return make_response(\"<p>\" + value)",
     "return make_response(jsonify(name=value))"),
    ("xss",
     "return value",
     "return {\"value\": value}"),
    ("xss",
     "import json\n    return json.dumps({\"value\": value})",
     "return jsonify({\"value\": value})"),
    ("ldap-injection",
     "conn = ldap.initialize(\"ldap://x\")\n"
     "    conn.search_s(\"dc=x\", ldap.SCOPE_SUBTREE, f\"(uid={value})\")",
     "from ldap.filter import escape_filter_chars\n    conn = ldap.initialize(\"ldap://x\")\n"
     "    conn.search_s(\"dc=x\", ldap.SCOPE_SUBTREE, f\"(uid={escape_filter_chars(value)})\")"),
    ("xpath-injection",
     "tree = etree.parse(\"users.xml\")\n"
     "    return jsonify(tree.xpath(\"//user[@name='\" + value + \"']\"))",
     "tree = etree.parse(\"users.xml\")\n"
     "    return jsonify(tree.xpath(\"//user[@name=$n]\", n=value))"),
    ("xxe",
     "parser = etree.XMLParser(resolve_entities=True)\n    etree.fromstring(request.data, parser)",
     "parser = etree.XMLParser(resolve_entities=False, no_network=True)\n"
     "    etree.fromstring(request.data, parser)"),
    ("unsafe-deserialization",
     "return jsonify(pickle.loads(request.data))",
     "import json\n    return jsonify(json.loads(request.data))"),
    ("unsafe-deserialization",
     "return jsonify(yaml.load(request.data, Loader=yaml.Loader))",
     "return jsonify(yaml.load(request.data, Loader=yaml.SafeLoader))"),
    ("ssrf",
     "return requests.get(value).text",
     "return requests.get(f\"https://api.example.com/items/{value}\").text"),
    ("ssrf",
     "s = requests.Session()\n    return s.post(\"http://\" + value + \"/hook\").text",
     "s = requests.Session()\n    return s.post(\"https://hooks.example.com/\" + value).text"),
    ("session-poisoning",
     "session[\"role\"] = value",
     "session[\"visits\"] = int(request.args.get(\"n\", \"0\"))"),
]  # fmt: skip


def _program(body: str) -> str:
    return FLASK + "    " + body + "\n"


@pytest.mark.parametrize(("slug", "vulnerable", "safe"), CASES)
def test_vulnerable_handler_is_found_and_safe_look_alike_is_not(
    slug: str, vulnerable: str, safe: str
) -> None:
    assert slug in slugs(_program(vulnerable))
    assert slugs(_program(safe)) == []


def test_finding_points_at_the_sink_and_names_the_source() -> None:
    code = FLASK + "    cur = db.cursor()\n    cur.execute('SELECT ' + value)\n"
    [finding] = taint(code)
    assert finding.rule_id == "airlock.taint.sql-injection"
    assert finding.cwe == (89,)
    assert finding.sources == ("taint",)
    assert finding.snippet == "cur.execute('SELECT ' + value)"
    assert finding.start_line == code.splitlines().index("    cur.execute('SELECT ' + value)") + 1
    assert (finding.start_column, finding.end_column) == (5, 35)
    assert "request.args" in finding.message and "line 16" in finding.message
    assert finding.why and finding.fix


def test_command_injection_from_a_request_is_critical_and_from_argv_medium() -> None:
    web = FLASK + "    os.system('ls ' + value)\n"
    cli = "import os, sys\nos.system('ls ' + sys.argv[1])\n"
    assert [f.severity.value for f in taint(web)] == ["critical"]
    assert [f.severity.value for f in taint(cli)] == ["medium"]


def test_fastapi_string_return_is_json_not_html() -> None:
    code = """
    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse
    app = FastAPI()

    @app.get("/hello")
    def hello(name: str):
        return f"<h1>{name}</h1>"

    @app.get("/page", response_class=HTMLResponse)
    def page(name: str):
        return f"<h1>{name}</h1>"
    """
    findings = taint(code)
    assert [(f.rule_id, f.start_line) for f in findings] == [("airlock.taint.xss", 12)]


def test_redirect_with_client_data_only_in_the_query_string_is_not_found() -> None:
    body = (
        "target = url_for('login') + '?' + value\n"
        "    if value:\n        return redirect(f'{target}#{value}')\n"
        "    return redirect(BASE + '?next=' + value)"
    )
    assert slugs(_program(body)) == []


def test_a_template_built_from_client_data_is_code_injection() -> None:
    code = FLASK.replace("from lxml import etree", "from jinja2 import Environment") + (
        "    env = Environment(autoescape=True)\n"
        "    return jsonify(subject=env.from_string(value).render(n=1))\n"
    )
    safe = code.replace(
        "env.from_string(value).render(n=1)", "env.from_string('{{ n }}').render(n=value)"
    )
    [finding] = taint(code)
    assert (finding.rule_id, finding.cwe, finding.severity.value) == (
        "airlock.taint.code-injection",
        (1336, 94),
        "critical",
    )
    assert taint(safe) == []


def test_subprocess_list_with_shell_true_and_tainted_argument_is_found() -> None:
    assert "command-injection" in slugs(
        _program("subprocess.call(['sh', '-c', 'echo ' + value], shell=True)")
    )
