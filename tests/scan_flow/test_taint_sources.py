"""Each source of untrusted data reaches a sink; a look-alike that is not a source does not."""

from __future__ import annotations

import pytest

from tests.scan_flow import slugs, taint

FLASK = """
import os
from flask import Flask, request
app = Flask(__name__)

@app.route("/run/<name>/<int:number>", methods=["POST"])
def run(name, number):
    {line}
    os.system("echo " + value)
"""

FLASK_SOURCES = [
    ("value = request.args.get('q')", "value = request.args.get('q', type=int)"),
    ("value = request.form['q']", "value = str(int(request.form['q']))"),
    ("value = request.values.get('q', '')", "value = request.method"),
    ("value = request.get_json()['q']", "value = 'full' if request.get_json() else 'empty'"),
    ("value = request.json.get('q')", "value = str(len(request.json))"),
    ("value = request.cookies.get('theme')", "value = 'dark'"),
    ("value = request.headers['X-Name']", "value = str(request.headers.get('X-Count', type=int))"),
    ("value = request.data.decode()", "value = request.endpoint or ''"),
    ("value = request.files['f'].filename", "value = str(len(request.files))"),
    ("value = request.view_args['name']", "value = request.blueprint or ''"),
    ("value = name", "value = str(number)"),
]


@pytest.mark.parametrize(("source", "look_alike"), FLASK_SOURCES)
def test_flask_request_data_is_a_source(source: str, look_alike: str) -> None:
    assert slugs(FLASK.replace("{line}", source)) == ["command-injection"]
    assert slugs(FLASK.replace("{line}", look_alike)) == []


def test_fastapi_parameters_are_sources_unless_typed_or_dependencies() -> None:
    code = """
    import os
    from uuid import UUID
    from fastapi import Depends, FastAPI, Request
    app = FastAPI()

    def current_user() -> str:
        return "admin"

    @app.get("/items/{item_id}")
    def read(item_id: int, q: str, tag: UUID, user: str = Depends(current_user)):
        os.system(f"echo {item_id} {tag} {user}")
        os.system("echo " + q)

    @app.post("/raw")
    async def raw(request: Request):
        body = await request.body()
        os.system(body.decode())
        os.system(str(request.url.path == "/raw"))
    """
    assert [f.start_line for f in taint(code)] == [13, 18]


def test_django_request_attributes_and_url_kwargs_are_sources() -> None:
    code = """
    import os
    from django.http import HttpResponse

    def search(request, slug):
        os.system("grep " + request.GET["q"])
        os.system("grep " + slug)
        os.system("grep " + request.method)
        return HttpResponse("ok")

    def upload(request):
        os.system("file " + request.FILES["f"].name)
        os.system("echo " + request.COOKIES.get("c") + request.META["HTTP_X"])
        os.system("echo " + request.body.decode())
        os.system("echo " + request.user.username)
    """
    assert [f.start_line for f in taint(code)] == [6, 7, 12, 13, 14]


def test_django_class_based_view_request_is_a_source() -> None:
    code = """
    import os
    from django.views import View

    class Search(View):
        def get(self, request, pk):
            os.system("grep " + request.POST.get("q"))
            os.system("grep " + pk)
    """
    assert [f.start_line for f in taint(code)] == [7, 8]


@pytest.mark.parametrize(
    ("source", "severity"),
    [
        ("input('host? ')", "medium"),
        ("sys.argv[1]", "medium"),
        ("sys.stdin.readline()", "medium"),
        ("os.environ['HOST']", "low"),
        ("os.getenv('HOST', 'localhost')", "low"),
        ("os.environ.get('HOST')", "low"),
    ],
)
def test_local_sources_are_found_with_lower_severity(source: str, severity: str) -> None:
    code = f"import os, sys\nhost = {source}\nos.system('ping ' + host)\n"
    [finding] = taint(code)
    assert finding.rule_id == "airlock.taint.command-injection"
    assert finding.severity.value == severity


def test_a_program_handling_its_own_arguments_is_not_a_finding() -> None:
    code = """
    import os, sys, shutil, sqlite3, subprocess, pickle
    path = sys.argv[1]
    print(open(path).read())
    shutil.copy(path, os.environ["BACKUP_DIR"])
    sqlite3.connect("x.db").execute(input("query> "))
    subprocess.run([os.environ.get("EDITOR", "vi"), path])
    """
    assert taint(code) == []


def test_files_a_program_is_given_are_still_not_unpickled_or_run_as_code() -> None:
    code = """
    import sys, pickle, yaml
    job = yaml.unsafe_load(open(sys.argv[1]))
    state = pickle.load(sys.stdin.buffer)
    """
    findings = taint(code)
    assert [(f.rule_id, f.severity.value) for f in findings] == [
        ("airlock.taint.unsafe-deserialization", "medium"),
        ("airlock.taint.unsafe-deserialization", "medium"),
    ]


def test_local_look_alikes_are_not_sources() -> None:
    code = """
    import os, sys
    os.system("ping " + sys.executable)
    os.system("ping " + str(len(sys.argv)))
    os.system("ping " + os.sep)
    os.system("ping " + str(int(input())))
    """
    assert taint(code) == []


def test_socket_data_is_a_remote_source() -> None:
    code = """
    import socket, subprocess
    server = socket.socket()
    conn, _ = server.accept()
    command = conn.recv(1024).decode()
    subprocess.call(command, shell=True)
    length = int(conn.recv(4))
    subprocess.call("head -c %d /dev/zero" % length, shell=True)
    """
    [finding] = taint(code)
    assert (finding.start_line, finding.severity.value) == (6, "critical")


def test_argparse_and_click_parameters_are_command_line_sources() -> None:
    code = """
    import argparse, os
    import click

    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    args = parser.parse_args()
    os.system("cat " + args.path)

    @click.command()
    @click.option("--name")
    def main(name):
        os.system("echo " + name)
    """
    assert [(f.start_line, f.message.split(" from ")[0]) for f in taint(code)] == [
        (8, "Command-line input"),
        (13, "Command-line input"),
    ]
