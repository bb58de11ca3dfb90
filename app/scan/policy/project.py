"""Facts gathered across all reviewed files before the per-file checks run.

Django keeps URLs in urls.py and global switches in settings.py; Flask apps often set
MAX_CONTENT_LENGTH in a config module. A route in views.py is judged with these.
"""

from __future__ import annotations

import ast

from app.scan.policy.auth import cross_file_guards
from app.scan.policy.common import PolicyFile, ProjectFacts
from app.scan.policy.upload import limit_settings
from app.scan.python_flow.routes import dotted

_URL_FUNCTIONS = frozenset({"path", "re_path", "url"})
_LOGIN_MIDDLEWARE = "LoginRequiredMiddleware"


def _view_name(node: ast.expr) -> str | None:
    """`views.search` -> "search"; `SearchView.as_view()` -> "SearchView"."""
    func = node.func if isinstance(node, ast.Call) else None
    if isinstance(func, ast.Attribute) and func.attr == "as_view":
        return dotted(func.value).rsplit(".", 1)[-1] or None
    name = dotted(node)
    return name.rsplit(".", 1)[-1] if name else None


def _url_path(node: ast.expr) -> str | None:
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return None
    return "/" + node.value.strip("^$").lstrip("/")


def _django_urls(tree: ast.Module, into: dict[str, list[str]], text: str) -> None:
    if not any(word in text for word in ("path(", "url(", "register(")):
        return
    included = _router_includes(tree) if "include(" in text else {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and len(node.args) >= 2):
            continue
        function = dotted(node.func).rsplit(".", 1)[-1]
        if function == "register" and isinstance(node.func, ast.Attribute):
            _router_registration(node, included, into)
            continue
        if function not in _URL_FUNCTIONS:
            continue
        path, view = _url_path(node.args[0]), _view_name(node.args[1])
        if path is not None and view is not None:
            into.setdefault(view, []).append(path)


def _router_includes(tree: ast.Module) -> dict[str, list[str]]:
    """DRF routers mounted in this file: `path("api/", include(router.urls))` -> {"router":
    ["/api/"]}."""
    found: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and len(node.args) >= 2):
            continue
        if dotted(node.func).rsplit(".", 1)[-1] not in _URL_FUNCTIONS:
            continue
        mounted = node.args[1]
        if isinstance(mounted, ast.Call) and dotted(mounted.func).rsplit(".", 1)[-1] == "include":
            target = dotted(mounted.args[0]) if mounted.args else ""
            path = _url_path(node.args[0])
            if target.endswith(".urls") and path is not None:
                found.setdefault(target.removesuffix(".urls"), []).append(path)
    return found


def _router_registration(
    call: ast.Call, included: dict[str, list[str]], into: dict[str, list[str]]
) -> None:
    """`router.register("admin/payslips", PayslipViewSet)`: the ViewSet's URLs, below where
    the router is included (or at the root when that is not in this file)."""
    assert isinstance(call.func, ast.Attribute)
    prefix = _url_path(call.args[0])
    view = dotted(call.args[1]).rsplit(".", 1)[-1]
    if prefix is None or not view:
        return
    mounts = included.get(dotted(call.func.value), ["/"])
    for mount in mounts:
        into.setdefault(view, []).append(mount.rstrip("/") + prefix + "/")


def _settings(file: PolicyFile, facts: ProjectFacts) -> None:
    env = file.analysis.module_env
    middleware = env.get("MIDDLEWARE")
    if middleware is not None and isinstance(middleware.const, tuple):
        facts.login_middleware |= any(_LOGIN_MIDDLEWARE in str(m) for m in middleware.const)
    framework = env.get("REST_FRAMEWORK")
    defaults = framework.key("DEFAULT_PERMISSION_CLASSES") if framework is not None else None
    if defaults is not None and isinstance(defaults.const, tuple):
        names = [str(c).rsplit(".", 1)[-1] for c in defaults.const]
        facts.drf_authenticated_default |= bool(names) and "AllowAny" not in names


def contribute(file: PolicyFile, facts: ProjectFacts) -> None:
    """Add what `file` tells about the whole project."""
    _django_urls(file.analysis.tree, facts.django_paths, file.source.text)
    _settings(file, facts)
    facts.upload_limits.extend(limit for limit, _node in limit_settings(file))
    facts.app_guards.extend(cross_file_guards(file))
