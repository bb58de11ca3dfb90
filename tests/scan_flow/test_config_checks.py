"""Pattern checks without data flow (config_checks.py): cookies, TLS, JWT, ciphers, hashes,
permissions. Each: a vulnerable snippet is found with its CWE, safe look-alikes are not."""

from __future__ import annotations

import pytest

from app.core.findings import Severity
from app.core.threat_model import CryptoPolicy, Policies, ThreatModel
from tests.scan_flow import run_policy, taint


def checks(code: str, *, path: str = "app.py") -> list[tuple[str, int, tuple[int, ...]]]:
    """(rule slug, line, CWE) of the airlock.python.* findings."""
    return [
        (f.rule_id.rsplit(".", 1)[-1], f.start_line or 0, f.cwe)
        for f in taint(code, path=path)
        if f.rule_id.startswith("airlock.python.")
    ]


def slugs_of(code: str, *, path: str = "app.py") -> list[str]:
    return sorted({slug for slug, _, _ in checks(code, path=path)})


# --- cookies ------------------------------------------------------------------------------

FLASK_COOKIE = """
from flask import Flask, make_response
app = Flask(__name__)

@app.route("/login")
def login():
    resp = make_response("ok")
    {call}
    return resp
"""


def _cookie(call: str) -> str:
    return FLASK_COOKIE.replace("{call}", call)


def test_a_session_cookie_without_flags_is_three_findings() -> None:
    found = checks(_cookie('resp.set_cookie("session_id", new_session())'))
    assert sorted(found) == [
        ("insecure-cookie-httponly", 8, (1004,)),
        ("insecure-cookie-samesite", 8, (1275,)),
        ("insecure-cookie-secure", 8, (614,)),
    ]
    severities = {f.rule_id.rsplit(".", 1)[-1]: f.severity for f in taint(_cookie(
        'resp.set_cookie("session_id", new_session())'))}  # fmt: skip
    assert severities["insecure-cookie-secure"] is Severity.MEDIUM
    assert severities["insecure-cookie-httponly"] is Severity.MEDIUM
    assert severities["insecure-cookie-samesite"] is Severity.LOW


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (
            'resp.set_cookie("auth", token(), secure=False, httponly=True, samesite="Lax")',
            ["insecure-cookie-secure"],
        ),
        (
            'resp.set_cookie("auth", token(), secure=True, httponly=False, samesite="Strict")',
            ["insecure-cookie-httponly"],
        ),
        (
            'resp.set_cookie("auth", token(), secure=True, httponly=True, samesite=None)',
            ["insecure-cookie-samesite"],
        ),
        (
            'resp.set_cookie("auth", token(), secure=True, httponly=True, samesite="None")',
            ["insecure-cookie-samesite"],
        ),
        # positional flags: key, value, max_age, expires, path, domain, secure, httponly
        (
            'resp.set_cookie("sid", token(), 3600, None, "/", None, False, True, "Lax")',
            ["insecure-cookie-secure"],
        ),
        # Django's signed cookie takes the flags as keywords
        (
            'resp.set_signed_cookie("user", uid(), salt="x", httponly=True, samesite="Lax")',
            ["insecure-cookie-secure"],
        ),
    ],
)
def test_each_missing_flag_is_its_own_finding(call: str, expected: list[str]) -> None:
    assert slugs_of(_cookie(call)) == expected


@pytest.mark.parametrize(
    "call",
    [
        'resp.set_cookie("session", token(), secure=True, httponly=True, samesite="Lax")',
        'resp.set_cookie("theme", "dark")',  # a preference with a constant value
        'resp.set_cookie("lang", request_lang())',  # a preference, whatever its value
        'resp.set_cookie("seen_banner", "1", max_age=86400)',
        # flags the analysis cannot decide are not judged
        'resp.set_cookie("session", token(), secure=app.config["SECURE"], httponly=True, '
        'samesite="Lax")',
        'resp.set_cookie("session", token(), **COOKIE_OPTIONS)',
        # a CSRF cookie is read by the page's own script on purpose (no HttpOnly needed)
        'resp.set_cookie("csrftoken", token(), secure=True, samesite="Strict")',
        "jar.set_cookie(cookie)",  # a cookie jar takes a Cookie object
    ],
)
def test_safe_cookies_and_look_alikes_are_not_findings(call: str) -> None:
    assert checks(_cookie(call)) == []


