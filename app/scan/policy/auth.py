"""authentication.required: every route outside public_paths needs an authentication check.

A route counts as protected by an auth decorator (`@login_required`, `@jwt_required()`,
`@permission_classes([IsAuthenticated])`), a FastAPI dependency (`Depends(current_caller)`,
`Security(...)`, router- or app-level `dependencies=[...]`), a Django mixin or
`permission_classes`, a check in its body (`current_user.is_authenticated`, `abort(401)`),
or an app-wide guard (a `before_request` hook registered by decorator or by call, aiohttp or
Starlette middleware, Django's LoginRequiredMiddleware, DRF's default permission classes).

Guards the review defines are judged by their bodies (guards.py): a dependency, hook,
middleware, decorator, mixin or permission class protects only if it rejects callers
without credentials, and a hook or middleware that lets some paths through first does not
protect those paths. Names decide only for guards from libraries the review does not have.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from functools import lru_cache, partial
from typing import Literal

from app.core.findings import Confidence, Finding, Severity
from app.core.threat_model import AuthenticationPolicy, Policies
from app.scan.policy.common import (
    CrossFileGuard,
    Deferred,
    Outcome,
    PolicyFile,
    ProjectFacts,
    Rule,
    clearance,
    human_list,
    make_finding,
)
from app.scan.policy.evaluate import RouteFacts, sample_path
from app.scan.policy.guards import (
    CHECK_CALL,
    DENIALS,
    decorator_protects,
    dependency_calls,
    depends_call_protects,
    hook_outcome,
    middleware_outcome,
    mixin_protects,
    permission_protects,
    route_body_rejects,
)
from app.scan.policy.reviewed import Code, Found, class_method, own_nodes
from app.scan.python_flow.frame import Definition
from app.scan.python_flow.routes import FunctionNode, Route, dotted, is_view_class

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
_NOT_AUTH = re.compile(r"not_required|exempt|public|allow_?any|optional|anonymous", re.I)
_CHECK_ATTRS = frozenset({"is_authenticated", "is_anonymous", "has_perm", "has_perms"})
_HOOKS = frozenset({"before_request", "before_app_request"})
_APP_KINDS = frozenset({"Blueprint", "APIRouter", "FastAPI", "Flask", "Quart", "Starlette"})
_ROUTER_REGISTRATIONS = frozenset({"register_blueprint", "include_router", "add_routes"})
_GUARD_WORDS = ("before_request", "before_app_request", "middleware")
GuardKind = Literal["hook", "middleware"]


def applies(policies: Policies) -> bool:
    return policies.authentication is not None and policies.authentication.required is True


@dataclass(frozen=True)
class Guard:
    """A hook or middleware found in the review, judged per route by its body."""

    kind: GuardKind
    found: Found

    def protects(self, code: Code, route: RouteFacts) -> bool:
        if self.kind == "hook":
            return hook_outcome(code, self.found, route).protects
        return middleware_outcome(code, self.found, route).protects


@dataclass
class Router:
    """A Flask app or blueprint, or a FastAPI app or router, defined in the file."""

    prefix: str = ""
    protected: bool = False  # its dependencies=[...] authenticate
    blueprint: bool = False
    name: str = ""  # a blueprint's name: the first part of its endpoints
    guards: list[Guard] = field(default_factory=list)


@dataclass
class Routers:
    by_name: dict[str, Router] = field(default_factory=dict)
    app_guards: list[Guard] = field(default_factory=list)  # hooks and middleware of the app

    def get(self, name: str) -> Router:
        return self.by_name.get(name, Router())


def _auth_name(name: str) -> bool:
    return bool(_AUTH_NAME.search(name)) and not _NOT_AUTH.search(name)


@lru_cache(maxsize=8)
def _functions_by_name(tree: ast.Module) -> dict[str, FunctionNode]:
    """Every function of the file by its name, nested ones too (hooks defined inside
    create_app()); the first definition of a name wins."""
    found: dict[str, FunctionNode] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.setdefault(node.name, node)
    return found


def _find(file: PolicyFile, node: ast.expr) -> Found | None:
    """The definition a name in this file refers to: its own (nested ones included) or
    one in a reviewed module it imports."""
    name = dotted(node)
    if not name:
        return None
    found = file.code.resolve(name)
    if found is not None:
        return found
    local = _functions_by_name(file.analysis.tree).get(name)
    return Found(file.code.module, local) if local is not None else None


def _protective_call(node: ast.expr, file: PolicyFile) -> bool:
    """A decorator or dependency that checks the caller (`AllowAny` does not). One the
    review defines is judged by its body, one from a library by its name."""
    code, module = file.code, file.code.module
    name = dotted(node)
    short = name.rsplit(".", 1)[-1]
    if short in {"Depends", "Security"} and isinstance(node, ast.Call):
        return depends_call_protects(code, module, node)
    if short == "permission_classes" and isinstance(node, ast.Call):
        entries = [e for arg in node.args for e in _elements(arg)]
        return any(permission_protects(code, module, e) for e in entries)
    if short == "method_decorator" and isinstance(node, ast.Call) and node.args:
        return any(_protective_call(e, file) for e in _elements(node.args[0]))
    found = _find(file, node.func if isinstance(node, ast.Call) else node)
    if found is not None and isinstance(found.node, ast.FunctionDef | ast.AsyncFunctionDef):
        return decorator_protects(code, found)
    return _auth_name(short)


def _elements(node: ast.expr) -> list[ast.expr]:
    return list(node.elts) if isinstance(node, ast.List | ast.Tuple | ast.Set) else [node]


def _dependencies(call: ast.Call, file: PolicyFile) -> bool:
    listed = next((kw.value for kw in call.keywords if kw.arg == "dependencies"), None)
    if not isinstance(listed, ast.List | ast.Tuple):
        return False
    return any(_protective_call(e, file) for e in listed.elts)


def _prefix(call: ast.Call) -> str:
    for kw in call.keywords:
        if kw.arg in {"url_prefix", "prefix"} and isinstance(kw.value, ast.Constant):
            return str(kw.value.value or "")
    return ""


def _collect_routers(file: PolicyFile) -> Routers:
    routers = Routers()
    tree = file.analysis.tree
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            kind = dotted(node.value.func).rsplit(".", 1)[-1]
            if kind in _APP_KINDS:
                first = node.value.args[0] if node.value.args else None
                name = first.value if isinstance(first, ast.Constant) else ""
                router = Router(
                    _prefix(node.value),
                    _dependencies(node.value, file),
                    kind == "Blueprint",
                    str(name),
                )
                for target in node.targets:
                    routers.by_name[dotted(target)] = router
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            _registration(node, routers, file)
    _guards(file, routers)
    return routers


def _registration(call: ast.Call, routers: Routers, file: PolicyFile) -> None:
    """`app.register_blueprint(bp, url_prefix=...)`, `app.include_router(r, prefix=..., ...)`."""
    if call.func.attr not in {"register_blueprint", "include_router"} or not call.args:  # type: ignore[attr-defined]
        return
    router = routers.by_name.setdefault(dotted(call.args[0]), Router())
    router.prefix = _prefix(call) + router.prefix
    router.protected = router.protected or _dependencies(call, file)


def registered_guards(file: PolicyFile) -> list[tuple[str, Guard]]:
    """(owner, guard) for every hook and middleware the file registers: by decorator
    (`@app.before_request`, `@app.middleware("http")`) or by call (`bp.before_request(f)`,
    `app.middlewares.append(mw)`, `web.Application(middlewares=[mw])`,
    `app.add_middleware(AuthMiddleware)`). The owner is the app or blueprint object."""
    found: list[tuple[str, Guard]] = []
    if not any(word in file.source.text for word in _GUARD_WORDS):
        return found
    for fn in _functions_by_name_all(file.analysis.tree):
        for decorator in fn.decorator_list:
            func = decorator.func if isinstance(decorator, ast.Call) else decorator
            if not isinstance(func, ast.Attribute):
                continue
            owner = dotted(func.value)
            if func.attr in _HOOKS:
                owner = "" if func.attr == "before_app_request" else owner
                found.append((owner, Guard("hook", Found(file.code.module, fn))))
            elif func.attr == "middleware" and isinstance(decorator, ast.Call):
                found.append(("", Guard("middleware", Found(file.code.module, fn))))
    for node in ast.walk(file.analysis.tree):
        if isinstance(node, ast.Call):
            found.extend(_guards_registered_by(node, file))
    return found


def _functions_by_name_all(tree: ast.Module) -> list[FunctionNode]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def _guards_registered_by(call: ast.Call, file: PolicyFile) -> list[tuple[str, Guard]]:
    found: list[tuple[str, Guard]] = []
    func = call.func
    for keyword in call.keywords:  # web.Application(middlewares=[...]), Starlette(middleware=)
        if keyword.arg in {"middlewares", "middleware"}:
            for element in _elements(keyword.value):
                found.extend(("", g) for g in _middleware(element, file))
    if not isinstance(func, ast.Attribute) or not call.args:
        return found
    owner = dotted(func.value)
    if func.attr in _HOOKS:
        target = _find(file, call.args[0])
        if target is not None and isinstance(target.node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.append(
                ("" if func.attr == "before_app_request" else owner, Guard("hook", target))
            )
    elif owner.endswith("middlewares") and func.attr in {"append", "insert", "extend"}:
        for arg in call.args:
            for element in _elements(arg):
                found.extend(("", g) for g in _middleware(element, file))
    elif func.attr == "add_middleware":
        found.extend(("", g) for g in _middleware(call.args[0], file))
    return found


def _middleware(node: ast.expr, file: PolicyFile) -> list[Guard]:
    """A middleware function, or a class with `dispatch` (`Middleware(AuthMiddleware)`)."""
    if isinstance(node, ast.Call) and dotted(node.func).endswith("Middleware") and node.args:
        node = node.args[0]
    elif isinstance(node, ast.Call):
        node = node.func
    target = _find(file, node)
    if target is None:
        return []
    if isinstance(target.node, ast.ClassDef):
        dispatch = class_method(target.node, "dispatch")
        return [Guard("middleware", Found(target.module, dispatch))] if dispatch else []
    if isinstance(target.node, ast.FunctionDef | ast.AsyncFunctionDef):
        return [Guard("middleware", target)]
    return []


def _guards(file: PolicyFile, routers: Routers) -> None:
    """Hooks and middleware guard their blueprint, or the whole app."""
    for owner, guard in registered_guards(file):
        router = routers.by_name.get(owner)
        if router is not None and router.blueprint:
            router.guards.append(guard)
        else:
            routers.app_guards.append(guard)


def _body_checks(node: FunctionNode, file: PolicyFile) -> bool:
    """Evidence inside a view that it checks the caller: `current_user.is_authenticated`,
    `"user_id" in session`, a call that refuses (`abort(401)`, a 401 response, a reviewed
    helper that raises PermissionDenied), or a library check such as
    `verify_jwt_in_request()`."""
    for child in own_nodes(node):
        if isinstance(child, ast.Attribute) and child.attr in _CHECK_ATTRS:
            return True
        if isinstance(child, ast.Call) and _library_check(child, file):
            return True
        if isinstance(child, ast.Raise) and _raises_denial(child):
            return True
        if isinstance(child, ast.Compare) and _session_lookup(child):
            return True
    return route_body_rejects(file.code, file.code.module, node)


def _raises_denial(node: ast.Raise) -> bool:
    return node.exc is not None and dotted(node.exc).rsplit(".", 1)[-1] in DENIALS


def _library_check(call: ast.Call, file: PolicyFile) -> bool:
    """A call named like a check whose body the review does not have."""
    name = dotted(call.func)
    short = name.rsplit(".", 1)[-1]
    if short in DENIALS:
        return True
    if not CHECK_CALL.search(short):
        return False
    if name.startswith("self."):
        return False  # a method of the view: its body is in the file
    return _find(file, call.func) is None


def _session_lookup(compare: ast.Compare) -> bool:
    """`"user_id" in session` and the like."""
    parts = [compare.left, *compare.comparators]
    mentions_session = any(dotted(p).rsplit(".", 1)[-1] == "session" for p in parts)
    keys = [p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str)]
    return mentions_session and any(re.search(r"user|login|auth|token", k, re.I) for k in keys)


def _param_dependencies(definition: Definition, file: PolicyFile) -> bool:
    code, module = file.code, file.code.module
    return any(
        depends_call_protects(code, module, call)
        for call in dependency_calls(code, module, definition.node)
    )


def _class_node(file: PolicyFile, class_name: str | None) -> ast.ClassDef | None:
    if class_name is None:
        return None
    for node in ast.walk(file.analysis.tree):
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            return node
    return None


def _class_protects(file: PolicyFile, cls: ast.ClassDef | None) -> bool:
    """A view class protected by a mixin, its decorators, `permission_classes` or its own
    `dispatch` (library mixins by name, the project's by their bodies)."""
    if cls is None:
        return False
    found = mixin_protects(file.code, Found(file.code.module, cls))
    if found:
        return True
    return any(_protective_call(d, file) for d in cls.decorator_list)


def _is_drf(route: Route | None, file: PolicyFile) -> bool:
    django = route is None or route.framework == "django"
    return "rest_framework" in file.analysis.packages and django


def _route_facts(definition: Definition, route: Route, routers: Routers) -> list[RouteFacts]:
    router = routers.get(route.router)
    name = definition.node.name
    endpoint = f"{router.name}.{name}" if router.blueprint and router.name else name
    method = route.methods[0] if len(route.methods) == 1 else None
    return [
        RouteFacts(
            sample_path(router.prefix + path),
            endpoint,
            method,
            router.name or None,
            router.prefix + path,
        )
        for path in route.paths or ("",)
    ]


def _guarded(guards: list[Guard], file: PolicyFile, facts: list[RouteFacts]) -> bool:
    return any(all(guard.protects(file.code, fact) for fact in facts) for guard in guards)


def protection(
    definition: Definition, route: Route, file: PolicyFile, routers: Routers
) -> str | None:
    """What protects the route in this file, as a phrase; None when nothing does here
    (project-wide switches are applied later)."""
    decorators = definition.node.decorator_list
    if any(_protective_call(d, file) for d in decorators):
        return "an authentication decorator"
    if any(isinstance(d, ast.Call) and _dependencies(d, file) for d in decorators):
        return "the dependencies of its route decorator"
    router = routers.get(route.router)
    if router.protected:
        return f"what guards {route.router or 'its router'}"
    if route.framework != "django":
        facts = _route_facts(definition, route, routers)
        if _guarded(router.guards, file, facts):
            return f"a before_request check of {route.router}"
        if _guarded(routers.app_guards, file, facts):
            return "an app-wide check (before_request hook or middleware)"
    if route.framework == "fastapi" and _param_dependencies(definition, file):
        return "an authentication dependency among its parameters"
    if _class_protects(file, _class_node(file, definition.class_name)):
        return "its view class"
    if _body_checks(definition.node, file):
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
    """What deciding a Django view needs once every file is read (no analysis kept).
    `routed_only`: a view class with no handler of its own (a DRF ViewSet), reported only
    when a reviewed URL configuration routes to it."""

    view: str
    methods: tuple[str, ...]
    drf: bool
    base: Finding
    routed_only: bool = False
    suffix: str = ""  # a ViewSet action's own part of the URL: "export/", "<pk>/block/"

    def resolve(self, project: ProjectFacts, policy: AuthenticationPolicy) -> Finding | None:
        if project.login_middleware or (self.drf and project.drf_authenticated_default):
            return None
        paths = project.django_paths.get(self.view)
        public = policy.public_paths or ()
        if paths is None:
            if self.routed_only or _looks_public(self.view, public):
                return None
            message = _unlisted_message(self.view, policy)
            return replace(self.base, message=message, confidence=Confidence.LOW)
        paths = [p.rstrip("/") + "/" + self.suffix if self.suffix else p for p in paths]
        exposed = [p for p in paths if not is_public(p, public)]
        return (
            replace(self.base, message=_message(self.methods, exposed, policy)) if exposed else None
        )


@dataclass(frozen=True)
class _CrossFileRoute:
    """A route with nothing protecting it in its own file: an app-wide guard registered in
    another reviewed file (create_app() in __init__.py) may still cover it."""

    file: str
    router: str
    facts: tuple[RouteFacts, ...]
    finding: Finding

    def resolve(self, project: ProjectFacts) -> Finding | None:
        for guard in project.app_guards:
            if (self.file, self.router) in guard.covers and all(
                guard.protects(fact) for fact in self.facts
            ):
                return None
        return self.finding


def check(file: PolicyFile, policies: Policies) -> Iterator[Outcome]:
    policy = policies.authentication
    assert policy is not None
    classes = _unrouted_view_classes(file)
    if not file.routes and not classes:
        return
    routers = _collect_routers(file)
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
    for cls in classes:
        if _class_protects(file, cls):
            continue
        base = make_finding(RULE, file, cls, "", confidence=Confidence.MEDIUM)
        view = _DjangoView(cls.name, (), _is_drf(None, file), base, routed_only=True)
        yield Deferred(partial(view.resolve, policy=policy))
    yield from _open_actions(file, policy)


def _open_actions(file: PolicyFile, policy: AuthenticationPolicy) -> Iterator[Outcome]:
    """DRF `@action(..., permission_classes=[AllowAny])`: the action's own permissions
    replace the ViewSet's."""
    if "rest_framework" not in file.analysis.packages:
        return
    code = file.code
    for cls in ast.walk(file.analysis.tree):
        if not (isinstance(cls, ast.ClassDef) and is_view_class(cls)):
            continue
        for method in cls.body:
            action = _action(method)
            if action is None:
                continue
            listed = next((k.value for k in action.keywords if k.arg == "permission_classes"), None)
            if listed is None:
                continue
            if any(permission_protects(code, code.module, e) for e in _elements(listed)):
                continue
            assert isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef)
            base = make_finding(RULE, file, method, "", confidence=Confidence.MEDIUM)
            methods, suffix = _action_methods(action), _action_suffix(method, action)
            view = _DjangoView(cls.name, methods, True, base, suffix=suffix)
            yield Deferred(partial(view.resolve, policy=policy))


