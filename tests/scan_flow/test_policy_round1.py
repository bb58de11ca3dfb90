"""Policy checks that judge guards, limits, redactors and responses by what their code does.

Each capability has a safe program and a vulnerable look-alike: a dependency or hook counts
as authentication only if its body rejects callers without credentials (a name proves
nothing), a hook that lets some paths through first does not protect those paths, a size or
type check counts only if failing it refuses the file, a redaction helper clears only the
keys its body masks, and exception text is followed into responses the events do not see.
"""

from __future__ import annotations

import textwrap

import pytest

from app.core.findings import StageResult
from app.core.sources import source_from_text
from app.core.threat_model import (
    AuthenticationPolicy,
    ErrorsPolicy,
    FileUploadPolicy,
    LoggingPolicy,
    Policies,
    ThreatModel,
)
from app.scan.base import StageContext
from app.scan.policy import PolicyStage
from tests.scan_flow import policy_slugs

AUTH = ThreatModel(
    "api",
    policies=Policies(
        authentication=AuthenticationPolicy(required=True, public_paths=("/health", "/login"))
    ),
)
UPLOAD = ThreatModel(
    "uploads",
    policies=Policies(
        file_upload=FileUploadPolicy(allowed_extensions=("png", "jpg", "pdf"), max_bytes=2 << 20)
    ),
)
LOGS = ThreatModel(
    "logs",
    policies=Policies(
        logging=LoggingPolicy(forbidden_fields=("password", "refresh_token", "authorization"))
    ),
)
ERRORS = ThreatModel("errors", policies=Policies(errors=ErrorsPolicy(expose_details=False)))


def run_files(files: dict[str, str], model: ThreatModel) -> StageResult:
    sources = [source_from_text(path, textwrap.dedent(text)) for path, text in files.items()]
    return PolicyStage().run(sources, StageContext(threat_model=model))


def file_slugs(files: dict[str, str], model: ThreatModel) -> list[str]:
    return [f.rule_id.rsplit(".", 1)[-1] for f in run_files(files, model).findings]


# -- authentication: FastAPI dependencies --------------------------------------------------

FASTAPI_DEPENDENCY = """
from typing import Annotated
from fastapi import Depends, FastAPI, HTTPException, status

app = FastAPI()

def _decode(token):
    return None

async def current_caller(token: str | None = None):
{body}

@app.get("/health")
async def health():
    return {{"ok": True}}

@app.get("/customers/{{customer_id}}")
async def customer(customer_id: int, caller: Annotated[dict, Depends(current_caller)]):
    return {{"id": customer_id}}
"""
RAISES_401 = """\
    if (caller := _decode(token)) is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "not authenticated")
    return caller"""
RETURNS_NONE = """\
    return _decode(token)"""


def test_a_dependency_protects_when_its_body_raises_401_without_credentials() -> None:
    safe = FASTAPI_DEPENDENCY.format(body=RAISES_401)
    assert policy_slugs(safe, AUTH) == []


@pytest.mark.parametrize("name", ["current_caller", "get_current_user", "require_login"])
def test_a_dependency_named_like_authentication_that_never_rejects_does_not_protect(
    name: str,
) -> None:
    hostile = FASTAPI_DEPENDENCY.format(body=RETURNS_NONE).replace("current_caller", name)
    assert policy_slugs(hostile, AUTH) == ["missing-authentication"]


def test_a_credentials_exception_kept_in_a_local_counts() -> None:
    body = """\
    credentials_error = HTTPException(status_code=401, detail="bad token")
    if token is None:
        raise credentials_error
    return token"""
    assert policy_slugs(FASTAPI_DEPENDENCY.format(body=body), AUTH) == []


def test_a_dependency_protects_through_the_dependency_it_depends_on() -> None:
    chain = (
        FASTAPI_DEPENDENCY.format(body=RAISES_401)
        .replace(
            '@app.get("/health")',
            "async def active_caller(caller=Depends(current_caller)):\n"
            '    return caller\n\n@app.get("/health")',
        )
        .replace("Depends(current_caller)]", "Depends(active_caller)]")
    )
    assert policy_slugs(chain, AUTH) == []