def test_known_options_passed_as_a_mapping_are_read() -> None:
    code = _cookie('resp.set_cookie("session", token(), **OPTS)').replace(
        "app = Flask(__name__)",
        'app = Flask(__name__)\nOPTS = {"secure": True, "httponly": True}',
    )
    assert slugs_of(code) == ["insecure-cookie-samesite"]


def test_starlette_cookies_are_lax_unless_told_otherwise() -> None:
    code = """
from fastapi import FastAPI, Response
app = FastAPI()

@app.post("/login")
def login(response: Response):
    response.set_cookie("session", make_session(), secure=True, httponly=True)
    response.set_cookie("token", make_session(), secure=True, httponly=True, samesite="none")
    return {"ok": True}
"""
    assert checks(code) == [("insecure-cookie-samesite", 8, (1275,))]


def test_aiohttp_cookies_are_checked() -> None:
    code = """
from aiohttp import web

async def login(request):
    resp = web.Response(text="ok")
    resp.set_cookie("AIOHTTP_SESSION", new_id(), httponly=True, samesite="Lax")
    return resp
"""
    assert slugs_of(code) == ["insecure-cookie-secure"]


SETTINGS = """
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_HTTPONLY = False
SESSION_COOKIE_SAMESITE = None
"""
SAFE_SETTINGS = """
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
"""


def test_django_settings_that_switch_cookie_flags_off_are_findings() -> None:
    assert checks(SETTINGS, path="mysite/settings.py") == [
        ("insecure-cookie-secure", 2, (614,)),
        ("insecure-cookie-secure", 3, (614,)),
        ("insecure-cookie-httponly", 4, (1004,)),
        ("insecure-cookie-samesite", 5, (1275,)),
    ]
    assert checks(SAFE_SETTINGS, path="mysite/settings.py") == []
    # development and test settings relax these on purpose
    assert checks(SETTINGS, path="mysite/settings/dev.py") == []
    assert checks(SETTINGS, path="mysite/test_settings.py") == []


def test_flask_config_stores_updates_and_classes_are_checked() -> None:
    code = """
from flask import Flask
app = Flask(__name__)
app.config["SESSION_COOKIE_SECURE"] = False
app.config.update(SESSION_COOKIE_HTTPONLY=False, SESSION_COOKIE_SAMESITE="Lax")
app.config.update({"SESSION_COOKIE_SAMESITE": None})

class ProductionConfig:
    SESSION_COOKIE_SECURE = False

class DevelopmentConfig:
    SESSION_COOKIE_SECURE = False
"""
    assert checks(code) == [
        ("insecure-cookie-secure", 4, (614,)),
        ("insecure-cookie-httponly", 5, (1004,)),
        ("insecure-cookie-samesite", 6, (1275,)),
        ("insecure-cookie-secure", 9, (614,)),
    ]
    safe = code.replace("= False", "= True").replace("=False", "=True").replace("None", '"Lax"')
    assert checks(safe) == []


# --- TLS ----------------------------------------------------------------------------------

TLS = """
import ssl, requests, httpx, urllib3, aiohttp

def fetch(url):
    {body}
"""


@pytest.mark.parametrize(
    "body",
    [
        "return requests.get(url, verify=False)",
        "return requests.post(url, data={}, verify=False, timeout=5)",
        "s = requests.Session()\n    return s.get(url, verify=False)",
        "s = requests.Session()\n    s.verify = False\n    return s.get(url)",
        "return httpx.get(url, verify=False)",
        "with httpx.Client(verify=False) as client:\n        return client.get(url)",
        "ctx = ssl._create_unverified_context()\n    return ctx",
        "ctx = ssl.create_default_context()\n    ctx.check_hostname = False\n"
        "    ctx.verify_mode = ssl.CERT_NONE\n    return ctx",
        'return urllib3.PoolManager(cert_reqs="CERT_NONE").request("GET", url)',
        "return urllib3.PoolManager(cert_reqs=ssl.CERT_NONE)",
        "ssl._create_default_https_context = ssl._create_unverified_context",
        "return aiohttp.TCPConnector(ssl=False)",
        "return aiohttp.ClientSession().get(url, ssl=False)",
        "VERIFY = False\n    return requests.get(url, verify=VERIFY)",
    ],
)
def test_tls_verification_switched_off_is_found(body: str) -> None:
    found = checks(TLS.replace("{body}", body))
    assert [slug for slug, _, _ in found] == ["tls-verification-disabled"]
    assert found[0][2] == (295,)


