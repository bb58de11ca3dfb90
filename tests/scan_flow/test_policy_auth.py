"""authentication.required: the same routes pass or fail depending on the threat model."""

from __future__ import annotations

import pytest

from app.core.findings import StageResult
from app.core.sources import source_from_text
from app.core.threat_model import AuthenticationPolicy, Policies, ThreatModel
from app.scan.base import StageContext
from app.scan.policy import PolicyStage
from app.scan.policy.auth import is_public
from tests.scan_flow import policy_slugs, run_policy


def model(*, required: bool = True, public: tuple[str, ...] = ("/health", "/login")) -> ThreatModel:
    policy = AuthenticationPolicy(required=required, public_paths=public)
    return ThreatModel("app", policies=Policies(authentication=policy))


FLASK = """
from flask import Flask, Blueprint, jsonify
from flask_login import login_required, current_user
app = Flask(__name__)

@app.route("/health")
def health():
    return "ok"

@app.route("/admin/users")
def users():
    return jsonify([])
"""


def test_an_unprotected_route_is_a_finding_only_when_the_policy_requires_login() -> None:
    result = run_policy(FLASK, model())
    [finding] = result.findings
    assert finding.rule_id == "airlock.policy.missing-authentication"
    assert finding.cwe == (306,) and finding.sources == ("policy:authentication",)
    assert finding.snippet == "def users():"
    assert "GET /admin/users" in finding.message
    assert "requires authentication outside /health, /login" in finding.message
    assert policy_slugs(FLASK, model(required=False)) == []
    assert policy_slugs(FLASK, ThreatModel("app")) == []
    assert policy_slugs(FLASK, None) == []


def test_a_route_listed_as_public_is_not_a_finding() -> None:
    assert policy_slugs(FLASK, model(public=("/health", "/admin/*"))) == []


@pytest.mark.parametrize(
    "decorator",
    ["@login_required", "@jwt_required()", "@auth.login_required", "@requires_auth",
     "@roles_required('admin')", "@permission_required('users.view')"],
)  # fmt: skip
def test_auth_decorators_protect_a_route(decorator: str) -> None:
    code = FLASK.replace('@app.route("/admin/users")', f'@app.route("/admin/users")\n{decorator}')
    assert policy_slugs(code, model()) == []


def test_a_check_in_the_body_or_a_before_request_hook_protects() -> None:
    in_body = FLASK.replace(
        "    return jsonify([])",
        "    if not current_user.is_authenticated:\n        abort(401)\n    return jsonify([])",
    )
    hook = FLASK + (
        "\n@app.before_request\ndef require_login():\n"
        "    if 'user_id' not in session:\n        return redirect('/login')\n"
    )
    assert policy_slugs(in_body, model()) == []
    assert policy_slugs(hook, model()) == []


def test_blueprint_prefixes_are_part_of_the_path() -> None:
    code = """
    from flask import Blueprint
    admin = Blueprint("admin", __name__, url_prefix="/admin")

    @admin.route("/stats")
    def stats():
        return "42"
    """
    [finding] = run_policy(code, model()).findings
    assert "/admin/stats" in finding.message
    assert policy_slugs(code, model(public=("/admin/*",))) == []


FASTAPI = """
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Security
app = FastAPI()

def get_db():
    return None

def get_current_user(token: str | None = None):
    if token is None:
        raise HTTPException(401)
    return token

@app.get("/items/{item_id}")
def item(item_id: int, db=Depends(get_db)):
    return {"id": item_id}
"""


def test_fastapi_routes_need_an_authentication_dependency() -> None:
    # The dependency rejects a caller without a token: judged by its body, not its name.
    assert policy_slugs(FASTAPI, model()) == ["missing-authentication"]
    protected = FASTAPI.replace("db=Depends(get_db)", "user=Depends(get_current_user)")
    assert policy_slugs(protected, model()) == []
    router = FASTAPI.replace(
        "app = FastAPI()", "app = FastAPI(dependencies=[Depends(get_current_user)])"
    )
    assert policy_slugs(router, model()) == []


def test_fastapi_path_parameters_under_a_public_path_are_public() -> None:
    assert policy_slugs(FASTAPI, model(public=("/items",))) == []
    assert is_public("/download/<token>", ("/download",))
    assert not is_public("/download/admin", ("/download",))
    assert is_public("/static/css/site.css", ("/static/*",))
    assert not is_public("/anything", ("/",))


DJANGO_VIEWS = """
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.views import View

def dashboard(request):
    return HttpResponse("numbers")

@login_required
def profile(request):
    return HttpResponse("me")

class Reports(LoginRequiredMixin, View):
    def get(self, request):
        return HttpResponse("reports")

class Export(View):
    def get(self, request):
        return HttpResponse("csv")
"""
DJANGO_URLS = """
from django.urls import path
from . import views
urlpatterns = [
    path("dashboard/", views.dashboard),
    path("profile/", views.profile),
    path("reports/", views.Reports.as_view()),
    path("export/", views.Export.as_view()),
]
"""


def _django(extra: dict[str, str] | None = None) -> StageResult:
    files = {"shop/views.py": DJANGO_VIEWS, "shop/urls.py": DJANGO_URLS, **(extra or {})}
    sources = [source_from_text(path, text) for path, text in files.items()]
    return PolicyStage().run(sources, StageContext(threat_model=model()))


def test_django_views_are_checked_with_their_urls_from_urls_py() -> None:
    findings = _django().findings
    assert [(f.file, f.snippet, f.message.split(" has ")[0]) for f in findings] == [
        ("shop/views.py", "def dashboard(request):", "/dashboard/"),
        ("shop/views.py", "def get(self, request):", "GET /export/"),
    ]


def test_django_login_middleware_protects_every_view() -> None:
    settings = 'MIDDLEWARE = ["django.contrib.auth.middleware.LoginRequiredMiddleware"]\n'
    assert _django({"shop/settings.py": settings}).findings == []


def test_drf_permission_classes_decide() -> None:
    code = """
    from rest_framework.views import APIView
    from rest_framework.permissions import AllowAny, IsAuthenticated

    class Orders(APIView):
        permission_classes = [IsAuthenticated]
        def get(self, request):
            return None

    class Open(APIView):
        permission_classes = [AllowAny]
        def get(self, request):
            return None
    """
    findings = run_policy(code, model()).findings
    assert len(findings) == 1 and "Open" in findings[0].message
