"""Capabilities the first held-out round showed missing, each fixed in general.

Every test is a small program of its own (not a held-out case): a safe idiom the analysis
must accept, and next to it the variant it must still flag.
"""

from __future__ import annotations

from tests.scan_flow import slugs

FLASK = "from flask import Flask, request, redirect\napp = Flask(__name__)\n"


def test_a_host_compared_after_lower_or_a_default_still_guards_the_url() -> None:
    code = """
import requests
from urllib.parse import urlparse
from flask import Flask, request
app = Flask(__name__)
HOSTS = frozenset({"github.com"})

@app.post("/preview")
def preview():
    url = request.form["url"]
    if (urlparse(url).hostname or "").lower() not in HOSTS:
        return "no", 400
    return requests.get(url, timeout=3).text
"""
    assert slugs(code) == []
    assert slugs(code.replace("not in HOSTS", "not in request.args")) == ["ssrf"]


def test_a_lookup_in_the_servers_own_mapping_returns_its_value_not_the_key() -> None:
    code = """
import os, requests
from flask import Flask, request
app = Flask(__name__)
ENDPOINTS = {name: url for name, url in {"slack": os.environ.get("SLACK", "")}.items() if url}

@app.post("/hook")
def hook():
    url = ENDPOINTS.get(request.form["integration"])
    return requests.post(url, timeout=3).text
"""
    assert slugs(code) == []
    leaky = code.replace('ENDPOINTS.get(request.form["integration"])', 'request.form.get("url")')
    assert slugs(leaky) == ["ssrf"]


def test_an_annotation_says_what_a_value_is_when_nothing_else_does() -> None:
    code = """
import aiohttp
from aiohttp import web

async def proxy(request: web.Request):
    session: aiohttp.ClientSession = request.app["http"]
    async with session.get(request.query["src"]) as upstream:
        return web.Response(body=await upstream.read())
"""
    assert slugs(code) == ["ssrf"]


def test_client_text_after_a_configured_origin_and_a_slash_cannot_move_the_url() -> None:
    code = """
import os, requests
from urllib.parse import quote
from flask import Flask, request
app = Flask(__name__)
ORIGIN = os.environ.get("ASSET_ORIGIN", "https://assets.internal")

@app.get("/img")
def img():
    key = request.args["key"]
    return requests.get(f"{ORIGIN}/images/{quote(key, safe='')}", timeout=3).content
"""
    assert slugs(code) == []
    assert slugs(code.replace("{ORIGIN}/images/{", "{ORIGIN}{")) == ["ssrf"]


def test_a_regex_guard_on_a_walrus_target_and_with_a_lookahead_guards() -> None:
    code = """
import os, re
from flask import Flask, request
app = Flask(__name__)
HOST = re.compile(r"(?=.{1,253}$)[A-Za-z0-9-]+(?:\\\\.[A-Za-z0-9-]+)*")

@app.post("/ping")
def ping():
    if not HOST.fullmatch(host := request.form["host"]):
        return "bad", 400
    os.system(f"ping -c 1 {host}")
    return "sent"
"""
    assert slugs(code) == []
    assert slugs(code.replace("if not HOST.fullmatch(", "if not bool(")) == ["command-injection"]


def test_commonpath_with_a_normalised_target_confines_it() -> None:
    code = """
import os
from flask import Flask, request
app = Flask(__name__)
ROOT = "/srv/files"

@app.get("/f")
def read():
    target = os.path.realpath(os.path.join(ROOT, request.args["name"]))
    if os.path.commonpath([target, ROOT]) != ROOT:
        return "no", 404
    return open(target).read()
"""
    assert slugs(code) == []
    assert slugs(code.replace("os.path.realpath(", "(")) == ["path-traversal"]