@pytest.mark.parametrize(
    "body",
    [
        "return requests.get(url, verify=True)",
        'return requests.get(url, verify="/etc/ssl/private-ca.pem")',
        "return requests.get(url, verify=settings.VERIFY_TLS)",
        "urllib3.disable_warnings()\n    return requests.get(url)",
        "ctx = ssl.create_default_context()\n    ctx.check_hostname = False\n    return ctx",
        "ctx = ssl.create_default_context(cafile='/etc/ca.pem')\n    return ctx",
        'return urllib3.PoolManager(cert_reqs="CERT_REQUIRED")',
        "return aiohttp.TCPConnector(ssl=ssl.create_default_context())",
        "form.verify = False\n    return form",  # not an HTTP client
    ],
)
def test_verified_tls_and_look_alikes_are_not_findings(body: str) -> None:
    assert checks(TLS.replace("{body}", body)) == []


def test_tls_finding_points_at_the_call_like_bandit() -> None:
    code = TLS.replace("{body}", "return requests.get(\n        url,\n        verify=False,\n    )")
    assert checks(code) == [("tls-verification-disabled", 5, (295,))]


# --- JWT ----------------------------------------------------------------------------------

JWT = """
import jwt
from jose import jwt as jose_jwt
KEY = "configured-elsewhere"

def user_of(token):
    {body}
"""


@pytest.mark.parametrize(
    ("body", "slug"),
    [
        ('return jwt.decode(token, options={"verify_signature": False})["sub"]',
         "jwt-signature-not-verified"),
        ('return jwt.decode(token, KEY, verify=False)["sub"]', "jwt-signature-not-verified"),
        ('return jwt.decode(token, KEY, algorithms=["HS256", "none"])', "jwt-none-algorithm"),
        ('return jwt.decode(token, KEY, algorithms=["NONE"])', "jwt-none-algorithm"),
        ("return jwt.decode(token, KEY)", "jwt-algorithms-missing"),
        ("return jose_jwt.decode(token, KEY)", "jwt-algorithms-missing"),
        ('return jose_jwt.get_unverified_claims(token)["sub"]', "jwt-signature-not-verified"),
    ],
)  # fmt: skip
def test_jwt_verification_weaknesses(body: str, slug: str) -> None:
    found = checks(JWT.replace("{body}", body))
    assert [(s, c) for s, _, c in found] == [(slug, (347,))]


@pytest.mark.parametrize(
    "body",
    [
        'return jwt.decode(token, KEY, algorithms=["HS256"])',
        'return jwt.decode(token, KEY, ["RS256"])',
        'ALGS = ("RS256",)\n    return jwt.decode(token, KEY, algorithms=ALGS)',
        'return jose_jwt.decode(token, KEY, algorithms="HS256")',
        'return jwt.decode(token, KEY, algorithms=["HS256"], options={"verify_exp": True})',
        "return jose_jwt.get_unverified_header(token)['kid']",
        "return jwt.get_unverified_header(token)['kid']",
    ],
)
def test_verified_jwt_and_header_reads_are_not_findings(body: str) -> None:
    assert checks(JWT.replace("{body}", body)) == []


# --- ciphers and hashes -------------------------------------------------------------------

CRYPTO = """
from Crypto.Cipher import AES, DES3, ARC4
from Crypto.Hash import SHA1, SHA256
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

def seal(key, iv, data):
    {body}
"""


@pytest.mark.parametrize(
    ("body", "slug", "cwe"),
    [
        ("return AES.new(key, AES.MODE_ECB).encrypt(data)", "broken-cipher", (327,)),
        ("return AES.new(key, mode=AES.MODE_ECB).encrypt(data)", "broken-cipher", (327,)),
        ("return DES3.new(key, DES3.MODE_CBC, iv).encrypt(data)", "broken-cipher", (327,)),
        ("return ARC4.new(key).encrypt(data)", "broken-cipher", (327,)),
        ("return Cipher(algorithms.AES(key), modes.ECB()).encryptor()", "broken-cipher", (327,)),
        ("return Cipher(algorithms.TripleDES(key), modes.CBC(iv)).encryptor()", "broken-cipher",
         (327,)),
        ("return SHA1.new(data).hexdigest()", "weak-hash", (328,)),
    ],
)  # fmt: skip
def test_broken_ciphers_and_weak_hashes(body: str, slug: str, cwe: tuple[int, ...]) -> None:
    assert [(s, c) for s, _, c in checks(CRYPTO.replace("{body}", body))] == [(slug, cwe)]


