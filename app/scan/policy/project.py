"""Facts gathered across all reviewed files before the per-file checks run.

Django keeps URLs in urls.py and global switches in settings.py; Flask apps often set
MAX_CONTENT_LENGTH in a config module. A route in views.py is judged with these.
"""

from __future__ import annotations

import ast

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


def _django_urls(tree: ast.Module, into: dict[str, list[str]]) -> None:
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and len(node.args) >= 2):
            continue
        if dotted(node.func).rsplit(".", 1)[-1] not in _URL_FUNCTIONS:
            continue
        path, view = _url_path(node.args[0]), _view_name(node.args[1])
        if path is not None and view is not None:
            into.setdefault(view, []).append(path)


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
    _django_urls(file.analysis.tree, facts.django_paths)
    _settings(file, facts)
    facts.upload_limits.extend(limit for limit, _node in limit_settings(file))