def test_a_row_loaded_by_the_clients_key_is_the_servers_data() -> None:
    code = """
import os
from django.shortcuts import get_object_or_404

def remove(request, slug):
    project = get_object_or_404(Project, slug=slug)
    os.remove(os.path.join("/srv/attachments", project.slug))
"""
    assert slugs(code) == []
    assert slugs(code.replace("project.slug))", "slug))")) == ["path-traversal"]


def test_an_in_memory_file_is_not_a_path() -> None:
    code = """
import io, zipfile
from flask import Flask, request
app = Flask(__name__)

@app.put("/deploy")
def deploy():
    with zipfile.ZipFile(io.BytesIO(request.get_data())) as archive:
        return str(len(archive.namelist()))
"""
    assert slugs(code) == []


def test_a_helpers_own_sink_is_decided_where_it_is_called() -> None:
    from app.core.sources import source_from_text
    from app.scan.base import StageContext
    from app.scan.python_flow import TaintStage

    code = """
import subprocess, sys
REPOS = {"api": "https://git.example.org/api.git"}

def refresh(name):
    return subprocess.run(f"git clone {REPOS[name]} /srv/{name}", shell=True)

def main():
    name = sys.argv[1]
    if name in REPOS:
        refresh(name)

if __name__ == "__main__":
    main()
"""
    result = TaintStage().run([source_from_text("w.py", code)], StageContext())
    assert result.findings == []
    assert [c.reason for c in result.cleared if c.kind == "shell"] == ["sanitised"]


def test_a_django_function_returning_text_is_a_helper_not_a_view() -> None:
    code = """
from django.http import HttpResponseRedirect

def next_url(request, fallback) -> str:
    return fallback

def view(request):
    return HttpResponseRedirect(next_url(request, "/home"))
"""
    assert slugs(code) == []


def test_a_local_path_check_written_as_rejections_clears_a_redirect() -> None:
    code = (
        FLASK
        + """
def local(target):
    if not target.startswith("/") or target.startswith("//") or "\\\\" in target:
        return None
    return target

@app.get("/done")
def done():
    return redirect(local(request.args["next"]) or "/")
"""
    )
    assert slugs(code) == []
    assert slugs(code.replace(' or "\\\\" in target', "")) == ["open-redirect"]


def test_each_arm_of_a_conditional_expression_sees_its_side_of_the_test() -> None:
    code = """
from flask import Flask, request
app = Flask(__name__)
THEMES = ("light", "dark")

@app.get("/w")
def widget():
    theme = request.args["theme"]
    theme = theme if theme in THEMES else THEMES[0]
    return f"<body class='{theme}'></body>"
"""
    assert slugs(code) == []
    assert slugs(code.replace("if theme in THEMES", "if theme")) == ["xss"]


def test_a_sqlalchemy_statement_binds_its_values() -> None:
    code = """
from flask import Flask, request
from .extensions import db
app = Flask(__name__)

@app.post("/login")
def login():
    stmt = db.select(User).filter_by(email=request.form["email"])
    return str(db.session.execute(stmt).scalar_one_or_none())
"""
    assert slugs(code) == []
    text = code.replace(
        'db.select(User).filter_by(email=request.form["email"])',
        '"SELECT * FROM users WHERE email = \'" + request.form["email"] + "\'"',
    )
    assert slugs(text) == ["sql-injection"]


def test_a_context_managers_yielded_value_is_what_with_binds() -> None:
    code = """
from contextlib import contextmanager
from ldap3 import Connection, Server

@contextmanager
def directory():
    conn = Connection(Server("ldap.internal"), auto_bind=True)
    yield conn

def search(field, value):
    with directory() as conn:
        return conn.search("dc=example", f"({field}={value})")
"""
    assert slugs(code) == ["ldap-injection"]


