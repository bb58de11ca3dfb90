"""logging, errors, crypto and secrets policies: the same code under different threat models."""

from __future__ import annotations

import pytest

from app.core.threat_model import (
    CryptoPolicy,
    ErrorsPolicy,
    LoggingPolicy,
    Policies,
    SecretsPolicy,
    ThreatModel,
)
from tests.scan_flow import policy_slugs, run_policy


def with_policies(**policies: object) -> ThreatModel:
    return ThreatModel("app", policies=Policies(**policies))  # type: ignore[arg-type]


def forbid_logging(*fields: str) -> ThreatModel:
    return with_policies(logging=LoggingPolicy(forbidden_fields=fields))


LOGIN = """
import logging
from flask import Flask, request
app = Flask(__name__)
log = logging.getLogger(__name__)

@app.route("/login", methods=["POST"])
def login():
    password = request.form["password"]
    email = request.form.get("email")
    log.info("login for %s", email)
    log.debug("password has %d characters", len(password))
    return "ok"
"""


def test_a_forbidden_field_in_a_log_depends_on_the_policy() -> None:
    [finding] = run_policy(LOGIN, forbid_logging("email")).findings
    assert finding.rule_id == "airlock.policy.sensitive-data-logged"
    assert finding.cwe == (532,) and finding.sources == ("policy:logging",)
    assert finding.snippet == 'log.info("login for %s", email)'
    assert "forbids logging email" in finding.message
    assert policy_slugs(LOGIN, forbid_logging("password", "token")) == []


@pytest.mark.parametrize(
    "line",
    [
        "print('token', api_token)",
        "logging.warning('creds: %s', {'token': value})",
        "copy = user_token\n    app.logger.error(copy)",
        "log.info(f'auth {request.headers.get(\"token\")}')",
        "log.info('user %s', user.token)",
    ],
)
def test_forbidden_fields_are_followed_through_names_keys_and_copies(line: str) -> None:
    code = (
        "import logging\nfrom flask import Flask, request\napp = Flask(__name__)\n"
        "log = logging.getLogger()\n\ndef f(value, api_token, user_token, user):\n"
        f"    {line}\n"
    )
    assert policy_slugs(code, forbid_logging("token")) == ["sensitive-data-logged"]


ERRORS = """
import traceback
from flask import Flask
app = Flask(__name__)

@app.route("/a")
def a():
    try:
        return work()
    except Exception as e:
        return {"error": str(e)}, 500

@app.route("/b")
def b():
    try:
        return work()
    except Exception as e:
        app.logger.exception(e)
        return {"error": type(e).__name__, "code": getattr(e, "code", 500)}, 500

@app.route("/c")
def c():
    try:
        return work()
    except ValueError:
        return traceback.format_exc(), 500

@app.errorhandler(500)
def failed(error):
    return f"Internal error: {error}", 500
"""


def test_exception_text_in_responses_is_a_finding_when_details_must_not_be_exposed() -> None:
    no_details = with_policies(errors=ErrorsPolicy(expose_details=False))
    findings = run_policy(ERRORS, no_details).findings
    assert [(f.rule_id.rsplit(".", 1)[-1], f.start_line) for f in findings] == [
        ("error-details-exposed", 11),
        ("error-details-exposed", 26),
        ("error-details-exposed", 30),
    ]
    assert findings[0].cwe == (209,)
    assert policy_slugs(ERRORS, with_policies(errors=ErrorsPolicy(expose_details=True))) == []


def test_fastapi_http_exception_detail_is_a_response() -> None:
    code = """
    from fastapi import FastAPI, HTTPException
    app = FastAPI()

    @app.get("/x")
    def x():
        try:
            return compute()
        except KeyError as exc:
            raise HTTPException(status_code=500, detail=f"failed: {exc}")
    """
    no_details = with_policies(errors=ErrorsPolicy(expose_details=False))
    assert policy_slugs(code, no_details) == ["error-details-exposed"]


@pytest.mark.parametrize(
    ("code", "path", "found"),
    [
        ("from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n", "app.py", True),
        ("import os\nfrom flask import Flask\napp = Flask(__name__)\n"
         "app.run(debug=os.environ.get('DEBUG') == '1')\n", "app.py", False),
        ("from flask import Flask\napp = Flask(__name__)\napp.config['DEBUG'] = True\n",
         "app.py", True),
        ("from flask import Flask\napp = Flask(__name__)\napp.debug = True\n", "app.py", True),
        ("from fastapi import FastAPI\napp = FastAPI(debug=True)\n", "main.py", True),
        ("DEBUG = True\nINSTALLED_APPS = []\n", "project/settings.py", True),
        ("DEBUG = True\n", "tools/flags.py", False),
        ("from flask import Flask\napp = Flask(__name__)\nON = 1 > 2\napp.run(debug=ON)\n",
         "app.py", False),
    ],
)  # fmt: skip
def test_debug_mode_is_found_when_it_is_really_on(code: str, path: str, found: bool) -> None:
    no_details = with_policies(errors=ErrorsPolicy(expose_details=False))
    assert policy_slugs(code, no_details, path=path) == (["debug-mode"] if found else [])