def test_a_type_alias_of_an_annotated_dependency_is_followed() -> None:
    code = (
        FASTAPI_DEPENDENCY.format(body=RAISES_401)
        .replace(
            "app = FastAPI()", "app = FastAPI()\nCaller = Annotated[dict, Depends(current_caller)]"
        )
        .replace("caller: Annotated[dict, Depends(current_caller)]", "caller: Caller")
    )
    assert policy_slugs(code, AUTH) == []
    hostile = code.replace(RAISES_401, RETURNS_NONE)
    assert policy_slugs(hostile, AUTH) == ["missing-authentication"]


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [("OAuth2PasswordBearer(tokenUrl='token')", []),
     ("HTTPBearer(auto_error=False)", ["missing-authentication"])],
)  # fmt: skip
def test_security_schemes_reject_unless_auto_error_is_off(scheme: str, expected: list[str]) -> None:
    code = f"""
    from fastapi import Depends, FastAPI
    from fastapi.security import HTTPBearer, OAuth2PasswordBearer
    app = FastAPI()
    scheme = {scheme}

    @app.get("/orders")
    def orders(token=Depends(scheme)):
        return []
    """
    assert policy_slugs(code, AUTH) == expected


def test_a_dependency_the_review_does_not_have_is_judged_by_its_name() -> None:
    code = """
    from typing import Annotated
    from fastapi import Depends, FastAPI
    from billing.auth import Caller, current_caller
    from billing.db import get_session
    app = FastAPI()

    @app.get("/reports")
    async def reports(caller: Annotated[Caller, Depends(current_caller)]):
        return []

    @app.get("/rates")
    async def rates(db=Depends(get_session)):
        return []
    """
    [finding] = [f for f in run_files({"app.py": code}, AUTH).findings]
    assert "/rates" in finding.message


@pytest.mark.parametrize("where", ["router", "include"])
def test_router_dependencies_registered_by_call_are_judged_by_body(where: str) -> None:
    router = "APIRouter(dependencies=[Depends(guard)])" if where == "router" else "APIRouter()"
    include = ", dependencies=[Depends(guard)]" if where == "include" else ""
    code = f"""
    from fastapi import APIRouter, Depends, FastAPI, HTTPException
    app = FastAPI()

    def guard(token: str | None = None):
        {{body}}

    router = {router}

    @router.get("/items")
    def items():
        return []

    app.include_router(router{include})
    """
    rejects = code.replace("{body}", "if not token:\n            raise HTTPException(403)")
    passes = code.replace("{body}", "return token")
    assert policy_slugs(rejects, AUTH) == []
    assert policy_slugs(passes, AUTH) == ["missing-authentication"]


# -- authentication: Flask hooks -------------------------------------------------------------

BLUEPRINT = """
from flask import Blueprint, flash, g, redirect, url_for
bp = Blueprint("admin", __name__, url_prefix="/admin")

def require_staff():
    if g.get("user") is None:
        flash("Please sign in.")
{reject}
bp.before_request(require_staff)

@bp.get("/partners")
def partners():
    return "list"
"""


def test_a_before_request_hook_registered_by_call_protects_when_it_redirects_to_login() -> None:
    safe = BLUEPRINT.format(reject="        return redirect(url_for('auth.login'))\n")
    assert policy_slugs(safe, AUTH) == []


def test_a_hook_that_only_flashes_a_message_protects_nothing() -> None:
    assert policy_slugs(BLUEPRINT.format(reject=""), AUTH) == ["missing-authentication"]


def test_a_hook_defined_in_another_reviewed_file_is_judged_by_its_body() -> None:
    guard = """
    from flask import abort, g

    def require_staff():
        if g.get("user") is None:
            {reject}
    """
    admin = """
    from flask import Blueprint
    from .auth import require_staff
    bp = Blueprint("admin", __name__, url_prefix="/admin")
    bp.before_request(require_staff)

    @bp.get("/export")
    def export():
        return "csv"
    """
    safe = {"portal/auth.py": guard.format(reject="abort(401)"), "portal/admin.py": admin}
    vulnerable = {"portal/auth.py": guard.format(reject="pass"), "portal/admin.py": admin}
    assert file_slugs(safe, AUTH) == []
    assert file_slugs(vulnerable, AUTH) == ["missing-authentication"]