@pytest.mark.parametrize(
    "body",
    [
        "return AES.new(key, AES.MODE_GCM, nonce=iv).encrypt_and_digest(data)",
        "return Cipher(algorithms.AES(key), modes.GCM(iv)).encryptor()",
        "return SHA256.new(data).hexdigest()",
    ],
)
def test_sound_ciphers_and_hashes_are_not_findings(body: str) -> None:
    assert checks(CRYPTO.replace("{body}", body)) == []


def test_a_forbidden_digest_is_a_weak_hash_and_a_forbidden_mode_a_broken_cipher() -> None:
    code = """
import hashlib
from Crypto.Cipher import AES

def etag(body):
    return hashlib.md5(body).hexdigest()

def seal(key, data):
    return AES.new(key, AES.MODE_ECB).encrypt(data)
"""
    model = ThreatModel("app", policies=Policies(crypto=CryptoPolicy(forbidden=("md5", "ecb"))))
    found = {
        f.start_line: f.cwe
        for f in run_policy(code, model).findings
        if f.rule_id.endswith("forbidden-algorithm")
    }
    assert found == {6: (328,), 9: (327,)}


# --- permissions --------------------------------------------------------------------------

PERMISSIONS = """
import os, stat
from pathlib import Path

def publish(path):
    {body}
"""


@pytest.mark.parametrize(
    ("body", "severity"),
    [
        ("os.chmod(path, 0o777)", Severity.MEDIUM),
        ("os.chmod(path, mode=0o666)", Severity.MEDIUM),
        ("os.chmod(path, stat.S_IRWXU | stat.S_IWOTH)", Severity.MEDIUM),
        ("Path(path).chmod(0o777)", Severity.MEDIUM),
        ("MODE = 0o776\n    os.chmod(path, MODE)", Severity.MEDIUM),
        ("os.umask(0)", Severity.MEDIUM),
        ("os.makedirs(path, mode=0o777, exist_ok=True)", Severity.LOW),
        ("Path(path).mkdir(mode=0o777)", Severity.LOW),
    ],
)
def test_world_writable_permissions(body: str, severity: Severity) -> None:
    [finding] = taint(PERMISSIONS.replace("{body}", body))
    assert finding.rule_id == "airlock.python.world-writable-permissions"
    assert (finding.cwe, finding.severity) == ((732,), severity)


@pytest.mark.parametrize(
    "body",
    [
        "os.chmod(path, 0o644)",
        "os.chmod(path, 0o750)",
        "os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)",
        "Path(path).chmod(0o600)",
        "os.makedirs(path, exist_ok=True)",
        "os.makedirs(path, mode=0o700, exist_ok=True)",
        "os.umask(0o077)",
        "old = os.umask(0)\n    os.umask(old)",  # reading the umask
        "os.chmod(path, mode)",  # a mode the analysis does not know
    ],
)
def test_narrow_permissions_are_not_findings(body: str) -> None:
    assert checks(PERMISSIONS.replace("{body}", body)) == []


def test_a_helpers_checks_are_reported_once_where_they_are_written() -> None:
    code = """
import requests

def get(url):
    return requests.get(url, verify=False)

def a():
    return get("https://a.example")

def b():
    return get("https://b.example")
"""
    assert checks(code) == [("tls-verification-disabled", 5, (295,))]


def test_a_jwt_read_unverified_only_to_pick_the_key_is_not_a_finding() -> None:
    code = """
import jwt
KEYS = {"https://a.example": "key-a"}

def _issuer_of(token):
    return jwt.decode(token, options={"verify_signature": False})["iss"]

def claims_of(token):
    issuer = _issuer_of(token)
    return jwt.decode(token, KEYS[issuer], algorithms=["HS256"], issuer=issuer)

def trusted_claims(token):
    return jwt.decode(token, options={"verify_signature": False})
"""
    assert checks(code) == [("jwt-signature-not-verified", 13, (347,))]


