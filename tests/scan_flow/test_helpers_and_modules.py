"""Reviewed helpers are judged by their bodies, and flows are followed across modules.

The code under review is hostile: a function of it clears a finding only by what its body
does (an allow-list test, resolve() + is_relative_to, a host compared with allowed hosts,
int(), an early raise), never by its name.
"""

from __future__ import annotations

import textwrap

from app.core.findings import Finding
from app.core.sources import source_from_text
from app.scan.base import StageContext
from app.scan.python_flow import TaintStage
from tests.scan_flow import slugs, taint

FLASK = """
import os, subprocess
from pathlib import Path
from flask import Flask, request, redirect
app = Flask(__name__)
BASE = Path("/srv/files")
TOOLS = {"ping", "uptime"}
"""


def _route(helper: str, body: str) -> str:
    return FLASK + textwrap.dedent(helper) + textwrap.dedent(body)


def test_an_allow_list_helper_clears_the_value_it_checks() -> None:
    helper = """
    def tool_known(name):
        return name in TOOLS
    """
    route = """
    @app.get("/run")
    def run():
        tool = request.args["tool"]
        if not tool_known(tool):
            return "no", 400
        return subprocess.check_output(tool, shell=True)
    """
    assert slugs(_route(helper, route)) == []


def test_the_same_helper_name_with_a_body_that_checks_nothing_clears_nothing() -> None:
    helper = """
    def tool_known(name):
        return len(name) < 100
    """
    route = """
    @app.get("/run")
    def run():
        tool = request.args["tool"]
        if not tool_known(tool):
            return "no", 400
        return subprocess.check_output(tool, shell=True)
    """
    assert slugs(_route(helper, route)) == ["command-injection"]


def test_a_resolve_and_is_relative_to_helper_confines_a_path() -> None:
    helper = """
    def inside_base(name):
        return (BASE / name).resolve().is_relative_to(BASE)
    """
    route = """
    @app.get("/file")
    def read():
        name = request.args["name"]
        if not inside_base(name):
            return "no", 404
        return open(BASE / name).read()
    """
    assert slugs(_route(helper, route)) == []


def test_a_path_check_without_resolve_does_not_confine() -> None:
    helper = """
    def is_within_directory(name):
        return (BASE / name).is_relative_to(BASE)
    """
    route = """
    @app.get("/file")
    def read():
        name = request.args["name"]
        if not is_within_directory(name):
            return "no", 404
        return open(BASE / name).read()
    """
    assert slugs(_route(helper, route)) == ["path-traversal"]


def test_a_validator_that_raises_on_bad_input_clears_after_the_call() -> None:
    helper = """
    def require_tool(name):
        if name not in TOOLS:
            raise ValueError("unknown tool")
    """
    route = """
    @app.get("/run")
    def run():
        tool = request.args["tool"]
        require_tool(tool)
        return subprocess.check_output(tool, shell=True)
    """
    assert slugs(_route(helper, route)) == []


def test_a_validator_that_only_logs_clears_nothing() -> None:
    helper = """
    def require_tool(name):
        if name not in TOOLS:
            print("unknown tool", name)
    """
    route = """
    @app.get("/run")
    def run():
        tool = request.args["tool"]
        require_tool(tool)
        return subprocess.check_output(tool, shell=True)
    """
    assert slugs(_route(helper, route)) == ["command-injection"]


def test_a_helper_that_rebinds_its_parameter_vouches_for_nothing() -> None:
    helper = """
    def tool_known(name):
        name = "ping"
        return name in TOOLS
    """
    route = """
    @app.get("/run")
    def run():
        tool = request.args["tool"]
        if tool_known(tool):
            return subprocess.check_output(tool, shell=True)
        return "no"
    """
    assert slugs(_route(helper, route)) == ["command-injection"]