def test_paths_a_hook_lets_through_first_are_not_protected_by_it() -> None:
    code = """
    from flask import Flask, abort, request, session
    app = Flask(__name__)
    OPEN = ("login", "health", "{extra}")

    @app.before_request
    def require_login():
        if request.endpoint in OPEN:
            return None
        if "user_id" not in session:
            abort(401)

    @app.get("/health")
    def health():
        return "ok"

    @app.get("/login")
    def login():
        return "form"

    @app.get("/billing")
    def billing():
        return "invoices"
    """
    assert policy_slugs(code.format(extra="static"), AUTH) == []
    [finding] = run_files({"app.py": code.format(extra="billing")}, AUTH).findings
    assert "/billing" in finding.message


# -- authentication: middleware ----------------------------------------------------------

AIOHTTP = """
from aiohttp import web
PUBLIC = ("/", "/login", "/health")

def is_public(path):
    return any({test} for p in PUBLIC)

@web.middleware
async def member_session(request, handler):
    if is_public(request.path):
        return await handler(request)
    if request.get("member") is None:
        raise web.HTTPUnauthorized()
    return await handler(request)

routes = web.RouteTableDef()

@routes.get("/members/search")
async def search(request):
    return web.json_response([])

def build():
    app = web.Application(middlewares=[member_session])
    app.add_routes(routes)
    return app
"""


def test_middleware_is_evaluated_with_each_route_path() -> None:
    exact = AIOHTTP.format(test='path == p or (p != "/" and path.startswith(p + "/"))')
    prefix = AIOHTTP.format(test="path.startswith(p)")  # "/" is a prefix of every path
    assert policy_slugs(exact, AUTH) == []
    assert policy_slugs(prefix, AUTH) == ["missing-authentication"]


def test_middleware_registered_in_another_file_covers_the_routes_it_mounts() -> None:
    init = """
    from aiohttp import web
    from .handlers import routes

    @web.middleware
    async def require_member(request, handler):
        if request.path in {"/health", "/login"}:
            return await handler(request)
        if request.get("member") is None:
            {reject}
        return await handler(request)

    def create_app():
        app = web.Application()
        app.middlewares.append(require_member)
        app.add_routes(routes)
        return app
    """
    handlers = """
    from aiohttp import web
    routes = web.RouteTableDef()

    @routes.post("/albums/{album_id}/photos")
    async def upload(request):
        return web.json_response({})
    """
    rejects = init.replace("{reject}", "raise web.HTTPUnauthorized()")
    safe = {"gallery/__init__.py": rejects, "gallery/handlers.py": handlers}
    vulnerable = {
        "gallery/__init__.py": init.replace("{reject}", "pass"),
        "gallery/handlers.py": handlers,
    }
    assert file_slugs(safe, AUTH) == []
    assert file_slugs(vulnerable, AUTH) == ["missing-authentication"]


def test_starlette_http_middleware_returning_401_protects() -> None:
    code = """
    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse
    app = FastAPI()

    @app.middleware("http")
    async def bearer_only(request: Request, call_next):
        if request.url.path == "/health":
            return await call_next(request)
        if "authorization" not in request.headers:
            return JSONResponse({{"detail": "sign in"}}, status_code={code})
        return await call_next(request)

    @app.get("/health")
    def health():
        return {{}}

    @app.get("/accounts")
    def accounts():
        return []
    """
    assert policy_slugs(code.format(code=401), AUTH) == []
    assert policy_slugs(code.format(code=200), AUTH) == ["missing-authentication"]


# -- authentication: decorators, Django and DRF ---------------------------------------------


def test_a_view_decorator_defined_in_the_review_is_judged_by_its_wrapper() -> None:
    code = """
    from functools import wraps
    from flask import Flask, redirect, session
    app = Flask(__name__)

    def login_required(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            {check}
            return view(*args, **kwargs)
        return wrapper

    @app.get("/settings")
    @login_required
    def settings():
        return "settings"
    """
    rejects = code.format(
        check="if 'uid' not in session:\n                return redirect('/login')"
    )
    passes = code.format(check="session.permanent = True")
    assert policy_slugs(rejects, AUTH) == []
    assert policy_slugs(passes, AUTH) == ["missing-authentication"]


DRF = """
from django.urls import include, path
from rest_framework import permissions, routers, viewsets

class IsClerk(permissions.BasePermission):
    def has_permission(self, request, view):
{body}

class PayslipViewSet(viewsets.ModelViewSet):
    permission_classes = [IsClerk]

router = routers.DefaultRouter()
router.register("payslips", PayslipViewSet)
urlpatterns = [path("api/", include(router.urls))]
"""