# --- constant IVs and nonces --------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "cwe"),
    [
        ('return Cipher(algorithms.AES(key), modes.CBC(b"0123456789abcdef")).encryptor()',
         (329, 327)),
        ('IV = b"\\x00" * 16\n    return AES.new(key, AES.MODE_CBC, IV).encrypt(data)', (329, 327)),
        ('return AES.new(key, AES.MODE_CBC, iv=b"fixed-iv-16bytes").encrypt(data)', (329, 327)),
        ('return AES.new(key, AES.MODE_GCM, nonce=b"fixednonce12").encrypt(data)', (323, 327)),
        ('return Cipher(algorithms.AES(key), modes.GCM(b"fixednonce12")).encryptor()',
         (323, 327)),
    ],
)  # fmt: skip
def test_a_constant_iv_or_nonce_is_found(body: str, cwe: tuple[int, ...]) -> None:
    assert [(s, c) for s, _, c in checks(CRYPTO.replace("{body}", body))] == [("static-iv", cwe)]


@pytest.mark.parametrize(
    "body",
    [
        "return Cipher(algorithms.AES(key), modes.CBC(os.urandom(16))).encryptor()",
        "return AES.new(key, AES.MODE_CBC, iv).encrypt(data)",
        "return AES.new(key, AES.MODE_GCM).encrypt_and_digest(data)",
    ],
)
def test_a_fresh_iv_is_not_a_finding(body: str) -> None:
    assert checks("import os\n" + CRYPTO.replace("{body}", body)) == []


# --- temporary files ----------------------------------------------------------------------

TEMP = """
import os, tempfile, time, uuid
from pathlib import Path

def spool(data):
    {body}
"""


@pytest.mark.parametrize(
    "body",
    [
        'path = os.path.join(tempfile.gettempdir(), f"upload-{int(time.time())}.part")\n'
        '    with open(path, "wb") as out:\n        out.write(data)',
        'path = os.path.join(tempfile.gettempdir(), "report.csv")\n    open(path, "w").write(data)',
        '(Path(tempfile.gettempdir()) / "cache.json").write_text(data)',
    ],
)
def test_a_predictable_name_in_the_shared_temp_folder_is_found(body: str) -> None:
    assert checks(TEMP.replace("{body}", body))[0][::2] == ("insecure-temp-file", (377,))


@pytest.mark.parametrize(
    "body",
    [
        'path = os.path.join(tempfile.gettempdir(), f"upload-{uuid.uuid4().hex}.part")\n'
        '    open(path, "wb").write(data)',
        'path = os.path.join(tempfile.gettempdir(), "report.csv")\n    return open(path).read()',
        'path = os.path.join(tempfile.gettempdir(), "report.csv")\n'
        '    open(path, "xb").write(data)',  # exclusive creation fails if it exists
        "fd, path = tempfile.mkstemp()\n    os.write(fd, data)",
        "with tempfile.TemporaryDirectory() as folder:\n"
        '        (Path(folder) / "cache.json").write_text(data)',
    ],
)
def test_unguessable_or_private_temp_files_are_not_findings(body: str) -> None:
    assert checks(TEMP.replace("{body}", body)) == []


# --- forms and serializers that accept every field ----------------------------------------


def test_model_serializers_and_forms_with_all_fields_are_found() -> None:
    code = """
from django import forms
from django.views.generic import UpdateView
from rest_framework import serializers
from .models import Profile

class ProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = Profile
        fields = "__all__"
        read_only_fields = ("user",)

class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ("display_name", "bio")

class ProfileEdit(UpdateView):
    model = Profile
    fields = "__all__"

class ProfileAdminView:
    fields = "__all__"
"""
    assert checks(code) == [
        ("mass-assignment-all-fields", 10, (915,)),
        ("mass-assignment-all-fields", 20, (915,)),
    ]


# --- a mode defined in another reviewed module --------------------------------------------


def test_a_permission_constant_from_another_reviewed_module_is_read() -> None:
    from app.core.sources import source_from_text
    from app.scan.base import StageContext
    from app.scan.python_flow import TaintStage

    conf = "FILE_MODE = 0o666\nDIR_MODE = 0o750\n"
    storage = (
        "from pathlib import Path\nfrom . import conf\n\n"
        "def store(path: Path, data: bytes) -> None:\n"
        "    path.parent.mkdir(mode=conf.DIR_MODE, exist_ok=True)\n"
        "    path.write_bytes(data)\n"
        "    path.chmod(conf.FILE_MODE)\n"
    )
    files = [source_from_text("app/conf.py", conf), source_from_text("app/storage.py", storage)]
    found = TaintStage().run(files, StageContext()).findings
    assert [(f.file, f.start_line) for f in found if "permissions" in f.rule_id] == [
        ("app/storage.py", 7)
    ]
