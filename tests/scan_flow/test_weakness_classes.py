"""Taint classes added for breadth: ReDoS (CWE-1333), mass assignment (CWE-915); the WSGI,
aiohttp and Django sources; and the existing sinks the weakness classes rely on (template
injection, XXE through minidom/pulldom, LDAP, XPath, session poisoning)."""

from __future__ import annotations

import pytest

from app.core.findings import Severity
from app.scan.python_flow.redos import catastrophic
from tests.scan_flow import slugs, taint

# --- the catastrophic-pattern detector ---------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    [
        r"(a+)+",
        r"^(\w+\s?)*$",
        r"(.*a){12}",
        r"^(([a-z])+.)+[A-Z]([a-z])+$",
        r"(x+x+)+y",
        r"^(\d+)*$",
        r"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}[a-z]{2,3}$",
        r"(?:\w+\s?)+$",
    ],
)
def test_nested_quantifiers_over_overlapping_characters_are_catastrophic(pattern: str) -> None:
    assert catastrophic(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        r"^[\w.+-]+@[\w-]+\.[\w.-]+$",
        r"^(\d{1,3}\.){3}\d{1,3}$",  # bounded
        r"(\d+\.)+",  # each round ends at a dot the digits cannot take
        r"(ab+)+",  # each round starts with an a the b's cannot take
        r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*)$",
        r"(?:\s*,\s*\w+)*",
        r"(?>a+)+",  # atomic group
        r"(a++)+",  # possessive
        r"(.*a){3}",
        r"(?m)^(#( .*)?$\s)+",  # `$` lets only a line break follow
        r"(",  # does not parse: not judged
    ],
)
def test_unambiguous_patterns_are_not_catastrophic(pattern: str) -> None:
    assert not catastrophic(pattern)


# --- ReDoS --------------------------------------------------------------------------------

FLASK = """
import re
from flask import Flask, request
app = Flask(__name__)
WORDS = re.compile(r"^(\\w+\\s?)*$")
SLUG = re.compile(r"^[a-z0-9-]+$")

@app.route("/search")
def search():
    q = request.args.get("q", "")
    {body}
    return "ok"
"""


@pytest.mark.parametrize(
    "body",
    [
        "re.search(q, DOCUMENT)",  # the client writes the pattern
        "re.compile(q).findall(DOCUMENT)",
        "re.sub(q, '', DOCUMENT)",
        're.match(r"^(\\w+\\s?)*$", q)',  # a catastrophic pattern on client text
        "WORDS.match(q)",
        "re.sub(r'(a+)+$', '', q)",
    ],
)
def test_redos_is_found(body: str) -> None:
    [finding] = taint(FLASK.replace("{body}", body))
    assert (finding.rule_id, finding.cwe, finding.severity) == (
        "airlock.taint.redos",
        (1333,),
        Severity.MEDIUM,
    )


@pytest.mark.parametrize(
    "body",
    [
        "re.search(re.escape(q), DOCUMENT)",  # matched literally
        "SLUG.match(q)",
        're.fullmatch(r"[a-z]+", q)',
        "WORDS.match(DOCUMENT)",  # the server's own text
        "re.search(PATTERNS[0], q)",
        'if q in ("title", "body"):\n        re.compile(q)',
    ],
)
def test_safe_regex_use_is_not_redos(body: str) -> None:
    assert slugs(FLASK.replace("{body}", body)) == []


def test_a_pattern_from_the_command_line_is_the_users_own() -> None:
    code = """
import re, sys

def main():
    pattern = sys.argv[1]
    for line in sys.stdin:
        if re.search(pattern, line):
            print(line)
"""
    assert slugs(code) == []


# --- mass assignment ----------------------------------------------------------------------

MASS = """
from flask import Flask, request
from .models import User, db
app = Flask(__name__)
ALLOWED = ("name", "email")

@app.post("/users/<int:user_id>")
def update(user_id):
    data = request.get_json()
    user = User.query.get_or_404(user_id)
    {body}
    db.session.commit()
    return "ok"
"""


@pytest.mark.parametrize(
    "body",
    [
        "user = User(**data)",
        "db.session.add(User(**request.form))",
        "User.query.filter_by(id=user_id).update(data)",
        "user.update(**data)",
        "user.__dict__.update(data)",
        "for key, value in data.items():\n        setattr(user, key, value)",
        "fields = {k: v for k, v in data.items()}\n    User(**fields)",
        "fields = {**data, 'active': True}\n    User(**fields)",
    ],
)
def test_mass_assignment_is_found(body: str) -> None:
    [finding] = taint(MASS.replace("{body}", body))
    assert (finding.rule_id, finding.cwe) == ("airlock.taint.mass-assignment", (915,))