def test_a_drf_permission_that_requires_the_user_protects_a_viewset() -> None:
    body = "        return bool(request.user and request.user.is_authenticated)"
    assert policy_slugs(DRF.format(body=body), AUTH) == []


def test_a_drf_permission_that_lets_reads_through_does_not() -> None:
    body = (
        "        if request.method in permissions.SAFE_METHODS:\n            return True\n"
        "        return request.user.is_authenticated"
    )
    [finding] = run_files({"payroll.py": DRF.format(body=body)}, AUTH).findings
    assert "/api/payslips/" in finding.message


def test_get_permissions_and_action_permissions_replace_the_class_permissions() -> None:
    code = """
    from rest_framework import permissions, viewsets
    from rest_framework.decorators import action

    class VendorViewSet(viewsets.ModelViewSet):
        permission_classes = [permissions.IsAuthenticated]

        def get_permissions(self):
            if self.action == "list":
                return [permissions.{read}()]
            return [permissions.IsAuthenticated()]
    """
    code = textwrap.dedent(code)
    assert policy_slugs(code.format(read="IsAuthenticated"), AUTH) == []
    routed = code.format(read="AllowAny") + (
        "\nfrom rest_framework import routers\nrouter = routers.SimpleRouter()\n"
        'router.register("vendors", VendorViewSet)\n'
    )
    assert policy_slugs(routed, AUTH) == ["missing-authentication"]
    action = code.format(read="IsAuthenticated") + (
        "\n    @action(detail=False, permission_classes=[permissions.AllowAny])\n"
        "    def export(self, request):\n        return None\n"
    )
    assert policy_slugs(action, AUTH) == ["missing-authentication"]


def test_a_django_mixin_defined_in_the_review_is_judged_by_its_dispatch() -> None:
    code = """
    from django.core.exceptions import PermissionDenied
    from django.http import HttpResponse
    from django.views import View

    class StaffOnlyMixin:
        def dispatch(self, request, *args, **kwargs):
            {check}
            return super().dispatch(request, *args, **kwargs)

    class Reports(StaffOnlyMixin, View):
        def get(self, request):
            return HttpResponse("numbers")
    """
    urls = (
        "from django.urls import path\nfrom . import views\n"
        'urlpatterns = [path("reports/", views.Reports.as_view())]\n'
    )
    rejects = code.format(
        check="if not request.user.is_staff:\n                raise PermissionDenied"
    )
    passes = code.format(check="request.seen = True")
    assert file_slugs({"shop/views.py": rejects, "shop/urls.py": urls}, AUTH) == []
    assert file_slugs({"shop/views.py": passes, "shop/urls.py": urls}, AUTH) == [
        "missing-authentication"
    ]


# -- uploads: size -----------------------------------------------------------------------

FASTAPI_UPLOAD = """
import uuid
from fastapi import FastAPI, HTTPException, UploadFile
app = FastAPI()
ALLOWED = {{".png": "image/png", ".pdf": "application/pdf"}}
LIMIT = 2 * 1024 * 1024

@app.post("/files")
async def store(file: UploadFile):
    suffix = "." + (file.filename or "").rsplit(".", 1)[-1].lower()
    if suffix not in ALLOWED:
        raise HTTPException(415)
{read}
    with open(f"/srv/files/{{uuid.uuid4().hex}}{{suffix}}", "xb") as out:
        out.write(data)
"""


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("    data = await file.read(LIMIT + 1)\n    if len(data) > LIMIT:\n"
         "        raise HTTPException(413)", []),
        ("    data = await file.read()", ["upload-unlimited-size"]),
    ],
)  # fmt: skip
def test_reading_at_most_n_bytes_and_comparing_bounds_the_size(
    read: str, expected: list[str]
) -> None:
    assert policy_slugs(FASTAPI_UPLOAD.format(read=read), UPLOAD) == expected


def test_reading_fixed_chunks_in_a_loop_bounds_nothing_without_a_counter() -> None:
    counted = """\
    data = b""
    while chunk := await file.read(65536):
        data += chunk
        if len(data) > LIMIT:
            raise HTTPException(413)"""
    uncounted = """\
    data = b""
    while chunk := await file.read(65536):
        data += chunk"""
    assert policy_slugs(FASTAPI_UPLOAD.format(read=counted), UPLOAD) == []
    assert policy_slugs(FASTAPI_UPLOAD.format(read=uncounted), UPLOAD) == ["upload-unlimited-size"]


