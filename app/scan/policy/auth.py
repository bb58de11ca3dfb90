"""authentication.required: every route outside public_paths needs an authentication check.

A route counts as protected by an auth decorator (`@login_required`, `@jwt_required()`,
`@permission_classes([IsAuthenticated])`), a FastAPI dependency (`Depends(get_current_user)`,
`Security(...)`, router-level `dependencies=[...]`), a Django mixin or
`permission_classes`, a check in its body (`current_user.is_authenticated`, `abort(401)`),
or an app-wide guard (`@app.before_request` that checks, Django's LoginRequiredMiddleware,
DRF's default permission classes).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from functools import partial

from app.core.findings import Confidence, Finding, Severity
from app.core.threat_model import AuthenticationPolicy, Policies
from app.scan.policy.common import (
    Deferred,
    Outcome,
    PolicyFile,
    ProjectFacts,
    Rule,
    clearance,
    human_list,
    make_finding,
)
from app.scan.python_flow.frame import Definition
from app.scan.python_flow.routes import Route, dotted

POLICY = "authentication"
RULE = Rule(
    POLICY,
    "missing-authentication",
    "Route without authentication",
    (306,),
    Severity.HIGH,
    "The threat model requires signed-in callers here, but nothing checks who is calling: "
    "anyone who can reach the service can use this endpoint.",
    "Add the project's authentication decorator or dependency (@login_required, "
    "Depends(get_current_user), LoginRequiredMixin), or list the path under "
    "authentication.public_paths if it is meant to be public.",
)
_AUTH_NAME = re.compile(
    r"login|auth|jwt|token|permission|role|admin|staff|superuser|user_passes_test|protect|"
    r"secur|signed_in|api_?key|oauth|credential|current_user|current_active_user|verify",
    re.IGNORECASE,
)
# Calls in a function body that check the caller (narrower than decorator names: a login
# or sign-up handler calls create_token or verify_password without being protected).
_CHECK_CALL = re.compile(
    r"^(verify|check|require|ensure|validate|assert)_?(jwt|token|auth|login|user|session|"
    r"api_?key|credentials?|permissions?|access|signed_in|logged_in)|^authenticate_?request|"
    r"^authori[sz]e|^get_jwt_identity$|^login_required$|^jwt_required$|^verify_jwt_in_request$",
    re.IGNORECASE,
)
_NOT_AUTH = re.compile(r"not_required|exempt|public|allow_?any|optional|anonymous", re.I)
_DENIALS = frozenset(
    {"PermissionDenied", "Unauthorized", "Forbidden", "NotAuthenticated",
     "AuthenticationFailed", "HTTPUnauthorized", "HTTPForbidden", "HttpResponseForbidden"}
)  # fmt: skip
_CHECK_ATTRS = frozenset({"is_authenticated", "is_anonymous", "has_perm", "has_perms"})
_HOOKS = frozenset({"before_request", "before_app_request"})


def applies(policies: Policies) -> bool:
    return policies.authentication is not None and policies.authentication.required is True


@dataclass
class Router:
    """A Flask app or blueprint, or a FastAPI app or router, defined in the file."""

    prefix: str = ""
    protected: bool = False
    blueprint: bool = False


@dataclass
class Routers:
    by_name: dict[str, Router] = field(default_factory=dict)
    app_guarded: bool = False  # an app-wide before_request hook checks authentication

    def get(self, name: str) -> Router:
        return self.by_name.get(name, Router())


def _auth_name(name: str) -> bool:
    return bool(_AUTH_NAME.search(name)) and not _NOT_AUTH.search(name)


def _names_in(node: ast.AST) -> list[str]:
    return [
        dotted(n).rsplit(".", 1)[-1]
        for n in ast.walk(node)
        if isinstance(n, ast.Name | ast.Attribute)
    ]


def _protective_call(node: ast.expr) -> bool:
    """A decorator or dependency that checks the caller (`AllowAny` does not)."""
    tail = dotted(node).rsplit(".", 1)[-1]
    if tail in {"Depends", "Security"} and isinstance(node, ast.Call):
        target = node.args[0] if node.args else None
        return tail == "Security" or (target is not None and _dependency_checks(target))
    if tail in {"permission_classes", "method_decorator"} and isinstance(node, ast.Call):
        names = [n for arg in node.args for n in _names_in(arg)]
        return any(_auth_name(n) or n.startswith("Is") for n in names if n != "AllowAny")
    return _auth_name(tail)


def _dependency_checks(target: ast.expr) -> bool:
    tail = dotted(target).rsplit(".", 1)[-1]
    return _auth_name(tail) or "user" in tail.lower()


def _dependencies(call: ast.Call) -> bool:
    listed = next((kw.value for kw in call.keywords if kw.arg == "dependencies"), None)
    if not isinstance(listed, ast.List | ast.Tuple):
        return False
    return any(_protective_call(e) for e in listed.elts)


def _prefix(call: ast.Call) -> str:
    for kw in call.keywords:
        if kw.arg in {"url_prefix", "prefix"} and isinstance(kw.value, ast.Constant):
            return str(kw.value.value or "")
    return ""


def _collect_routers(tree: ast.Module) -> Routers:
    routers = Routers()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            kind = dotted(node.value.func).rsplit(".", 1)[-1]
            if kind in {"Blueprint", "APIRouter", "FastAPI", "Flask", "Quart"}:
                router = Router(_prefix(node.value), _dependencies(node.value), kind == "Blueprint")
                for target in node.targets:
                    routers.by_name[dotted(target)] = router
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            _registration(node, routers)
    return routers


def _registration(call: ast.Call, routers: Routers) -> None:
    """`app.register_blueprint(bp, url_prefix=...)`, `app.include_router(r, prefix=..., ...)`."""
    if call.func.attr not in {"register_blueprint", "include_router"} or not call.args:  # type: ignore[attr-defined]
        return
    router = routers.by_name.setdefault(dotted(call.args[0]), Router())
    router.prefix = _prefix(call) + router.prefix
    router.protected = router.protected or _dependencies(call)


def _body_checks(node: ast.AST) -> bool:
    """Evidence inside a function that it checks the caller."""
    for child in ast.walk(node):
        if isinstance(child, ast.Attribute) and child.attr in _CHECK_ATTRS:
            return True
        if isinstance(child, ast.Call) and _call_checks(child):
            return True
        if isinstance(child, ast.Raise) and _raises_denial(child):
            return True
        if isinstance(child, ast.Compare) and _session_lookup(child):
            return True
    return False


def _raises_denial(node: ast.Raise) -> bool:
    return node.exc is not None and dotted(node.exc).rsplit(".", 1)[-1] in _DENIALS


def _call_checks(call: ast.Call) -> bool:
    tail = dotted(call.func).rsplit(".", 1)[-1]
    if tail in _DENIALS:
        return True
    if tail in {"abort", "HTTPException", "Response", "JSONResponse", "make_response"}:
        codes = [
            a.value
            for a in (*call.args, *(k.value for k in call.keywords))
            if isinstance(a, ast.Constant)
        ]
        names = [n for a in call.keywords for n in _names_in(a.value)]
        return bool({401, 403} & set(codes)) or any("401" in n or "403" in n for n in names)
    return bool(_CHECK_CALL.search(tail))


def _session_lookup(compare: ast.Compare) -> bool:
    """`"user_id" in session` and the like."""
    parts = [compare.left, *compare.comparators]
    mentions_session = any(dotted(p).rsplit(".", 1)[-1] == "session" for p in parts)
    keys = [p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str)]
    return mentions_session and any(re.search(r"user|login|auth|token", k, re.I) for k in keys)


def _guards(file: PolicyFile, routers: Routers) -> None:
    """before_request hooks that check authentication protect their app or blueprint."""
    for definition in file.analysis.definitions.values():
        for decorator in definition.node.decorator_list:
            func = decorator.func if isinstance(decorator, ast.Call) else decorator
            if not (isinstance(func, ast.Attribute) and func.attr in _HOOKS):
                continue
            if not _body_checks(definition.node):
                continue
            owner = routers.get(dotted(func.value))
            if owner.blueprint:
                routers.by_name[dotted(func.value)].protected = True
            else:
                routers.app_guarded = True


def _param_dependencies(definition: Definition) -> bool:
    args = definition.node.args
    defaults = [*args.defaults, *(d for d in args.kw_defaults if d is not None)]
    annotations = [a.annotation for a in (*args.args, *args.kwonlyargs) if a.annotation]
    calls = [
        n for node in (*defaults, *annotations) for n in ast.walk(node) if isinstance(n, ast.Call)
    ]
    return any(
        dotted(c.func).rsplit(".", 1)[-1] in {"Depends", "Security"} and _protective_call(c)
        for c in calls
    )


def _class_protects(file: PolicyFile, class_name: str | None) -> bool:
    if class_name is None:
        return False
    for node in ast.walk(file.analysis.tree):
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            bases = [dotted(b).rsplit(".", 1)[-1] for b in node.bases]
            if any(_auth_name(b) for b in bases):
                return True
            if any(_protective_call(d) for d in node.decorator_list):
                return True
            return any(_class_permissions(item) for item in node.body)
    return False


def _class_permissions(item: ast.stmt) -> bool:
    if not isinstance(item, ast.Assign):
        return False
    named = any(dotted(t) == "permission_classes" for t in item.targets)
    names = _names_in(item.value)
    return named and bool(names) and all(n != "AllowAny" for n in names)


def _is_drf(route: Route, file: PolicyFile) -> bool:
    return "rest_framework" in file.analysis.packages and route.framework == "django"


def protection(
    definition: Definition, route: Route, file: PolicyFile, routers: Routers
) -> str | None:
    """What protects the route in this file, as a phrase; None when nothing does here
    (project-wide switches are applied later)."""
    decorators = definition.node.decorator_list
    if any(_protective_call(d) for d in decorators):
        return "an authentication decorator"
    if any(isinstance(d, ast.Call) and _dependencies(d) for d in decorators):
        return "the dependencies of its route decorator"
    if routers.get(route.router).protected:
        return f"what guards {route.router or 'its router'}"
    if routers.app_guarded and route.framework == "flask":
        return "an app-wide before_request check"
    if route.framework == "fastapi" and _param_dependencies(definition):
        return "an authentication dependency among its parameters"
    if _class_protects(file, definition.class_name):
        return "its view class"
    if _body_checks(definition.node):
        return "a check of the caller in its body"
    return None


def _normalise(path: str) -> str:
    return path.rstrip("/") or "/"


def _is_parameter(segment: str) -> bool:
    return (segment.startswith("<") and segment.endswith(">")) or (
        segment.startswith("{") and segment.endswith("}")
    )


def is_public(path: str, public_paths: tuple[str, ...]) -> bool:
    """Exact match, a glob ("/static/*"), or parameters under a public path ("/download/<id>")."""
    path = _normalise(path)
    for pattern in public_paths:
        pattern = _normalise(pattern)
        if any(c in pattern for c in "*?["):
            if fnmatchcase(path, pattern) or fnmatchcase(path + "/", pattern):
                return True
        elif path == pattern:
            return True
        elif pattern != "/" and path.startswith(pattern + "/"):
            rest = path[len(pattern) + 1 :].split("/")
            if all(_is_parameter(segment) for segment in rest):
                return True
    return False


def _looks_public(view: str, public_paths: tuple[str, ...]) -> bool:
    """A Django view whose URL is not in the reviewed files, named like a public path."""
    words = {p.strip("/*").rsplit("/", 1)[-1].lower() for p in public_paths}
    return any(word and word in view.lower() for word in words)


def _message(methods: tuple[str, ...], exposed: list[str], policy: AuthenticationPolicy) -> str:
    verbs = "/".join(methods) + " " if methods else ""
    public = human_list(policy.public_paths or ())
    return (
        f"{verbs}{', '.join(exposed)} has no authentication check; the threat model requires "
        f"authentication outside {public}."
    )


def _unlisted_message(view: str, policy: AuthenticationPolicy) -> str:
    public = human_list(policy.public_paths or ())
    return (
        f"View {view} (its URL is not in the reviewed files) has no authentication check; "
        f"the threat model requires authentication outside {public}."
    )


@dataclass(frozen=True)
class _DjangoView:
    """What deciding a Django view needs once every file is read (no analysis kept)."""

    view: str
    methods: tuple[str, ...]
    drf: bool
    base: Finding

    def resolve(self, project: ProjectFacts, policy: AuthenticationPolicy) -> Finding | None:
        if project.login_middleware or (self.drf and project.drf_authenticated_default):
            return None
        paths = project.django_paths.get(self.view)
        public = policy.public_paths or ()
        if paths is None:
            if _looks_public(self.view, public):
                return None
            message = _unlisted_message(self.view, policy)
            return replace(self.base, message=message, confidence=Confidence.LOW)
        exposed = [p for p in paths if not is_public(p, public)]
        return (
            replace(self.base, message=_message(self.methods, exposed, policy)) if exposed else None
        )


def check(file: PolicyFile, policies: Policies) -> Iterator[Outcome]:
    policy = policies.authentication
    assert policy is not None
    if not file.routes:
        return
    routers = _collect_routers(file.analysis.tree)
    _guards(file, routers)
    for qualname, route in file.routes.items():
        definition = file.analysis.definitions[qualname]
        if route.framework not in {"flask", "fastapi", "django"}:  # CLIs, error handlers
            continue
        guard = protection(definition, route, file, routers)
        if guard is None:
            yield from _unprotected(file, definition, route, routers, policy)
        else:
            yield _cleared(
                file, definition, f"route {definition.node.name}() is protected by {guard}"
            )


def _first_line(definition: Definition) -> int:
    node = definition.node
    return min([d.lineno for d in node.decorator_list] + [node.lineno])


def _cleared(file: PolicyFile, definition: Definition, evidence: str) -> Outcome:
    """The route's decorators and `def` line: where a model claims missing authentication."""
    node = definition.node
    lines = (_first_line(definition), node.lineno)
    return clearance(RULE, file, lines, f"route {node.name}()", evidence, cwe=(306, 287))


