"""Which functions are entry points: web routes (Flask, FastAPI, Django) and CLI commands.

Found from the code's shape (decorators, parameter names, base classes, imports), not by
running it. Route facts feed two consumers: the interpreter (which parameters carry request
data) and the policy checks (which paths must be authenticated, which handlers upload).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

WEB_PACKAGES = frozenset(
    {"flask", "quart", "django", "rest_framework", "fastapi", "starlette", "werkzeug",
     "aiohttp", "bottle", "tornado", "sanic", "falcon", "pyramid"}
)  # fmt: skip
_ROUTE_ATTRS = frozenset(
    {"route", "get", "post", "put", "delete", "patch", "head", "options", "api_route",
     "websocket"}
)  # fmt: skip
_VIEW_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "dispatch", "list", "create",
     "retrieve", "update", "partial_update", "destroy"}
)  # fmt: skip
_HTTP_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
_DJANGO_VIEW_DECORATORS = frozenset(
    {"api_view", "require_http_methods", "require_GET", "require_POST", "require_safe",
     "csrf_exempt", "login_required", "permission_required"}
)  # fmt: skip
FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
_ERROR_HANDLERS = frozenset({"errorhandler", "app_errorhandler", "exception_handler"})
_RULE_PARAM = re.compile(r"<(\w+)(?:\([^)]*\))?(?::(\w+)[^>]*)?>")
_CONVERTERS = frozenset({"int", "float", "uuid", "path", "string", "any", "re"})
# Frameworks whose route decorators are plain functions: `@route("/x")`, `@get("/x")`.
_BARE_ROUTE_PACKAGES = frozenset({"bottle"})


@dataclass(frozen=True)
class Route:
    """An entry point: how it is reached and what its decorators say."""

    framework: str  # flask | fastapi | django | cli | errors (an error handler)
    paths: tuple[str, ...]
    methods: tuple[str, ...]
    decorators: tuple[str, ...]
    html: bool  # a returned string is sent as HTML
    router: str  # the app/blueprint/router object name in `@router.get(...)`, or ""

    def converters(self) -> dict[str, str]:
        """Rule parameters and their converters: {"user_id": "int", "name": ""}, from Flask's
        `<int:user_id>` and Bottle's `<user_id:int>` alike."""
        found: dict[str, str] = {}
        for path in self.paths:
            for first, second in _RULE_PARAM.findall(path):
                if second and first not in _CONVERTERS and second in _CONVERTERS:
                    found[first] = second  # Bottle: <name:filter>
                elif second:
                    found[second] = first
                else:
                    found[first] = ""
        return found


def dotted(node: ast.expr) -> str:
    """`a.b.c` for a name or attribute chain (a call counts as its callee), else ""."""
    if isinstance(node, ast.Call):
        return dotted(node.func)
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else ""
    return ""


def imported_packages(node: ast.AST) -> frozenset[str]:
    """Top-level packages imported by `node`'s import statements (`from flask import x`)."""
    found: set[str] = set()
    for child in ast.walk(node) if not isinstance(node, ast.Import | ast.ImportFrom) else [node]:
        if isinstance(child, ast.Import):
            found.update(alias.name.split(".")[0] for alias in child.names)
        elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
            found.add(child.module.split(".")[0])
    return frozenset(found)


def _const_str(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def _route_path(call: ast.Call) -> str | None:
    """The route's path: `""` counts (`@router.post("")` under a router's prefix)."""
    first = call.args[0] if call.args else None
    for candidate in (first, _keyword(call, "rule"), _keyword(call, "path")):
        text = _const_str(candidate)
        if text is not None:
            return text
    return None


def _route_methods(call: ast.Call, attr: str) -> tuple[str, ...]:
    if attr not in {"route", "api_route"}:
        return (attr.upper(),)
    listed = _keyword(call, "methods")
    if isinstance(listed, ast.List | ast.Tuple | ast.Set):
        return tuple(m.upper() for e in listed.elts if (m := _const_str(e)))
    return ("GET",)


def _web_framework(path: str, packages: frozenset[str]) -> str:
    if "<" in path:
        return "flask"
    if packages & {"fastapi", "starlette"}:
        return "fastapi"
    return "flask"


def _http_route(fn: FunctionNode, packages: frozenset[str]) -> Route | None:
    decorators = tuple(dotted(d) for d in fn.decorator_list)
    for decorator in fn.decorator_list:
        if not isinstance(decorator, ast.Call):
            continue
        func = decorator.func
        bare = isinstance(func, ast.Name) and bool(packages & _BARE_ROUTE_PACKAGES)
        if not (isinstance(func, ast.Attribute) or bare):
            continue
        verb = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if verb not in _ROUTE_ATTRS:
            continue
        path = _route_path(decorator)
        if path is None or (path and not path.startswith("/")):
            continue
        framework = _web_framework(path, packages)
        response = dotted(_keyword(decorator, "response_class") or ast.Constant(None))
        html = framework == "flask" or response.endswith("HTMLResponse")
        methods = _route_methods(decorator, verb)
        router = dotted(func.value) if isinstance(func, ast.Attribute) else ""
        return Route(framework, (path,), methods, decorators, html, router)
    return None


def _first_params(fn: FunctionNode) -> list[str]:
    return [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)][:2]