def _action(method: ast.stmt) -> ast.Call | None:
    if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
        return None
    for decorator in method.decorator_list:
        if isinstance(decorator, ast.Call) and dotted(decorator.func).endswith("action"):
            return decorator
    return None


def _action_methods(action: ast.Call) -> tuple[str, ...]:
    listed = next((k.value for k in action.keywords if k.arg == "methods"), None)
    if not isinstance(listed, ast.List | ast.Tuple):
        return ("GET",)
    return tuple(str(e.value).upper() for e in listed.elts if isinstance(e, ast.Constant))


def _action_suffix(method: ast.FunctionDef | ast.AsyncFunctionDef, action: ast.Call) -> str:
    url_path = next((k.value for k in action.keywords if k.arg == "url_path"), None)
    name = str(url_path.value) if isinstance(url_path, ast.Constant) else method.name
    detail = next((k.value for k in action.keywords if k.arg == "detail"), None)
    on_one = isinstance(detail, ast.Constant) and detail.value is True
    return ("<pk>/" if on_one else "") + f"{name}/"


def _unrouted_view_classes(file: PolicyFile) -> list[ast.ClassDef]:
    """Django/DRF view classes none of whose methods is a route: a ModelViewSet or a
    generic view serves the handlers it inherits."""
    if not file.analysis.packages & {"django", "rest_framework"}:
        return []
    owners = {d.class_name for d in file.analysis.definitions.values() if d.route is not None}
    return [
        node
        for node in ast.walk(file.analysis.tree)
        if isinstance(node, ast.ClassDef) and is_view_class(node) and node.name not in owners
    ]


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
        finding = replace(base, message=_message(route.methods, exposed, policy))
        if file.project is None:
            yield finding
        else:
            facts = tuple(_route_facts(definition, route, routers))
            later = _CrossFileRoute(file.source.path, route.router, facts, finding)
            yield Deferred(later.resolve)
    elif paths:
        public = human_list(paths)
        yield _cleared(file, definition, f"the threat model lists {public} as public")