AIOHTTP_UPLOAD = {
    "gallery/handlers.py": """
    from pathlib import PurePath
    from aiohttp import web
    from .storage import MediaStore
    routes = web.RouteTableDef()
    PHOTO_TYPES = {"png": "image/png", "jpg": "image/jpeg"}

    @routes.post("/photos")
    async def upload(request):
        reader = await request.multipart()
        part = await reader.next()
        ext = PurePath(part.filename).suffix.lower().lstrip(".")
        if ext not in PHOTO_TYPES:
            raise web.HTTPUnsupportedMediaType()
        store: MediaStore = request.app["media"]
        await store.save_stream(part, ext)
        return web.json_response({}, status=201)
    """,
    "gallery/storage.py": """
    import uuid

    class MediaStore:
        max_bytes = 8 * 1024 * 1024

        async def save_stream(self, part, ext):
            written = 0
            with open(f"/srv/media/{uuid.uuid4().hex}.{ext}", "xb") as out:
                while chunk := await part.read_chunk(65536):
                    written += len(chunk)
                    {check}
                    out.write(chunk)
    """,
}


def test_a_streaming_counter_in_a_reviewed_storage_helper_bounds_the_size() -> None:
    limited = dict(AIOHTTP_UPLOAD)
    limited["gallery/storage.py"] = limited["gallery/storage.py"].replace(
        "{check}", "if written > self.max_bytes:\n                        raise ValueError('big')"
    )
    unlimited = dict(AIOHTTP_UPLOAD)
    unlimited["gallery/storage.py"] = unlimited["gallery/storage.py"].replace("{check}", "pass")
    assert file_slugs(limited, UPLOAD) == []
    assert file_slugs(unlimited, UPLOAD) == ["upload-unlimited-size"]


WSGI_UPLOAD = """
import os
import uuid
MAX_BYTES = 2 * 1024 * 1024
TYPES = {{"application/pdf": "pdf", "image/png": "png"}}

def application(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
{length_checks}
    content_type = environ.get("CONTENT_TYPE", "")
    if content_type not in TYPES:
        start_response("415 Unsupported Media Type", [])
        return [b""]
    extension = {extension}
    body = environ["wsgi.input"].read(length)
    with open(os.path.join("/srv/intake", f"{{uuid.uuid4().hex}}.{{extension}}"), "xb") as out:
        out.write(body)
    start_response("201 Created", [])
    return [b""]
"""
REQUIRED_LENGTH = """\
    if length <= 0 or length > MAX_BYTES:
        start_response("413 Content Too Large", [])
        return [b""]"""


def test_a_wsgi_upload_with_a_content_length_limit_and_a_server_chosen_extension() -> None:
    safe = WSGI_UPLOAD.format(length_checks=REQUIRED_LENGTH, extension="TYPES[content_type]")
    assert policy_slugs(safe, UPLOAD) == []


def test_a_wsgi_upload_reading_content_length_bytes_without_a_limit() -> None:
    unlimited = WSGI_UPLOAD.format(length_checks="", extension="TYPES[content_type]")
    assert policy_slugs(unlimited, UPLOAD) == ["upload-unlimited-size"]


def test_an_extension_from_a_client_header_the_type_check_never_looked_at() -> None:
    client = 'environ.get("HTTP_X_FILE_NAME", "a").rsplit(".", 1)[-1]'
    code = WSGI_UPLOAD.format(length_checks=REQUIRED_LENGTH, extension=client)
    assert policy_slugs(code, UPLOAD) == ["upload-stored-type-unchecked"]


def test_a_content_length_check_skipped_when_the_header_is_absent_bounds_nothing() -> None:
    code = """
    import uuid
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    MAX = 2 * 1024 * 1024
    TYPES = {"png": "png", "jpg": "jpeg"}

    async def upload(request: Request):
        declared = request.headers.get("content-length")
        {guard}
            if int(declared) > MAX:
                return JSONResponse({}, status_code=413)
        async with request.form() as form:
            photo = form["photo"]
            ext = photo.filename.rsplit(".", 1)[-1].lower()
            if (kind := TYPES.get(ext)) is None:
                return JSONResponse({}, status_code=415)
            with open(f"/srv/photos/{uuid.uuid4().hex}.{kind}", "xb") as out:
                while chunk := await photo.read(65536):
                    out.write(chunk)
        return JSONResponse({}, status_code=201)
    """
    optional = code.replace("{guard}", "if declared is not None:")
    required = code.replace(
        "{guard}",
        "if declared is None:\n            return JSONResponse({}, status_code=411)\n"
        "        if True:",
    )
    assert policy_slugs(optional, UPLOAD) == ["upload-unlimited-size"]
    assert policy_slugs(required, UPLOAD) == []