_PLAIN_TYPES = frozenset(
    {"str", "bool", "int", "float", "dict", "list", "tuple", "set", "bytes", "None"}
)


def _returns_plain_data(fn: FunctionNode) -> bool:
    """`def safe_next_url(request, fallback) -> str:` takes a request but is a helper: a view
    returns a response, not text or a number."""
    return fn.returns is not None and _plain(fn.returns)


def _plain(annotation: ast.expr) -> bool:
    if isinstance(annotation, ast.Subscript):
        annotation = annotation.value
    if isinstance(annotation, ast.Constant) and annotation.value is None:
        return True
    if isinstance(annotation, ast.BinOp):  # `str | None`
        return _plain(annotation.left) and _plain(annotation.right)
    return isinstance(annotation, ast.Name) and annotation.id in _PLAIN_TYPES


def _django_view(fn: FunctionNode, packages: frozenset[str], in_view_class: bool) -> Route | None:
    if not packages & {"django", "rest_framework"}:
        return None
    decorators = tuple(dotted(d) for d in fn.decorator_list)
    params = _first_params(fn)
    if in_view_class:
        is_view = fn.name in _VIEW_METHODS and params[1:2] == ["request"]
    else:
        by_decorator = any(d.rsplit(".", 1)[-1] in _DJANGO_VIEW_DECORATORS for d in decorators)
        helper = fn.name.startswith("_") or _returns_plain_data(fn)
        is_view = params[:1] == ["request"] and (by_decorator or not helper)
    if not is_view:
        return None
    http_method = fn.name.upper() if in_view_class and fn.name in _HTTP_VERBS else None
    return Route("django", (), (http_method,) if http_method else (), decorators, False, "")


def _error_handler(fn: FunctionNode) -> Route | None:
    """`@app.errorhandler(500)`, `@app.exception_handler(Exc)`: their returns are responses."""
    decorators = tuple(dotted(d) for d in fn.decorator_list)
    for decorator in fn.decorator_list:
        func = decorator.func if isinstance(decorator, ast.Call) else None
        if isinstance(func, ast.Attribute) and func.attr in _ERROR_HANDLERS:
            html = func.attr != "exception_handler"  # FastAPI handlers build JSON responses
            return Route("errors", (), (), decorators, html, dotted(func.value))
    return None


def _cli_command(fn: FunctionNode, packages: frozenset[str]) -> Route | None:
    if not packages & {"click", "typer"}:
        return None
    decorators = tuple(dotted(d) for d in fn.decorator_list)
    if any(d.rsplit(".", 1)[-1] in {"command", "option", "argument"} for d in decorators):
        return Route("cli", (), (), decorators, False, "")
    return None


def is_view_class(cls: ast.ClassDef) -> bool:
    """A Django/DRF class-based view (or a Flask MethodView)."""
    bases = [dotted(b).rsplit(".", 1)[-1] for b in cls.bases]
    return any(b.endswith(("View", "ViewSet", "APIView")) for b in bases)


def route_of(
    fn: FunctionNode,
    packages: frozenset[str],
    *,
    in_view_class: bool = False,
) -> Route | None:
    """The entry-point facts of `fn`, or None for an ordinary function."""
    if not packages & (WEB_PACKAGES | {"click", "typer"}):
        return None
    return (
        _http_route(fn, packages)
        or _error_handler(fn)
        or _django_view(fn, packages, in_view_class)
        or _cli_command(fn, packages)
    )
