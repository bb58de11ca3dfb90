"""Whether a guard's body rejects a request that carries no credentials.

A FastAPI dependency, a Flask `before_request` hook, an aiohttp or Starlette middleware, a
view decorator or a Django mixin protects a route when its body rejects the request: it
raises `HTTPException(401/403)` or `PermissionDenied`, calls `abort(401)`, or (where its
return value is the response) returns a redirect to a login URL or a 401/403 response. The
body is read where the review has it (the same file, or a reviewed module it imports; a
helper the body calls is followed a level or two). A guard whose body does not reject does
not protect, whatever it is called; only a guard whose body is not in the review (an
installed library) is judged by its name.

Paths through the body are walked with the route's facts (see evaluate.py): a hook that
returns early for `/static/...` or for `is_public(request.path)` leaves those routes
unprotected when the condition is known to hold for them. A condition that cannot be decided
(the session, a token) is where the caller is checked: a request gets past it only through
the check.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Literal

from app.scan.policy.evaluate import Evaluator, RouteFacts, truth
from app.scan.policy.reviewed import (
    Code,
    Found,
    Module,
    class_attribute,
    class_method,
    own_nodes,
    parameters,
    tail,
)
from app.scan.python_flow.model import UNKNOWN
from app.scan.python_flow.routes import FunctionNode, dotted

# hook: a before_request function (None lets the request through, a response replaces it);
# middleware / decorator: the request goes on where `proceed` is called;
# dependency: any return lets it through, only raising rejects;
# route: a view's own body (a 401 response it returns is a rejection);
# helper: a function called for its effect (only what it raises counts).
Mode = Literal["hook", "middleware", "decorator", "dependency", "route", "helper"]

DENIALS = frozenset(
    {"PermissionDenied", "Unauthorized", "Forbidden", "NotAuthenticated",
     "AuthenticationFailed", "HTTPUnauthorized", "HTTPForbidden", "HttpResponseForbidden",
     "Unauthenticated", "AccessDenied", "NotAuthorized", "NotAuthorised"}
)  # fmt: skip
_HTTP_ERRORS = frozenset(
    {"HTTPException", "StarletteHTTPException", "HTTPError", "HttpError", "APIException",
     "WebSocketException", "HTTPResponse", "HTTPClientError", "HTTPStatusError"}
)  # fmt: skip
_REDIRECTS = frozenset(
    {"redirect", "RedirectResponse", "HttpResponseRedirect", "HTTPFound", "HTTPSeeOther",
     "HTTPTemporaryRedirect", "redirect_to_login", "HTTPMovedPermanently", "HTTPPermanentRedirect"}
)  # fmt: skip
# Calls that answer "who are you?" (their result is the rejection response).
_REJECTING_CALLS = frozenset({"unauthorized", "handle_no_permission", "redirect_to_login"})
_DENIAL_NAME = re.compile(
    r"unauthori[sz]ed|unauthenticated|forbidden|permission_?denied|access_?denied|"
    r"not_?authenticated|not_?logged_?in|login_?required|auth\w*_?(error|fail|exception)|"
    r"credentials?_?(error|exception)|invalid_?(token|credentials?)",
    re.IGNORECASE,
)
_LOGIN_URL = re.compile(r"log_?in|sign_?in|sign-in|auth|sso|oidc|saml", re.IGNORECASE)
_STATUS_NAME = re.compile(r"(?<!\d)(40[13]|30[1278])(?!\d)|UNAUTHORI[SZ]ED|FORBIDDEN", re.I)
_AUTH_CODES = frozenset({401, 403})
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
# Name heuristic for a check whose body the review does not have (flask_jwt_extended...).
CHECK_CALL = re.compile(
    r"^(verify|check|require|ensure|validate|assert)_?(jwt|token|auth|login|user|session|"
    r"api_?key|credentials?|permissions?|access|signed_in|logged_in)|^authenticate_?request|"
    r"^authori[sz]e|^get_jwt_identity$|^login_required$|^jwt_required$|^verify_jwt_in_request$",
    re.IGNORECASE,
)
# FastAPI security schemes: without credentials they answer 401/403 unless auto_error=False.
SCHEMES = frozenset(
    {"OAuth2PasswordBearer", "OAuth2AuthorizationCodeBearer", "OAuth2", "HTTPBearer",
     "HTTPBasic", "HTTPDigest", "APIKeyHeader", "APIKeyCookie", "APIKeyQuery", "OpenIdConnect"}
)  # fmt: skip
_MAX_DEPTH = 3


def status_of(node: ast.expr | None) -> int | None:
    """A status code written as 401, "401 Unauthorized", status.HTTP_401_UNAUTHORIZED,
    HTTPStatus.FORBIDDEN or HTTPStatus(403)."""
    if node is None:
        return None
    if isinstance(node, ast.Constant):
        if isinstance(node.value, int) and not isinstance(node.value, bool):
            return node.value
        if isinstance(node.value, str):
            head = node.value.strip().split(" ", 1)[0]
            return int(head) if head.isdigit() and len(head) == 3 else None
        return None
    if isinstance(node, ast.Call) and tail(dotted(node.func)) == "HTTPStatus" and node.args:
        return status_of(node.args[0])
    if isinstance(node, ast.Name | ast.Attribute):
        match = _STATUS_NAME.search(tail(dotted(node)))
        if match is None:
            return None
        text = match.group(0).upper()
        if text.isdigit():
            return int(text)
        return 401 if text.startswith("UNAUTHORI") else 403
    return None


def _codes(call: ast.Call) -> set[int]:
    found = set()
    for arg in (*call.args, *(k.value for k in call.keywords if k.arg in _STATUS_KEYWORDS)):
        code = status_of(arg)
        if code is not None:
            found.add(code)
    return found


_STATUS_KEYWORDS = frozenset({"status", "status_code", "code", None})


def _mentions_login(node: ast.AST) -> bool:
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            if _LOGIN_URL.search(child.value):
                return True
        elif isinstance(child, ast.Name | ast.Attribute) and _LOGIN_URL.search(tail(dotted(child))):
            return True
    return False


def _login_redirect(call: ast.Call) -> bool:
    name = tail(dotted(call.func))
    if name == "redirect_to_login":
        return True
    target = [*call.args, *(k.value for k in call.keywords if k.arg in {"url", "location", "to"})]
    return name in _REDIRECTS and any(_mentions_login(arg) for arg in target)


@dataclass
class Outcome:
    rejects: bool = False  # some path rejects the request (possibly behind an unknown check)
    exempt: bool = False  # some path lets it through with every decision along it known
    proceeds: bool = False  # some path lets it through at all

    @property
    def protects(self) -> bool:
        return self.rejects and not self.exempt


@dataclass
class Walker:
    """Walks one guard body for one route."""

    code: Code
    module: Module
    fn: FunctionNode
    mode: Mode
    route: RouteFacts | None = None
    depth: int = 0
    proceed: frozenset[str] = frozenset()  # names whose call lets the request go on
    request_names: frozenset[str] = frozenset({"request", "req"})
    out: Outcome = field(default_factory=Outcome)

    def __post_init__(self) -> None:
        self.evaluator = Evaluator(self.code, self.route, self.request_names)
        self.env: dict[str, object] = {}
        self.assigned: dict[str, list[ast.expr]] = {}
        for node in own_nodes(self.fn):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.assigned.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.NamedExpr):
                self.assigned.setdefault(node.target.id, []).append(node.value)

    def run(self) -> Outcome:
        ends, definite = self._block(self.fn.body, True)
        if not ends and self.mode in {"hook", "dependency"}:
            self._proceeded(definite)
        return self.out

    # -- statements --------------------------------------------------------------------

    def _block(self, body: list[ast.stmt], definite: bool) -> tuple[bool, bool]:
        """(whether the block always ends the function, whether the way out is definite)."""
        for statement in body:
            ends, definite = self._statement(statement, definite)
            if ends:
                return True, definite
        return False, definite

    def _statement(self, statement: ast.stmt, definite: bool) -> tuple[bool, bool]:
        if isinstance(statement, ast.Return):
            return self._return(statement, definite), definite
        if isinstance(statement, ast.Raise):
            if statement.exc is not None and self._denial(statement.exc):
                self.out.rejects = True
            return True, definite
        if isinstance(statement, ast.If):
            return self._if(statement, definite)
        if isinstance(statement, ast.For | ast.AsyncFor):
            return self._for(statement, definite)
        if isinstance(statement, ast.While):
            definite = self._effects(statement.test, definite)
            return False, self._unknown_arms([statement.body, statement.orelse], definite)[1]
        if isinstance(statement, ast.Try | ast.TryStar):
            return self._try(statement, definite)
        if isinstance(statement, ast.With | ast.AsyncWith):
            for item in statement.items:
                definite = self._effects(item.context_expr, definite)
            return self._block(statement.body, definite)
        if isinstance(statement, ast.Match):
            definite = self._effects(statement.subject, definite)
            arms = [case.body for case in statement.cases]
            return self._unknown_arms(arms, definite)
        if isinstance(statement, ast.Expr):
            if isinstance(statement.value, ast.Call) and self._aborts(statement.value):
                definite = self._effects(statement.value, definite)
                return True, definite
            return False, self._effects(statement.value, definite)
        if isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign):
            value = statement.value
            if value is None:
                return False, definite
            definite = self._effects(value, definite)
            if isinstance(statement, ast.Assign):
                evaluated = self.evaluator.value(value, self.module, self.env)
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        self.env[target.id] = evaluated
            elif isinstance(statement.target, ast.Name):
                self.env[statement.target.id] = UNKNOWN
            return False, definite
        return False, definite

    def _if(self, statement: ast.If, definite: bool) -> tuple[bool, bool]:
        definite = self._effects(statement.test, definite)
        test = truth(self.evaluator.value(statement.test, self.module, self.env))
        if test is True:
            return self._block(statement.body, definite)
        if test is False:
            return self._block(statement.orelse, definite)
        return self._unknown_arms([statement.body, statement.orelse], definite)

    def _unknown_arms(self, arms: list[list[ast.stmt]], definite: bool) -> tuple[bool, bool]:
        """Arms taken on a condition that cannot be decided. Code after them stays definite
        only if no arm could end the function or reject: otherwise getting there depended
        on the undecided condition (the check of the caller)."""
        rejected_before = self.out.rejects
        self.out.rejects = False
        ended = [self._block(arm, False)[0] for arm in arms]
        rejected = self.out.rejects
        self.out.rejects = rejected or rejected_before
        ends = all(ended) and len(arms) > 1
        return ends, definite and not (any(ended) or rejected)

    def _for(self, statement: ast.For | ast.AsyncFor, definite: bool) -> tuple[bool, bool]:
        definite = self._effects(statement.iter, definite)
        iterable = self.evaluator.value(statement.iter, self.module, self.env)
        simple = isinstance(statement.target, ast.Name) and not any(
            isinstance(n, ast.Break | ast.Continue) for n in ast.walk(statement)
        )
        if simple and isinstance(iterable, tuple | list | frozenset) and len(iterable) <= 256:
            assert isinstance(statement.target, ast.Name)
            for item in iterable:
                self.env[statement.target.id] = item
                ends, definite = self._block(statement.body, definite)
                if ends:
                    return True, definite
            return self._block(statement.orelse, definite)
        if isinstance(statement.target, ast.Name):
            self.env[statement.target.id] = UNKNOWN
        _, after = self._unknown_arms([statement.body, statement.orelse], definite)
        return False, after

    def _try(self, statement: ast.Try | ast.TryStar, definite: bool) -> tuple[bool, bool]:
        ends, inside = self._block(statement.body, definite)
        handlers = [handler.body for handler in statement.handlers]
        handler_ends, after = self._unknown_arms(handlers, inside) if handlers else (True, inside)
        if not ends:
            ends, after = self._block(statement.orelse, after)
        ends = ends and handler_ends
        if statement.finalbody:
            final_ends, after = self._block(statement.finalbody, after)
            ends = ends or final_ends
        return ends, after

    def _return(self, statement: ast.Return, definite: bool) -> bool:
        value = statement.value
        if value is not None:
            definite = self._effects(value, definite)
        if self.mode == "dependency":
            self._proceeded(definite)
            return True
        if self.mode == "helper":
            return True
        if value is None or (isinstance(value, ast.Constant) and value.value is None):
            if self.mode == "hook":
                self._proceeded(definite)
            return True
        if self._rejection(value, self.depth):
            self.out.rejects = True
            return True
        if self._calls_proceed(value):
            return True  # _effects has recorded it
        if self.mode == "hook" and self._returns_none_or_unknown(value):
            self._proceeded(definite)
        return True

    def _returns_none_or_unknown(self, value: ast.expr) -> bool:
        """`return helper()` in a hook: it lets the request through unless it rejects."""
        return isinstance(value, ast.Call) and self._resolve_call(value) is not None

    def _proceeded(self, definite: bool) -> None:
        self.out.proceeds = True
        if definite:
            self.out.exempt = True

    # -- expressions -------------------------------------------------------------------

    def _effects(self, node: ast.expr, definite: bool) -> bool:
        """Calls inside an expression: a helper that rejects, a check the review does not
        have, the call that lets the request go on. Returns whether the way on is still
        definite."""
        for call in _calls_in(node):
            if self._is_proceed(call):
                self._proceeded(definite)
                continue
            if self._aborts(call):
                if self._abort_rejects(call):
                    self.out.rejects = True
                    definite = False
                continue
            if self._call_may_reject(call):
                self.out.rejects = True
                definite = False
        return definite

    def _is_proceed(self, call: ast.Call) -> bool:
        func = call.func
        if isinstance(func, ast.Name):
            return func.id in self.proceed
        if isinstance(func, ast.Attribute):
            if isinstance(func.value, ast.Call) and dotted(func.value.func) == "super":
                return func.attr in {"dispatch", "__call__", "get_response"} or (
                    func.attr == self.fn.name
                )
            return dotted(func) in {"self.get_response", *self.proceed}
        return False

    def _calls_proceed(self, node: ast.expr) -> bool:
        return any(self._is_proceed(call) for call in _calls_in(node))

    @staticmethod
    def _aborts(call: ast.Call) -> bool:
        return tail(dotted(call.func)) == "abort"

    def _abort_rejects(self, call: ast.Call) -> bool:
        if _codes(call) & _AUTH_CODES:
            return True
        return any(isinstance(a, ast.Call) and self._rejection(a, self.depth) for a in call.args)

    def _call_may_reject(self, call: ast.Call) -> bool:
        found = self._resolve_call(call)
        if found is not None:
            if self.depth >= _MAX_DEPTH or not isinstance(
                found.node, ast.FunctionDef | ast.AsyncFunctionDef
            ):
                return False
            helper = Walker(
                self.code,
                found.module,
                found.node,
                "helper",
                self.route,
                self.depth + 1,
                request_names=self.request_names,
            )
            return helper.run().rejects
        name = tail(dotted(call.func))
        if name in DENIALS:  # `PermissionDenied()` built here and raised elsewhere
            return False
        return bool(CHECK_CALL.search(name)) and not self._is_reviewed_name(call)

    def _is_reviewed_name(self, call: ast.Call) -> bool:
        """Whether the callee is something the review defines (then its body decides)."""
        name = dotted(call.func)
        head = name.split(".")[0]
        return head in self.module.functions or head in self.module.classes

    def _resolve_call(self, call: ast.Call) -> Found | None:
        name = dotted(call.func)
        if not name or name.startswith("super"):
            return None
        if name.startswith("self.") and self._enclosing_class() is not None:
            cls = self._enclosing_class()
            assert cls is not None
            method = class_method(cls, name.split(".", 1)[1])
            return Found(self.module, method) if method is not None else None
        found = self.code.resolve(name, self.module)
        if found is not None and isinstance(found.node, ast.FunctionDef | ast.AsyncFunctionDef):
            return found
        return None

    def _enclosing_class(self) -> ast.ClassDef | None:
        for cls in self.module.classes.values():
            if any(item is self.fn for item in cls.body):
                return cls
        return None

    def _denial(self, exc: ast.expr, seen: int = 0) -> bool:
        """`raise HTTPException(401)`, `raise PermissionDenied`, `raise credentials_error`."""
        if isinstance(exc, ast.Name) and exc.id in self.assigned and seen < 3:
            return any(self._denial(value, seen + 1) for value in self.assigned[exc.id])
        if isinstance(exc, ast.Name) and exc.id in self.module.constants and seen < 3:
            return self._denial(self.module.constants[exc.id], seen + 1)
        name = tail(dotted(exc))
        if not name:
            return False
        if name in DENIALS or _DENIAL_NAME.search(name):
            return True
        if isinstance(exc, ast.Call):
            codes = _codes(exc)
            if codes & _AUTH_CODES:
                return True
            if codes & _REDIRECT_CODES or name in _REDIRECTS:
                return _mentions_login(exc)
        return self._denial_class(exc, seen)

    def _denial_class(self, exc: ast.expr, seen: int) -> bool:
        """A reviewed exception class that carries 401/403 (`status_code = 401`)."""
        found = self.code.resolve(dotted(exc), self.module)
        if found is None or not isinstance(found.node, ast.ClassDef) or seen >= 3:
            return False
        cls = found.node
        for attribute in ("status_code", "code", "status"):
            if status_of(class_attribute(cls, attribute)) in _AUTH_CODES:
                return True
        for node in ast.walk(cls):
            if (
                isinstance(node, ast.Call)
                and tail(dotted(node.func)) == "__init__"
                and _codes(node) & _AUTH_CODES
            ):
                return True
        return any(tail(dotted(base)) in DENIALS for base in cls.bases)

    def _rejection(self, value: ast.expr, depth: int, seen: int = 0) -> bool:
        """A returned value that refuses the request."""
        if isinstance(value, ast.Name) and value.id in self.assigned and seen < 3:
            return any(self._rejection(v, depth, seen + 1) for v in self.assigned[value.id])
        if isinstance(value, ast.Tuple):
            if any(status_of(e) in _AUTH_CODES for e in value.elts[1:]):
                return True
            return bool(value.elts) and self._rejection(value.elts[0], depth, seen)
        if not isinstance(value, ast.Call):
            return False
        name = tail(dotted(value.func))
        if name in DENIALS or name in _REJECTING_CALLS or _login_redirect(value):
            return True
        if _codes(value) & _AUTH_CODES:
            return True
        if name == "make_response" or name == "abort":
            return any(isinstance(a, ast.Call) and self._rejection(a, depth) for a in value.args)
        found = self._resolve_call(value)
        if found is not None and depth < _MAX_DEPTH:
            assert isinstance(found.node, ast.FunctionDef | ast.AsyncFunctionDef)
            mode: Mode = "hook" if self.mode in {"hook", "route"} else self.mode
            helper = Walker(
                self.code,
                found.module,
                found.node,
                mode,
                self.route,
                depth + 1,
                self.proceed,
                self.request_names,
            )
            return helper.run().rejects
        return False


def _calls_in(node: ast.AST) -> list[ast.Call]:
    """Calls in an expression, innermost first, not inside lambdas or comprehensions'
    own functions."""
    found = []
    stack: list[ast.AST] = [node]
    while stack:
        child = stack.pop()
        if isinstance(child, ast.Lambda):
            continue
        if isinstance(child, ast.Call):
            found.append(child)
        stack.extend(ast.iter_child_nodes(child))
    return list(reversed(found))


# -- what guards are ---------------------------------------------------------------------


def hook_outcome(code: Code, found: Found, route: RouteFacts | None) -> Outcome:
    """A Flask/Quart before_request function for one route."""
    assert isinstance(found.node, ast.FunctionDef | ast.AsyncFunctionDef)
    return Walker(code, found.module, found.node, "hook", route).run()


def middleware_outcome(code: Code, found: Found, route: RouteFacts | None) -> Outcome:
    """An aiohttp (`request, handler`) or Starlette (`request, call_next`) middleware, or a
    BaseHTTPMiddleware's `dispatch(self, request, call_next)`."""
    fn = found.node
    assert isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
    names = [p.arg for p in parameters(fn) if p.arg not in {"self", "cls"}]
    request = frozenset({"request", "req", *names[:1]})
    proceed = frozenset(names[1:2])
    walker = Walker(
        code, found.module, fn, "middleware", route, proceed=proceed, request_names=request
    )
    return walker.run()