def test_a_message_whose_keyed_digest_was_verified_is_authenticated() -> None:
    code = """
import hashlib, hmac, os, pickle
from flask import Flask, request
app = Flask(__name__)
KEY = os.environ["CART_KEY"].encode()

def sign(data):
    return hmac.new(KEY, data, hashlib.sha256).hexdigest()

@app.get("/cart")
def cart():
    data, _, signature = request.cookies["cart"].encode().rpartition(b".")
    if not hmac.compare_digest(signature, sign(data).encode()):
        return "tampered", 400
    items = pickle.loads(data)
    return "ok"
"""
    assert slugs(code) == []
    unchecked = code.replace(
        "if not hmac.compare_digest(signature, sign(data).encode()):", "if not signature:"
    )
    assert slugs(unchecked) == ["unsafe-deserialization"]


def test_a_check_stored_in_a_variable_guards_where_the_variable_is_tested() -> None:
    code = """
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

def sign_in(request):
    next_url = request.POST.get("next", "/")
    allowed = url_has_allowed_host_and_scheme(next_url, allowed_hosts={"shop.example"})
    if not allowed:
        next_url = "/"
    return redirect(next_url)
"""
    assert slugs(code) == []
    stale = code.replace(
        "    if not allowed:", '    next_url = request.GET["n"]\n    if not allowed:'
    )
    assert slugs(stale) == ["open-redirect"]


def test_a_parsed_url_object_whose_host_was_checked_may_be_fetched() -> None:
    code = """
import httpx
from fastapi import FastAPI
app = FastAPI()
HOSTS = {"avatars.example"}

@app.post("/avatar")
async def avatar(source: str):
    url = httpx.URL(source.strip())
    if url.host not in HOSTS:
        raise ValueError("host")
    async with httpx.AsyncClient() as client:
        return (await client.get(url)).content
"""
    assert slugs(code) == []
    assert slugs(code.replace("if url.host not in HOSTS:", "if not url.host:")) == ["ssrf"]


def test_membership_in_the_servers_configuration_is_an_allow_list() -> None:
    code = """
from flask import Flask, request, redirect
from .config import settings
app = Flask(__name__)

@app.get("/go")
def go():
    host = request.args["host"]
    if host not in settings.trusted_hosts:
        return "no", 400
    return redirect("https://" + host + "/")
"""
    assert slugs(code) == []
    assert slugs(code.replace("settings.trusted_hosts", "request.args")) == ["open-redirect"]


def test_an_applications_url_builder_gives_its_own_urls() -> None:
    code = """
from aiohttp import web

async def back(request):
    slug = request.query["slug"]
    raise web.HTTPSeeOther(location=str(request.app.router["article"].url_for(slug=slug)))
"""
    assert slugs(code) == []


def test_a_django_template_escapes_what_it_renders() -> None:
    code = """
from django.http import HttpResponse
from django.template import Context, Template
PAGE = Template("<p>{{ q }}</p>")

def search(request):
    return HttpResponse(PAGE.render(Context({"q": request.GET["q"]})))
"""
    assert slugs(code) == []
    raw = code.replace('PAGE.render(Context({"q": request.GET["q"]}))', 'request.GET["q"]')
    assert slugs(raw) == ["xss"]


def _review_random(code: str) -> list[tuple[str, str]]:
    from app.core.review import DETERMINISTIC, ReviewOptions, run_review
    from app.core.sources import source_from_text

    outcome = run_review(
        [source_from_text("app.py", code)], None, options=ReviewOptions(stages=DETERMINISTIC)
    )
    return [(f.rule_id, f.severity.value) for f in outcome.findings if 330 in f.cwe]


def test_random_used_for_a_token_stays_a_finding_and_for_a_shuffle_becomes_a_note() -> None:
    token = """
import random, string

def new_reset_code():
    return "".join(random.choices(string.digits, k=6))
"""
    shuffle = """
import random

def quiz_order(questions):
    order = random.sample(questions, k=len(questions))
    banner = random.random() < 0.2
    return {"questions": order, "banner": banner}
"""
    assert _review_random(token) == [("bandit.B311", "low")]
    assert {severity for _, severity in _review_random(shuffle)} == {"info"}