def test_a_project_function_named_like_a_library_sanitiser_is_judged_by_its_body() -> None:
    helper = """
    def secure_filename(name):
        return name.strip()
    """
    route = """
    @app.get("/file")
    def read():
        return open(os.path.join("/srv", secure_filename(request.args["n"]))).read()
    """
    assert slugs(_route(helper, route)) == ["path-traversal"]


def test_a_project_sanitiser_that_really_sanitises_clears() -> None:
    helper = """
    def clean_count(raw):
        return int(raw)
    """
    route = """
    @app.get("/n")
    def count():
        n = clean_count(request.args["n"])
        return subprocess.check_output(f"seq {n}", shell=True)
    """
    assert slugs(_route(helper, route)) == []


def _review(files: dict[str, str]) -> list[Finding]:
    sources = [source_from_text(p, textwrap.dedent(t)) for p, t in files.items()]
    return TaintStage().run(sources, StageContext()).findings


VIEWS = """
from flask import Flask, request
from .db import find_user
app = Flask(__name__)

@app.get("/user")
def user():
    return find_user(request.args["name"])
"""


def test_a_flow_into_a_helper_of_another_module_is_reported_at_its_sink() -> None:
    db = """
    import sqlite3

    def find_user(name):
        cur = sqlite3.connect("app.db").cursor()
        cur.execute("SELECT * FROM users WHERE name = '" + name + "'")
        return cur.fetchone()
    """
    [finding] = _review({"shop/views.py": VIEWS, "shop/db.py": db})
    # db.py alone would be library code, but views.py calls find_user(): that call decides.
    assert finding.rule_id == "airlock.taint.sql-injection"
    assert (finding.file, finding.start_line) == ("shop/db.py", 6)
    assert "shop/views.py line 8" in finding.message and "find_user" in finding.message


def test_a_library_function_no_reviewed_module_calls_stays_an_entry_point() -> None:
    db = """
    import sqlite3

    def find_user(name):
        cur = sqlite3.connect("app.db").cursor()
        cur.execute("SELECT * FROM users WHERE name = '" + name + "'")
        return cur.fetchone()
    """
    other = "def unrelated():\n    return 1\n"
    [finding] = _review({"shop/other.py": other, "shop/db.py": db})
    assert finding.confidence.value == "medium" and "Parameter name" in finding.message


def test_a_parameterised_helper_in_another_module_is_clean() -> None:
    db = """
    import sqlite3

    def find_user(name):
        cur = sqlite3.connect("app.db").cursor()
        cur.execute("SELECT * FROM users WHERE name = ?", (name,))
        return cur.fetchone()
    """
    assert _review({"shop/views.py": VIEWS, "shop/db.py": db}) == []


def test_a_guard_imported_from_another_module_is_judged_by_its_body() -> None:
    views = """
    import subprocess
    from flask import Flask, request
    from shop.checks import tool_ok
    app = Flask(__name__)

    @app.get("/run")
    def run():
        tool = request.args["tool"]
        if tool_ok(tool):
            return subprocess.check_output(tool, shell=True)
        return "no"
    """
    real = 'TOOLS = ("ping", "uptime")\n\ndef tool_ok(name):\n    return name in TOOLS\n'
    fake = "def tool_ok(name):\n    return bool(name)\n"
    assert _review({"shop/views.py": views, "shop/checks.py": real}) == []
    found = _review({"shop/views.py": views, "shop/checks.py": fake})
    assert [f.rule_id for f in found] == ["airlock.taint.command-injection"]


def test_a_reviewed_module_named_like_the_standard_library_does_not_replace_it() -> None:
    views = """
    import subprocess
    from flask import Flask, request
    app = Flask(__name__)

    @app.get("/run")
    def run():
        return subprocess.run(request.args["cmd"], shell=True)
    """
    shadow = "def run(*args, **kwargs):\n    return None\n"
    found = _review({"views.py": views, "subprocess.py": shadow})
    assert [f.rule_id for f in found] == ["airlock.taint.command-injection"]