def test_max_content_length_from_a_constant_of_another_reviewed_module() -> None:
    files = {
        "claims/validators.py": "MAX_BYTES = 2 * 1024 * 1024\n",
        "claims/app.py": """
        import uuid
        from flask import Flask, abort, request
        from .validators import MAX_BYTES
        app = Flask(__name__)
        app.config["MAX_CONTENT_LENGTH"] = MAX_BYTES

        @app.post("/claims")
        def claim():
            f = request.files["file"]
            if not f.filename.lower().endswith((".pdf", ".png")):
                abort(415)
            f.save(f"/srv/claims/{uuid.uuid4().hex}.pdf")
            return "ok"
        """,
    }
    assert file_slugs(files, UPLOAD) == []
    files["claims/validators.py"] = "MAX_BYTES = 64 * 1024 * 1024\n"
    assert file_slugs(files, UPLOAD) == ["upload-limit-above-policy"]


# -- uploads: type -----------------------------------------------------------------------

FLASK_UPLOAD = """
import imghdr
import os
import uuid
from flask import Flask, abort, request
app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
ALLOWED = {allowed}

@app.post("/avatar")
def avatar():
    f = request.files["avatar"]
{check}
    f.save(os.path.join("/srv/avatars", uuid.uuid4().hex + ".png"))
    return "ok"
"""


@pytest.mark.parametrize(
    "check",
    [
        "    ext = os.path.splitext(f.filename)[1].lower().lstrip('.')\n"
        "    if ext not in ALLOWED:\n        abort(415)",
        "    if ALLOWED.get(f.filename.rsplit('.', 1)[-1].lower()) is None:\n        abort(415)",
        "    if imghdr.what(f.stream) not in ('png', 'jpeg'):\n        abort(415)",
    ],
)
def test_allow_lists_through_dicts_sets_and_content_sniffing(check: str) -> None:
    for allowed in ('{"png": 1, "jpg": 2}', '{"png", "jpg"}', '("png", "jpg")'):
        code = FLASK_UPLOAD.format(allowed=allowed, check=check)
        assert policy_slugs(code, UPLOAD) == [], (allowed, check)


def test_a_type_check_that_only_logs_is_no_check() -> None:
    only_logs = (
        "    ext = os.path.splitext(f.filename)[1].lower().lstrip('.')\n"
        "    if ext not in ALLOWED:\n        app.logger.warning('odd type %s', ext)"
    )
    code = FLASK_UPLOAD.format(allowed='{"png"}', check=only_logs)
    assert policy_slugs(code, UPLOAD) == ["upload-unchecked-type"]


def test_checking_the_first_extension_and_storing_the_last_one() -> None:
    code = """
    import os
    import uuid
    from django.http import JsonResponse
    from django.views import View
    ALLOWED = {"png", "jpg"}

    def image_kind(filename):
        return filename{extract}.lower()

    class Upload(View):
        def post(self, request):
            upload = request.FILES["image"]
            if upload.size > 1024 * 1024:
                return JsonResponse({}, status=413)
            name = os.path.basename(upload.name)
            if image_kind(name) not in ALLOWED:
                return JsonResponse({}, status=415)
            _, ext = os.path.splitext(name)
            with open(f"/srv/media/{uuid.uuid4().hex}{ext}", "wb") as out:
                out.write(upload.read())
            return JsonResponse({}, status=201)
    """
    first = code.replace("{extract}", '.split(".")[1]')
    last = code.replace("{extract}", '.rsplit(".", 1)[-1]')
    assert policy_slugs(first, UPLOAD) == ["upload-stored-type-unchecked"]
    assert policy_slugs(last, UPLOAD) == []