# -- guards registered in one file for routers of another ---------------------------------


def cross_file_guards(file: PolicyFile) -> list[CrossFileGuard]:
    """Hooks and middleware registered on an app object that also registers routers
    imported from other reviewed files (`app.middlewares.append(require_member)` and
    `app.add_routes(routes)` with `from .handlers import routes`)."""
    if file.project is None:
        return []
    guards = [(owner, guard) for owner, guard in registered_guards(file)]
    if not guards:
        return []
    covered: dict[str, set[tuple[str, str]]] = {}
    for node in ast.walk(file.analysis.tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in _ROUTER_REGISTRATIONS or not node.args:
            continue
        target = _imported_router(file, node.args[0])
        if target is not None:
            covered.setdefault(_app_of(dotted(node.func.value)), set()).add(target)
    code = file.code
    found = []
    for owner, guard in guards:
        covers = set().union(*covered.values()) if not owner else covered.get(owner, set())
        if covers:
            found.append(CrossFileGuard(frozenset(covers), partial(guard.protects, code)))
    return found


def _app_of(owner: str) -> str:
    """`app.router.add_routes(...)` registers on `app`."""
    return owner.removesuffix(".router")


def _imported_router(file: PolicyFile, node: ast.expr) -> tuple[str, str] | None:
    """(file, router name) of `routes` in `from .handlers import routes`, or of `admin.bp`
    in `from . import admin`."""
    module = file.code.module
    head, _, rest = dotted(node).partition(".")
    if head not in module.imports:
        return None
    written, attribute = module.imports[head]
    if attribute is None:
        path = file.code.module_file(written, module.path)
        return (path, rest) if path and rest else None
    if rest:
        inside = written + attribute if written.endswith(".") else f"{written}.{attribute}"
        path = file.code.module_file(inside, module.path)
        return (path, rest) if path else None
    path = file.code.module_file(written, module.path)
    return (path, attribute) if path else None