def route_body_rejects(code: Code, module: Module, fn: FunctionNode) -> bool:
    """A view's own body refuses some requests (abort(401), a 401 response, a reviewed
    helper that raises PermissionDenied)."""
    names = frozenset({"request", "req", *(p.arg for p in parameters(fn)[:2] if "req" in p.arg)})
    return Walker(code, module, fn, "route", request_names=names).run().rejects


def decorator_protects(code: Code, found: Found) -> bool:
    """A view decorator defined in the review: the wrapper it returns rejects the request
    before calling the view (`@login_required` written by the project)."""
    fn = found.node
    if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    for wrapper, wrapped in _wrappers(fn):
        walker = Walker(code, found.module, wrapper, "decorator", proceed=frozenset({wrapped}))
        if walker.run().protects:
            return True
    return False


def _wrappers(fn: FunctionNode) -> list[tuple[FunctionNode, str]]:
    """(inner function, name of the wrapped view it calls) pairs: `def deco(view): def
    wrapper(*a): ... view(*a)` and decorator factories one level deeper."""
    functions = [
        node for node in ast.walk(fn) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    found: list[tuple[FunctionNode, str]] = []
    for inner in functions[1:]:
        outer = {p.arg for f in functions if f is not inner for p in parameters(f)}
        own = {p.arg for p in parameters(inner)}
        called = {
            c.func.id
            for c in ast.walk(inner)
            if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
        }
        found.extend((inner, name) for name in sorted((called & outer) - own))
    return found


def dependency_protects(
    code: Code, module: Module, target: ast.expr, depth: int = 0
) -> bool | None:
    """`Depends(target)`: True when it rejects callers without credentials, False when
    its body (in the review) does not, None when the review does not have it."""
    if depth > _MAX_DEPTH:
        return False
    call = target if isinstance(target, ast.Call) else None
    name = dotted(call.func if call is not None else target)
    if tail(name) in SCHEMES and call is not None:
        return _scheme_rejects(call)
    found = code.resolve(name, module) if name else None
    if found is None:
        return None
    node = found.node
    if isinstance(node, ast.Call):  # `bearer = HTTPBearer(auto_error=False)`
        if tail(dotted(node.func)) in SCHEMES:
            return _scheme_rejects(node)
        return dependency_protects(code, found.module, node, depth + 1)
    if isinstance(node, ast.ClassDef):
        return _class_dependency(code, found.module, node, instance=call is not None, depth=depth)
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return function_dependency(code, found.module, node, depth)
    return None


def function_dependency(code: Code, module: Module, fn: FunctionNode, depth: int = 0) -> bool:
    """A dependency function: it raises for callers without credentials, or one of its own
    dependencies does (`def active_user(user=Depends(current_user))`)."""
    if Walker(code, module, fn, "dependency", depth=depth).run().protects:
        return True
    return any(
        depends_call_protects(code, module, call, depth + 1)
        for call in dependency_calls(code, module, fn)
    )


def depends_call_protects(code: Code, module: Module, call: ast.Call, depth: int = 0) -> bool:
    """`Depends(x)` / `Security(x)`: x's body decides; a library's x goes by its name
    (`Security(...)` always asks for credentials)."""
    target = call.args[0] if call.args else _keyword(call, "dependency")
    if target is None:
        return False
    verdict = dependency_protects(code, module, target, depth)
    if verdict is None:
        return dotted(call.func).endswith("Security") or dependency_name_checks(target)
    return verdict


def _class_dependency(
    code: Code, module: Module, cls: ast.ClassDef, *, instance: bool, depth: int
) -> bool:
    """`Depends(JWTBearer())` runs `__call__`; `Depends(Guard)` runs `__init__`."""
    method = class_method(cls, "__call__" if instance else "__init__")
    if method is not None and function_dependency(code, module, method, depth + 1):
        return True
    if instance and method is not None:
        uses_base = any(
            isinstance(c, ast.Call)
            and isinstance(c.func, ast.Attribute)
            and isinstance(c.func.value, ast.Call)
            and dotted(c.func.value.func) == "super"
            for c in ast.walk(method)
        )
        if uses_base and any(tail(dotted(b)) in SCHEMES for b in cls.bases):
            return True
    return False


def _scheme_rejects(call: ast.Call) -> bool:
    auto_error = next((k.value for k in call.keywords if k.arg == "auto_error"), None)
    return not (isinstance(auto_error, ast.Constant) and auto_error.value is False)


def dependency_calls(code: Code, module: Module, fn: FunctionNode) -> list[ast.Call]:
    """The `Depends(...)`/`Security(...)` among a function's parameters, through
    `Annotated[...]` and type aliases such as `CurrentUser = Annotated[User, Depends(...)]`."""
    args = fn.args
    defaults = [*args.defaults, *(d for d in args.kw_defaults if d is not None)]
    annotations = [a.annotation for a in parameters(fn) if a.annotation is not None]
    return [
        call
        for node in (*defaults, *(_expand_alias(code, module, a) for a in annotations))
        for call in ast.walk(node)
        if isinstance(call, ast.Call) and tail(dotted(call.func)) in {"Depends", "Security"}
    ]


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _expand_alias(code: Code, module: Module, annotation: ast.expr) -> ast.expr:
    if isinstance(annotation, ast.Name):
        found = code.resolve(annotation.id, module)
        if found is not None and isinstance(found.node, ast.expr):
            return found.node
    return annotation


_DEPENDENCY_NAME = re.compile(
    r"login|auth|jwt|token|permission|role|admin|staff|superuser|secur|signed_in|api_?key|"
    r"oauth|credential|current_|caller|principal|identity|user",
    re.IGNORECASE,
)
_NOT_AUTH = re.compile(r"not_required|exempt|public|allow_?any|optional|anonymous|maybe", re.I)


def dependency_name_checks(target: ast.expr) -> bool:
    """Name heuristic for a dependency the review does not have (`billing.auth.current_caller`)."""
    name = tail(dotted(target.func if isinstance(target, ast.Call) else target))
    return bool(_DEPENDENCY_NAME.search(name)) and not _NOT_AUTH.search(name)


# -- DRF permissions ---------------------------------------------------------------------

_AUTH_REFERENCE = re.compile(
    r"\buser\b|is_authenticated|is_anonymous|\bauth\b|has_perms?|is_staff|is_superuser|"
    r"groups|token|api_?key|credential",
    re.IGNORECASE,
)
_PERMISSIVE_NAMES = re.compile(r"AllowAny|ReadOnly", re.IGNORECASE)


def permission_protects(code: Code, module: Module, node: ast.expr, depth: int = 0) -> bool:
    """One entry of `permission_classes`: whether it turns away anonymous callers for every
    method (`IsAuthenticated`; a reviewed class whose has_permission checks the user before
    any `return True`)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd):
        return permission_protects(code, module, node.left, depth) or permission_protects(
            code, module, node.right, depth
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return permission_protects(code, module, node.left, depth) and permission_protects(
            code, module, node.right, depth
        )
    target = node.func if isinstance(node, ast.Call) else node
    name = dotted(target)
    found = code.resolve(name, module) if name else None
    if found is None or not isinstance(found.node, ast.ClassDef) or depth > _MAX_DEPTH:
        short = tail(name)
        if not short or _PERMISSIVE_NAMES.search(short):
            return False
        return short.startswith("Is") or bool(_DEPENDENCY_NAME.search(short))
    cls = found.node
    method = class_method(cls, "has_permission")
    if method is not None:
        return _has_permission_requires_user(method)
    return any(permission_protects(code, found.module, base, depth + 1) for base in cls.bases)


def _has_permission_requires_user(method: FunctionNode) -> bool:
    """No `return <something that ignores the user>` before the user is checked, and the
    user is checked somewhere."""
    if not any(_AUTH_REFERENCE.search(ast.unparse(n)) for n in method.body):
        return False
    return not _permissive_return(method.body)


def _permissive_return(body: list[ast.stmt]) -> bool:
    for statement in body:
        if isinstance(statement, ast.Return):
            value = statement.value
            if value is None or (isinstance(value, ast.Constant) and not value.value):
                return False
            return not _AUTH_REFERENCE.search(ast.unparse(value))
        if isinstance(statement, ast.If):
            if _AUTH_REFERENCE.search(ast.unparse(statement.test)):
                if _ends_denying(statement.body):
                    continue  # `if not user.is_authenticated: return False`
                return _permissive_return(statement.orelse)
            if _permissive_return(statement.body) or _permissive_return(statement.orelse):
                return True
        elif isinstance(statement, ast.Raise):
            return False
    return False


def _ends_denying(body: list[ast.stmt]) -> bool:
    last = body[-1] if body else None
    if isinstance(last, ast.Raise):
        return True
    return isinstance(last, ast.Return) and (
        last.value is None or (isinstance(last.value, ast.Constant) and not last.value.value)
    )


# -- class-based views -------------------------------------------------------------------


def mixin_protects(code: Code, found: Found, depth: int = 0) -> bool | None:
    """A base class of a view defined in the review: its `dispatch` rejects before handing
    on to the view, its `permission_classes` protect, or one of its own bases does. None
    when it has none of these (the caller then looks at the class's other bases)."""
    cls = found.node
    if not isinstance(cls, ast.ClassDef) or depth > _MAX_DEPTH:
        return None
    dispatch = class_method(cls, "dispatch")
    if dispatch is not None:
        walker = Walker(code, found.module, dispatch, "decorator", request_names=_VIEW_REQUEST)
        if walker.run().protects:
            return True
    chosen = class_method(cls, "get_permissions")
    if chosen is not None:
        return _get_permissions_protects(code, found.module, cls, chosen)
    if _permission_classes_protect(code, found.module, cls):
        return True
    for base in cls.bases:
        base_found = code.resolve(dotted(base), found.module)
        if base_found is not None:
            if mixin_protects(code, base_found, depth + 1):
                return True
        elif view_base_name_protects(tail(dotted(base))):
            return True
    return False if dispatch is not None else None


def _permission_classes_protect(code: Code, module: Module, cls: ast.ClassDef) -> bool:
    permissions = class_attribute(cls, "permission_classes")
    if not isinstance(permissions, ast.List | ast.Tuple):
        return False
    return any(permission_protects(code, module, e) for e in permissions.elts)


def _get_permissions_protects(
    code: Code, module: Module, cls: ast.ClassDef, method: FunctionNode
) -> bool:
    """DRF's `get_permissions()` replaces `permission_classes`: every list it returns must
    hold a permission that turns anonymous callers away (`[AllowAny()]` for reads does
    not); `super().get_permissions()` stands for the class's permission_classes."""
    returns = [n for n in own_nodes(method) if isinstance(n, ast.Return)]
    if not returns:
        return False
    for statement in returns:
        value = statement.value
        if isinstance(value, ast.List | ast.Tuple):
            if not any(permission_protects(code, module, e) for e in value.elts):
                return False
        elif isinstance(value, ast.ListComp) and isinstance(value.elt, ast.Call):
            if not _permission_classes_protect(code, module, cls):
                return False  # `[p() for p in self.permission_classes]`
        elif not _permission_classes_protect(code, module, cls):
            return False
    return True


_VIEW_REQUEST = frozenset({"request"})
_VIEW_BASE_NAME = re.compile(
    r"login|auth|permission|staff|superuser|user_?passes|admin|jwt|token", re.IGNORECASE
)


def view_base_name_protects(name: str) -> bool:
    """Name heuristic for a library mixin (`LoginRequiredMixin`, `PermissionRequiredMixin`)."""
    return bool(_VIEW_BASE_NAME.search(name)) and not _NOT_AUTH.search(name)