def test_a_reviewed_helper_whose_verdict_the_view_acts_on_checks_type_and_size() -> None:
    code = """
    import os
    import uuid
    from pathlib import PurePosixPath
    from django.http import HttpResponseBadRequest, JsonResponse
    from django.views import View
    SUFFIXES = (".pdf", ".png")

    def acceptable(upload):
        if not 0 < upload.size <= 2 * 1024 * 1024:
            return False
        return PurePosixPath(upload.name).suffix.lower() in SUFFIXES

    class Results(View):
        def post(self, request):
            upload = request.FILES.get("result")
            {call}
            suffix = PurePosixPath(os.path.basename(upload.name)).suffix.lower()
            with open(f"/srv/results/{uuid.uuid4().hex}{suffix}", "xb") as out:
                out.write(upload.read())
            return JsonResponse({}, status=201)
    """
    acted_on = code.replace(
        "{call}", "if not acceptable(upload):\n                return HttpResponseBadRequest()"
    )
    ignored = code.replace("{call}", "acceptable(upload)")
    assert policy_slugs(acted_on, UPLOAD) == []
    assert set(policy_slugs(ignored, UPLOAD)) == {"upload-unchecked-type", "upload-unlimited-size"}


# -- logging ---------------------------------------------------------------------------------

REDACT = """
import logging
log = logging.getLogger(__name__)
MARKERS = {markers}

def _redact(data):
    return {{k: "***" if any(m in k.lower() for m in MARKERS) else v for k, v in data.items()}}

def call(api_key, body):
    headers = {{"Authorization": f"Bearer {{api_key}}", "Accept": "application/json"}}
    log.debug("headers=%s", _redact(headers))
"""


def test_a_redaction_helper_clears_only_the_keys_its_body_masks() -> None:
    covering = REDACT.format(markers='("authorization", "token")')
    partial = REDACT.format(markers='("cookie", "csrf")')
    assert policy_slugs(covering, LOGS) == []
    assert policy_slugs(partial, LOGS) == ["sensitive-data-logged"]


def test_a_redaction_helper_named_redact_whose_body_masks_nothing_clears_nothing() -> None:
    code = REDACT.format(markers="()").replace(
        'return {k: "***" if any(m in k.lower() for m in MARKERS) else v for k, v in data.items()}',
        "return dict(data)",
    )
    assert policy_slugs(code, LOGS) == ["sensitive-data-logged"]


MODEL_DUMP = {
    "api/logutil.py": """
    SENSITIVE = frozenset({"password", "refresh_token"})

    def mask_secrets(data):
        masked = {}
        for key, value in data.items():
            if key.lower() in SENSITIVE:
                masked[key] = "[redacted]"
            else:
                masked[key] = value
        return masked
    """,
    "api/routes.py": """
    import logging
    from fastapi import APIRouter
    from pydantic import BaseModel
    from .logutil import mask_secrets
    log = logging.getLogger(__name__)
    router = APIRouter()

    class RefreshRequest(BaseModel):
        refresh_token: str
        client_id: str

    @router.post("/auth/refresh")
    async def refresh(body: RefreshRequest):
        details = body.model_dump()
        {log}
        return {{}}
    """,
}


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        ('log.info("refresh %s", mask_secrets(details))', []),
        (
            'mask_secrets(details)\n        log.info("refresh %s", details)',
            ["sensitive-data-logged"],
        ),
        ('log.info("refresh %s", details)', ["sensitive-data-logged"]),
        ('log.info("refresh for %s", body.client_id)', []),
        ('log.info("refresh %s", body.model_dump(exclude={"refresh_token"}))', []),
    ],
)
def test_a_dumped_model_carries_its_forbidden_fields(log: str, expected: list[str]) -> None:
    files = dict(MODEL_DUMP)
    files["api/routes.py"] = files["api/routes.py"].format(log=log)
    assert file_slugs(files, LOGS) == expected


def test_a_form_merged_into_a_logged_dict_carries_its_password_field() -> None:
    code = """
    import logging
    from flask_wtf import FlaskForm
    from wtforms import PasswordField, StringField
    log = logging.getLogger(__name__)

    class LoginForm(FlaskForm):
        username = StringField("Username")
        password = PasswordField("Password")

    def login():
        form = LoginForm()
        attempt = {"ip": "1.2.3.4"}
        attempt.update(form.data)
        log.warning("failed sign-in %s", attempt)
    """
    assert policy_slugs(code, LOGS) == ["sensitive-data-logged"]
    merged_name = code.replace("attempt.update(form.data)", 'attempt["user"] = form.username.data')
    assert policy_slugs(merged_name, LOGS) == []