def _unprotected(
    file: PolicyFile,
    definition: Definition,
    route: Route,
    routers: Routers,
    policy: AuthenticationPolicy,
) -> Iterator[Outcome]:
    """A finding for each path of an unprotected route outside the public paths."""
    snippet = file.source.line(definition.node.lineno).strip()
    base = make_finding(
        RULE, file, definition.node, "", confidence=Confidence.MEDIUM, snippet=snippet
    )
    # The route starts at its decorators: that is where the check goes, and where a model
    # that agrees points (its claim then merges with this finding).
    first = _first_line(definition)
    header = file.source.line(first)
    base = replace(base, start_line=first, start_column=len(header) - len(header.lstrip()) + 1)
    if route.framework == "django":  # its URL may be in a urls.py read later
        name = definition.class_name or definition.node.name
        view = _DjangoView(name, route.methods, _is_drf(route, file), base)
        yield Deferred(partial(view.resolve, policy=policy))
        return
    prefix = routers.get(route.router).prefix
    paths = [prefix + path for path in route.paths]
    exposed = [path for path in paths if not is_public(path, policy.public_paths or ())]
    if exposed:
        yield replace(base, message=_message(route.methods, exposed, policy))
    elif paths:
        public = human_list(paths)
        yield _cleared(file, definition, f"the threat model lists {public} as public")