def test_an_opener_built_by_urllib_fetches_what_it_is_given() -> None:
    code = """
import urllib.request
from flask import Flask, request
app = Flask(__name__)
opener = urllib.request.build_opener()

@app.get("/fetch")
def fetch():
    with opener.open(request.args["url"], timeout=5) as resp:
        return "fetched"
"""
    assert slugs(code) == ["ssrf"]


def test_a_url_template_chosen_from_constants_fixes_the_host() -> None:
    code = """
import requests
from urllib.parse import quote
from flask import Flask, request
app = Flask(__name__)
SOURCES = {"github": "https://github.com/{h}.png", "gitlab": "https://gitlab.com/{h}.png"}

@app.get("/avatar")
def avatar():
    template = SOURCES.get(request.args["provider"])
    if template is None:
        return "unknown", 404
    url = template.format(h=quote(request.args["handle"], safe=""))
    return requests.get(url, timeout=5).content
"""
    assert slugs(code) == []
    loose = code.replace('"gitlab": "https://gitlab.com/{h}.png"', '"any": "{h}"')
    assert slugs(loose) == ["ssrf"]


def test_tornado_handlers_read_the_request_and_write_html() -> None:
    code = """
import tornado.web
from tornado.escape import xhtml_escape

class SearchHandler(tornado.web.RequestHandler):
    def get(self):
        q = self.get_argument("q", "")
        self.write(f"<p>Results for {q}</p>")
"""
    assert slugs(code) == ["xss"]
    escaped = code.replace("{q}</p>", "{xhtml_escape(q)}</p>")
    assert slugs(escaped) == []


def test_a_value_formatted_as_a_number_is_no_text() -> None:
    code = """
from flask import Flask, request
app = Flask(__name__)

@app.get("/p")
def product():
    item = lookup(request.args["id"])
    return f"<a href='/p/{item['id']:d}'>price {item['price']:.2f}</a>"
"""
    assert slugs(code) == []
    assert slugs(code.replace(":d}", "}")) == ["xss"]


def test_local_path_checks_in_separate_statements_add_up() -> None:
    code = (
        FLASK
        + """
def local(target):
    if not target or any(ch in target for ch in "\\\\\\r\\n"):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    return target

@app.get("/done")
def done():
    return redirect(local(request.args["next"]) or "/")
"""
    )
    assert slugs(code) == []
    assert slugs(code.replace(' or target.startswith("//")', "")) == ["open-redirect"]


def test_sql_built_only_from_constants_the_code_chose_decides_the_pattern_match() -> None:
    from app.core.review import DETERMINISTIC, ReviewOptions, run_review
    from app.core.sources import source_from_text

    code = """
import sqlite3
from flask import Flask, request
app = Flask(__name__)
COLUMNS = {"name": "p.name", "price": "p.price"}
ORDER = {"asc": "ASC", "desc": "DESC"}

@app.get("/parts")
def parts():
    column = COLUMNS.get(request.args.get("sort", ""), "p.name")
    direction = ORDER.get(request.args.get("dir", ""), "ASC")
    sql = f"SELECT name FROM parts p ORDER BY {column} {direction}"
    return {"rows": sqlite3.connect("p.db").execute(sql).fetchall()}
"""

    def sql_items(text: str) -> list[tuple[str, str]]:
        outcome = run_review(
            [source_from_text("app.py", text)], None, options=ReviewOptions(stages=DETERMINISTIC)
        )
        return [(f.rule_id, f.severity.value) for f in outcome.findings if 89 in f.cwe]

    assert sql_items(code) == [("bandit.B608", "info")]
    raw = code.replace(
        'COLUMNS.get(request.args.get("sort", ""), "p.name")', 'request.args["sort"]'
    )
    assert ("airlock.taint.sql-injection", "high") in sql_items(raw)