def test_a_reviewed_logging_helper_of_another_file_and_the_keys_it_misses() -> None:
    logsafe = """
    import logging
    audit_log = logging.getLogger("audit")
    KEYS = frozenset({keys})

    def scrub(fields):
        clean = {{}}
        for key, value in fields.items():
            if key.lower() in KEYS:
                clean[key] = "[redacted]"
            else:
                clean[key] = value
        return clean

    def audit(event, fields):
        audit_log.info("%s %s", event, scrub(fields))
    """
    handler = """
    from .logsafe import audit

    def login(environ, form):
        audit("login", form)
        return form.get("username"), form.get("password")
    """
    missing = {"shop/logsafe.py": logsafe.format(keys='{"pass", "pwd"}'), "shop/wsgi.py": handler}
    covered = {"shop/logsafe.py": logsafe.format(keys='{"password"}'), "shop/wsgi.py": handler}
    assert file_slugs(missing, LOGS) == ["sensitive-data-logged"]
    assert file_slugs(covered, LOGS) == []


# -- error details ---------------------------------------------------------------------------

HTTP_SERVER = """
import json
import logging
import traceback
from http.server import BaseHTTPRequestHandler
log = logging.getLogger(__name__)

class BadInput(Exception):
    pass

def _client_message(exc):
    return {message}

class Handler(BaseHTTPRequestHandler):
    def _send_json(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        try:
            self._send_json(200, {{"ok": True}})
        except BadInput as exc:
            self._send_json(400, {{"error": str(exc)}})
        except Exception as exc:
            log.exception("failed")
{response}
"""


@pytest.mark.parametrize(
    ("response", "message", "expected"),
    [
        ("            self.send_error(500, 'Report failed')", "'x'", []),
        ("            self.send_error(500, 'Report failed', traceback.format_exc())", "'x'",
         ["error-details-exposed"]),
        ("            self._send_json(500, {'error': _client_message(exc)})",
         "type(exc).__name__", []),
        ("            self._send_json(500, {'error': _client_message(exc)})",
         'f"{type(exc).__name__}: {exc}"', ["error-details-exposed"]),
        ("            self.wfile.write(traceback.format_exc().encode())", "'x'",
         ["error-details-exposed"]),
    ],
)  # fmt: skip
def test_exception_text_in_http_server_responses(
    response: str, message: str, expected: list[str]
) -> None:
    code = HTTP_SERVER.format(response=response, message=message)
    assert policy_slugs(code, ERRORS) == expected


def test_details_behind_a_server_switch_are_a_setting_behind_a_client_switch_a_finding() -> None:
    code = """
    import traceback
    from aiohttp import web

    def _wants_details(request):
        return {switch}

    @web.middleware
    async def errors(request, handler):
        try:
            return await handler(request)
        except Exception as exc:
            body = {{"error": "internal error"}}
            if _wants_details(request):
                body["traceback"] = traceback.format_exception(exc)
            return web.json_response(body, status=500)
    """
    server = code.format(switch='request.app["settings"].expose_errors')
    client = code.format(switch='request.headers.get("X-Debug-Errors") == "1"')
    assert policy_slugs(server, ERRORS) == []
    assert policy_slugs(client, ERRORS) == ["error-details-exposed"]


def test_a_wsgi_application_returning_exception_text() -> None:
    code = """
    def application(environ, start_response):
        try:
            body = b"ok"
        except Exception as exc:
            start_response("500 Internal Server Error", [])
            return [{body}]
        start_response("200 OK", [])
        return [body]
    """
    assert policy_slugs(code.format(body="str(exc).encode()"), ERRORS) == ["error-details-exposed"]
    assert policy_slugs(code.format(body='b"internal error"'), ERRORS) == []


def test_an_aiohttp_error_handler_sending_its_exception_text() -> None:
    code = """
    from aiohttp import web
    from fastapi import FastAPI, Request
    app = FastAPI()

    @app.exception_handler(Exception)
    async def unhandled(request: Request, exc: Exception):
        return web.json_response({"error": {text}}, status=500)
    """
    assert policy_slugs(code.replace("{text}", "str(exc)"), ERRORS) == ["error-details-exposed"]
    assert policy_slugs(code.replace("{text}", "type(exc).__name__"), ERRORS) == []