@pytest.mark.parametrize(
    "body",
    [
        "User(name=data['name'], email=data['email'])",
        "fields = {k: data[k] for k in ALLOWED if k in data}\n    User(**fields)",
        "fields = {k: v for k, v in data.items() if k in ALLOWED}\n    User(**fields)",
        "User(**{'name': data['name']})",
        "for key in ALLOWED:\n        setattr(user, key, data.get(key))",
        "for key, value in data.items():\n        if key in ALLOWED:\n"
        "            setattr(user, key, value)",
        "options = {}\n    options.update(data)",
        "params = dict(page=1)\n    params.update(**data)",
        "app.logger.info('update %s', dict(**data))",
    ],
)
def test_allow_listed_fields_are_not_mass_assignment(body: str) -> None:
    assert slugs(MASS.replace("{body}", body)) == []


def test_django_and_fastapi_mass_assignment() -> None:
    django = """
from django.http import HttpResponse
from .models import Profile
from .forms import ProfileForm

def edit(request, pk):
    Profile.objects.filter(pk=pk).update(**request.POST.dict())
    form = ProfileForm(request.POST)
    if form.is_valid():
        Profile.objects.create(**form.cleaned_data)
    return HttpResponse("ok")
"""
    assert [f.start_line for f in taint(django)] == [7]
    fastapi = """
from fastapi import FastAPI
from pydantic import BaseModel
from .models import Item
app = FastAPI()

class ItemIn(BaseModel):
    name: str

@app.post("/items")
def create(item: ItemIn, body: dict):
    a = Item(**item.dict())
    b = ItemIn(**body)
    c = Item(**body)
    return {"ok": True}
"""
    assert [(f.rule_id, f.start_line) for f in taint(fastapi)] == [
        ("airlock.taint.mass-assignment", 14)
    ]


# --- sources: WSGI, aiohttp, Django -------------------------------------------------------


def test_a_wsgi_application_environ_is_client_input() -> None:
    code = """
import os, subprocess
from urllib.parse import parse_qs

def application(environ, start_response):
    query = parse_qs(environ["QUERY_STRING"])
    subprocess.run("ping -c 1 " + query["host"][0], shell=True)
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH", 0)))
    eval(body)
    open(os.path.join("/srv", environ.get("PATH_INFO", "")))
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
"""
    assert sorted(slugs(code)) == ["code-injection", "command-injection", "path-traversal"]
    finding = taint(code)[0]
    assert "WSGI environ" in finding.message


def test_a_function_named_like_wsgi_without_start_response_is_not_an_entry_point() -> None:
    code = """
import subprocess

def render(environ, template):
    subprocess.run("echo " + environ["name"], shell=True)
"""
    assert not any("WSGI" in f.message for f in taint(code))


def test_aiohttp_and_django_request_attributes_are_sources() -> None:
    aiohttp = """
import os
from aiohttp import web

async def handle(request):
    os.system(request.rel_url.query["q"])
    os.system(request.path_qs)
    return web.Response(text="ok")
"""
    assert slugs(aiohttp) == ["command-injection", "command-injection"]
    django = """
import os
from django.http import HttpResponse

def view(request):
    os.system("ls " + request.path_info)
    return HttpResponse("ok")
"""
    assert slugs(django) == ["command-injection"]


# --- existing sinks the weakness classes rely on ------------------------------------------

SINKS = """
import xml.sax, ldap, ldap3
from xml.sax.handler import feature_external_ges
from xml.dom import minidom, pulldom
from jinja2 import Template
from lxml import etree
from flask import Flask, request, session, render_template_string
app = Flask(__name__)

@app.post("/x")
def x():
    value = request.args["v"]
    {body}
    return "ok"
"""