def test_modules_that_import_each_other_are_analysed_without_looping() -> None:
    a = "from b import g\n\ndef f(x):\n    return g(x)\n"
    b = "import os\nfrom a import f\n\ndef g(y):\n    return f(y)\n"
    assert _review({"a.py": a, "b.py": b}) == []


def test_a_single_file_review_is_unchanged() -> None:
    code = FLASK + '@app.get("/r")\ndef r():\n    return redirect(request.args["next"])\n'
    assert [f.rule_id for f in taint(code)] == ["airlock.taint.open-redirect"]


LIBRARY = """
import subprocess

def archive(folder):
    return subprocess.run(f"tar czf out.tgz {folder}", shell=True)

def _private(folder):
    return subprocess.run(f"du -sh {folder}", shell=True)
"""


def test_public_functions_of_library_code_take_their_callers_input() -> None:
    [finding] = taint(LIBRARY, path="tools/backup.py")
    assert finding.rule_id == "airlock.taint.command-injection"
    assert (finding.start_line, finding.confidence.value) == (5, "medium")
    assert finding.severity.value == "critical"
    assert "Parameter folder of archive()" in finding.message


def test_code_with_routes_is_not_library_code() -> None:
    route = '\n@app.get("/")\ndef home():\n    return "hi"\n'
    code = LIBRARY + "\nfrom flask import Flask\napp = Flask(__name__)\n" + route
    assert taint(code, path="tools/backup.py") == []


def test_the_threat_model_turns_library_parameters_off_or_names_entry_points() -> None:
    from app.core.threat_model import EntryPointsSection, ThreatModel

    file = source_from_text("tools/backup.py", textwrap.dedent(LIBRARY))
    off = ThreatModel("t", entry_points=EntryPointsSection(library_parameters=False))
    assert TaintStage().run([file], StageContext(threat_model=off)).findings == []
    named = ThreatModel(
        "t",
        entry_points=EntryPointsSection(
            library_parameters=False, functions=("tools.backup:_private",)
        ),
    )
    [finding] = TaintStage().run([file], StageContext(threat_model=named)).findings
    assert finding.start_line == 8


LOCAL_ONLY = """
from flask import Flask, request, redirect
app = Flask(__name__)

def stays_here(target):
    return CHECK

@app.get("/done")
def done():
    target = request.args.get("next", "/")
    if not stays_here(target):
        target = "/"
    return redirect(target)
"""


def test_a_local_path_check_clears_a_redirect_only_when_it_rules_out_every_host_form() -> None:
    full = 'target.startswith("/") and not target.startswith("//") and "\\\\" not in target'
    assert slugs(LOCAL_ONLY.replace("CHECK", full)) == []
    for partial in ('target.startswith("/")', 'target.startswith("/") and "\\\\" not in target'):
        assert slugs(LOCAL_ONLY.replace("CHECK", partial)) == ["open-redirect"]


def test_a_cross_module_finding_carries_its_flow_into_sarif_code_flows() -> None:
    from app.core.sarif import findings_to_sarif

    db = """
    import sqlite3

    def find_user(name):
        cur = sqlite3.connect("app.db").cursor()
        cur.execute("SELECT * FROM users WHERE name = '" + name + "'")
        return cur.fetchone()
    """
    [finding] = _review({"shop/views.py": VIEWS, "shop/db.py": db})
    assert [(s.file, s.line) for s in finding.flow] == [("shop/views.py", 8), ("shop/db.py", 6)]
    sarif = findings_to_sarif([finding], tool_version="1.0.0")
    [result] = sarif["runs"][0]["results"]
    steps = result["codeFlows"][0]["threadFlows"][0]["locations"]
    where = [s["location"]["physicalLocation"] for s in steps]
    assert [(w["artifactLocation"]["uri"], w["region"]["startLine"]) for w in where] == [
        ("shop/views.py", 8),
        ("shop/db.py", 6),
    ]