CRYPTO = """
import hashlib, bcrypt
from Crypto.Cipher import AES

def store(password, salt):
    return hashlib.sha256(salt + password.encode()).hexdigest()

def store_well(password):
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt())

def etag(body):
    return hashlib.md5(body).hexdigest()

def cache_key(body):
    return hashlib.md5(body, usedforsecurity=False).hexdigest()

def seal(key, data):
    return AES.new(key, AES.MODE_ECB).encrypt(data)
"""


def test_password_hashing_must_use_an_allowed_scheme() -> None:
    strict = CryptoPolicy(password_hashing=("argon2", "bcrypt", "scrypt"), forbidden=("md5", "ecb"))
    findings = run_policy(CRYPTO, with_policies(crypto=strict)).findings
    assert [(f.rule_id.rsplit(".", 1)[-1], f.start_line) for f in findings] == [
        ("weak-password-hash", 6),
        ("forbidden-algorithm", 12),
        ("forbidden-algorithm", 18),
    ]
    assert findings[0].cwe == (916, 328)
    assert "hashed with sha256" in findings[0].message
    lenient = CryptoPolicy(password_hashing=("bcrypt", "sha256"), forbidden=("des",))
    assert policy_slugs(CRYPTO, with_policies(crypto=lenient)) == []


SECRETS = """
import os, psycopg2
API_KEY = "sk-live-4f9a8b7c6d5e4f3a"
DB_PASSWORD = os.environ["DB_PASSWORD"]
TOKEN_URL = "https://auth.example.com/oauth/token"
SECRET_KEY = "changeme"
PASSWORD_ENV = "DB_PASSWORD"
conn = psycopg2.connect(host="db", password="Tr0ub4dor-and-3")
STRIPE = os.getenv("STRIPE_TOKEN", "rk_live_51HxAbCdEf")
SETTINGS = {"client_secret": "9f8e7d6c5b4a3210", "name": "demo"}
"""


def test_literal_secrets_are_findings_when_secrets_must_come_from_elsewhere() -> None:
    from_env = with_policies(secrets=SecretsPolicy(source="environment"))
    findings = run_policy(SECRETS, from_env).findings
    assert [(f.start_line, f.snippet) for f in findings] == [
        (3, 'API_KEY = "***"'),
        (8, 'conn = psycopg2.connect(host="db", password="***")'),
        (9, 'STRIPE = os.getenv("STRIPE_TOKEN", "***")'),
        (10, 'SETTINGS = {"client_secret": "***", "name": "demo"}'),
    ]
    assert findings[0].cwe == (798,) and "environment variables" in findings[0].message
    assert policy_slugs(SECRETS, with_policies()) == []


def test_secrets_in_test_files_are_reported_at_low_severity() -> None:
    from_vault = with_policies(secrets=SecretsPolicy(source="vault"))
    [finding] = run_policy(
        'API_KEY = "sk-live-4f9a8b7c6d5e4f3a"\n', from_vault, path="tests/test_api.py"
    ).findings
    assert finding.severity.value == "low" and "a secrets vault" in finding.message


def test_logging_every_header_logs_the_authorization_header() -> None:
    code = """
    import logging
    from fastapi import FastAPI, Request
    app = FastAPI()
    log = logging.getLogger("access")

    @app.middleware("http")
    async def access_log(request: Request, call_next):
        log.info("agent=%s", request.headers.get("user-agent"))
        log.info("headers=%s", dict(request.headers))
        return await call_next(request)
    """
    findings = run_policy(code, forbid_logging("authorization")).findings
    assert [f.start_line for f in findings] == [10]
    assert "all of request.headers" in findings[0].message
    assert policy_slugs(code, forbid_logging("email")) == []


def test_http_error_descriptions_are_meant_for_clients() -> None:
    code = """
    from flask import Flask, jsonify
    from werkzeug.exceptions import HTTPException
    app = Flask(__name__)

    @app.errorhandler(HTTPException)
    def http_error(exc):
        return jsonify(error=exc.description), exc.code
    """
    no_details = with_policies(errors=ErrorsPolicy(expose_details=False))
    assert policy_slugs(code, no_details) == []
