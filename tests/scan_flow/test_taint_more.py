"""Less common sources, sinks and guards: archives, socket servers, aiohttp, SSH, LDAP binds."""

from __future__ import annotations

from tests.scan_flow import slugs, taint


def test_archive_member_names_are_untrusted_and_a_containment_check_ends_the_flow() -> None:
    vulnerable = """
    import zipfile
    from pathlib import Path

    def install(archive_path, dest: Path):
        with zipfile.ZipFile(archive_path) as archive:
            for info in archive.infolist():
                target = dest / info.filename
                with archive.open(info) as src, open(target, "wb") as out:
                    out.write(src.read())
    """
    safe = vulnerable.replace(
        "                target = dest / info.filename\n",
        "                target = (dest / info.filename).resolve()\n"
        "                if not target.is_relative_to(dest.resolve()):\n"
        "                    raise ValueError(info.filename)\n",
    )
    assert slugs(vulnerable) == ["path-traversal"]
    assert slugs(safe) == []


def test_tar_extractall_without_a_filter_is_a_finding() -> None:
    code = """
    import tarfile

    def unpack(path, dest):
        with tarfile.open(path) as archive:
            archive.extractall(dest)
    """
    assert slugs(code) == ["path-traversal"]
    assert slugs(code.replace("extractall(dest)", "extractall(dest, filter='data')")) == []


def test_socketserver_handlers_read_from_the_network() -> None:
    code = """
    import pickle, socketserver

    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            for line in self.rfile:
                pickle.loads(bytes.fromhex(line.decode().strip()))

    class Quiet(socketserver.StreamRequestHandler):
        def handle(self):
            pickle.loads(self.server.snapshot)
    """
    [finding] = taint(code)
    assert (finding.rule_id, finding.start_line) == ("airlock.taint.unsafe-deserialization", 7)


def test_aiohttp_redirect_exceptions_and_query_are_covered() -> None:
    code = """
    from aiohttp import web

    async def track(request):
        raise web.HTTPFound(request.query.get("to", "/"))

    async def home(request):
        raise web.HTTPFound("/welcome?from=" + request.query.get("c", "-"))
    """
    assert [f.start_line for f in taint(code)] == [5]


def test_remote_ssh_commands_and_ldap_bind_dns_are_sinks() -> None:
    code = """
    import ldap, paramiko
    from ldap3 import Connection
    from flask import Flask, request
    app = Flask(__name__)

    @app.post("/run")
    def run():
        client = paramiko.SSHClient()
        client.exec_command("systemctl status " + request.form["service"])
        Connection("ldap://x", f"uid={request.form['user']},dc=x", "pw")
        ldap.initialize("ldap://x").simple_bind_s("uid=%s,dc=x" % request.form["user"], "pw")
        return "ok"
    """
    assert slugs(code) == ["command-injection", "ldap-injection", "ldap-injection"]


def test_a_url_whose_host_is_checked_against_an_allow_list_is_not_ssrf() -> None:
    code = """
    import requests
    from urllib.parse import urlparse
    from flask import Flask, request, abort, jsonify
    app = Flask(__name__)
    HOSTS = {"feeds.example.com"}

    @app.get("/a")
    def a():
        url = request.args["url"]
        parsed = urlparse(url)
        if parsed.scheme != "https" or parsed.hostname not in HOSTS:
            abort(400)
        return jsonify(requests.get(url).status_code)

    @app.get("/b")
    def b():
        url = request.args["url"]
        host = urlparse(url).hostname or ""
        if host not in HOSTS:
            abort(400)
        return jsonify(requests.get(url).status_code)

    @app.get("/c")
    def c():
        url = request.args["url"]
        parsed = urlparse(url)
        if parsed.scheme != "https":
            abort(400)
        return jsonify(requests.get(url).status_code)
    """
    assert [f.start_line for f in taint(code)] == [30]


def test_a_helper_vouches_for_a_redirect_target_by_what_its_body_checks() -> None:
    code = """
    from urllib.parse import urlparse
    from flask import Flask, request, redirect
    app = Flask(__name__)
    OUR_HOSTS = {"", "shop.example.com"}

    def landing_ok(target):
        return urlparse(target).netloc in OUR_HOSTS

    @app.get("/login")
    def login():
        target = request.args.get("next", "/")
        if not landing_ok(target):
            target = "/"
        return redirect(target)
    """
    assert taint(code) == []


def test_a_helper_named_like_a_check_whose_body_does_not_check_clears_nothing() -> None:
    code = """
    from flask import Flask, request, redirect
    app = Flask(__name__)

    def is_safe_url(target):
        return len(target) > 0

    @app.get("/login")
    def login():
        target = request.args.get("next", "/")
        if not is_safe_url(target):
            target = "/"
        return redirect(target)
    """
    assert [f.rule_id for f in taint(code)] == ["airlock.taint.open-redirect"]


def test_a_strict_file_name_pattern_confines_a_path_but_a_loose_one_does_not() -> None:
    code = """
    import os, re
    from flask import Flask, request, abort, send_file
    app = Flask(__name__)
    NAME = re.compile(r"INV-\\d{6}\\.pdf")
    LOOSE = re.compile(r"[\\w.-]+")

    @app.get("/a")
    def a():
        name = request.args["f"]
        if not NAME.fullmatch(name):
            abort(404)
        return send_file(os.path.join("/srv/invoices", name))

    @app.get("/b")
    def b():
        name = request.args["f"]
        if not LOOSE.fullmatch(name):
            abort(404)
        return send_file(os.path.join("/srv/invoices", name))
    """
    assert [f.start_line for f in taint(code)] == [20]


def test_django_format_html_escapes_its_arguments() -> None:
    code = """
    from django.http import HttpResponse
    from django.utils.html import format_html

    def greet(request):
        return HttpResponse(format_html("<p>{}</p>", request.GET["name"]))

    def shout(request):
        return HttpResponse("<p>%s</p>" % request.GET["name"])

    def image(request):
        return HttpResponse(request.GET["data"], content_type="image/png")
    """
    assert [f.start_line for f in taint(code)] == [9]


def test_model_and_array_loaders_are_deserialisers_unless_made_safe() -> None:
    code = """
    import numpy, torch
    from fastapi import FastAPI, UploadFile
    from fastapi.responses import FileResponse
    app = FastAPI()

    @app.post("/model")
    async def model(file: UploadFile, name: str):
        torch.load(file.file)
        torch.load(file.file, weights_only=True)
        numpy.load(file.file, allow_pickle=True)
        numpy.load(file.file)
        return FileResponse("/srv/models/" + name)
    """
    assert [(f.rule_id.rsplit(".", 1)[-1], f.start_line) for f in taint(code)] == [
        ("unsafe-deserialization", 9),
        ("unsafe-deserialization", 11),
        ("path-traversal", 13),
    ]


def test_ldap3_dn_escaping_and_isinstance_guards_end_the_flow() -> None:
    code = """
    import os
    from ldap3 import Connection
    from ldap3.utils.dn import escape_rdn
    from flask import Flask, request
    app = Flask(__name__)

    @app.post("/login")
    def login():
        user = request.form["user"]
        Connection("ldap://x", f"uid={escape_rdn(user)},dc=x", "pw")
        count = request.json.get("count")
        if isinstance(count, int):
            os.system(f"seq {count}")
        return "ok"
    """
    assert taint(code) == []