@pytest.mark.parametrize(
    ("body", "slug", "cwe"),
    [
        ("Template('Hi ' + value).render()", "code-injection", (1336, 94)),
        ("return render_template_string('<p>' + value + '</p>')", "xss", (1336, 79)),
        (
            "p = xml.sax.make_parser()\n    p.setFeature(feature_external_ges, True)\n"
            "    minidom.parseString(request.get_data(), p)",
            "xxe",
            (611,),
        ),
        (
            "p = xml.sax.make_parser()\n    p.setFeature(feature_external_ges, True)\n"
            "    pulldom.parseString(request.get_data(), parser=p)",
            "xxe",
            (611,),
        ),
        (
            "c = ldap.initialize('ldap://x')\n"
            "    c.search_s('dc=x', ldap.SCOPE_SUBTREE, '(uid=' + value + ')')",
            "ldap-injection",
            (90,),
        ),
        (
            "c = ldap3.Connection(ldap3.Server('x'))\n    c.search('dc=x', f'(uid={value})')",
            "ldap-injection",
            (90,),
        ),
        ("etree.parse('u.xml').xpath(\"//u[@n='\" + value + \"']\")", "xpath-injection", (643,)),
        ("session['role'] = value", "session-poisoning", (501,)),
    ],
)
def test_existing_sinks_cover_the_weakness_classes(
    body: str, slug: str, cwe: tuple[int, ...]
) -> None:
    [finding] = taint(SINKS.replace("{body}", body))
    assert (finding.rule_id.rsplit(".", 1)[-1], finding.cwe) == (slug, cwe)


@pytest.mark.parametrize(
    "body",
    [
        "Template('Hi {{ n }}').render(n=value)",
        "minidom.parseString(request.get_data())",  # no external entities by default
        "etree.parse('u.xml').xpath('//u[@n=$n]', n=value)",
        "session['role'] = 'reader'",
    ],
)
def test_safe_uses_of_those_sinks_are_not_findings(body: str) -> None:
    assert slugs(SINKS.replace("{body}", body)) == []


def test_writing_the_request_into_the_session_is_session_poisoning_not_mass_assignment() -> None:
    code = """
from django.http import JsonResponse

def preferences(request):
    request.session.update(request.POST.dict())
    return JsonResponse({"ok": True})
"""
    assert slugs(code) == ["session-poisoning"]


def test_a_library_that_writes_another_objects_attributes_from_its_parameter() -> None:
    code = """
def apply_changes(account, changes):
    account.__dict__.update(changes)

def apply_each(account, changes):
    for key, value in changes.items():
        setattr(account, key, value)

def set_option(options, name, value):
    setattr(options, name, value)

class Settings:
    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)
        for key, value in kwargs.items():
            setattr(self, key, value)

def build(model, fields):
    return model(**fields)
"""
    found = [(f.rule_id.rsplit(".", 1)[-1], f.start_line) for f in taint(code)]
    assert found == [("mass-assignment", 3), ("mass-assignment", 7)]


def test_a_helper_called_only_with_allow_listed_fields_is_not_mass_assignment() -> None:
    from app.core.sources import source_from_text
    from app.scan.base import StageContext
    from app.scan.python_flow import TaintStage

    repository = (
        "from .models import Order\n\n"
        "def update_order(order_id, changes):\n"
        "    return Order.query.filter_by(id=order_id).update(changes)\n"
    )
    views = """
from flask import Blueprint, request
from . import repository
EDITABLE = frozenset({"shipping_name", "delivery_notes"})
bp = Blueprint("orders", __name__)

@bp.patch("/orders/<int:order_id>")
def edit(order_id):
    payload = request.get_json()
    {line}
    return "ok"
"""
    safe = "changes = {k: payload[k] for k in payload.keys() & EDITABLE}\n    " + (
        "repository.update_order(order_id, changes)"
    )
    raw = "repository.update_order(order_id, payload)"

    def run(line: str) -> list[str]:
        files = [
            source_from_text("shop/repository.py", repository),
            source_from_text("shop/views.py", views.replace("{line}", line)),
        ]
        found = TaintStage().run(files, StageContext()).findings
        return [f.file for f in found if f.rule_id.endswith("mass-assignment")]

    assert run(raw) == ["shop/repository.py"]
    assert run(safe) == []


def test_a_pydantic_body_dumped_to_a_model_is_not_mass_assignment() -> None:
    code = """
from fastapi import FastAPI
from pydantic import BaseModel
from .models import User
app = FastAPI()

class RegisterIn(BaseModel):
    email: str

@app.post("/users")
async def register(body: RegisterIn):
    fields = body.model_dump(exclude={"password"})
    return User(**fields, active=True)
"""
    assert slugs(code) == []


def test_pyramid_and_falcon_request_data_are_sources() -> None:
    pyramid = """
import os
from pyramid.view import view_config

@view_config(route_name="member", request_method="PATCH")
def update(request):
    os.system("echo " + request.json_body["name"] + request.matchdict["id"])
    return {}
"""
    assert slugs(pyramid) == ["command-injection"]
    falcon = """
import os
import falcon

class Resource:
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        os.system("echo " + req.get_media()["name"])
        os.system("echo " + req.get_param("q"))
"""
    assert slugs(falcon) == ["command-injection", "command-injection"]
