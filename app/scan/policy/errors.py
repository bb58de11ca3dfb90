"""errors.expose_details: false — no exception text in responses, no debug mode.

Exception objects (`except ... as e`, error handler parameters) and `traceback.format_exc()`
are labelled; a route's returned value or a response built from them (`jsonify`, `abort`,
`HTTPException(detail=...)`, `HttpResponse`) is a finding. `type(e).__name__` and `e.code`
carry no details and end the flow.

Responses the events do not see are read from the syntax (see `exposures`): http.server's
`send_error(code, message, explain)` and `wfile.write`, aiohttp's `json_response`, a WSGI
application's returned body, and reviewed helpers that write their argument to one of
these (`self._send(500, body)`), with exception text followed through locals and one level
of reviewed helpers (`_client_message(exc)` returning `f"{type(exc).__name__}: {exc}"`). An
exposure that only a server-side switch turns on (`if app_settings.expose_errors:`) is a
debug setting, not a finding; one the client turns on (`X-Debug-Errors: 1`) is.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from app.core.findings import Finding, Severity
from app.core.threat_model import Policies
from app.scan.policy.common import PolicyFile, Rule, dotted_tail, make_finding
from app.scan.policy.reviewed import Code, Found, Module, class_method, own_nodes, parameters
from app.scan.python_flow.events import CallEvent, Event, ReturnEvent, StoreEvent
from app.scan.python_flow.model import Taint, Value
from app.scan.python_flow.relevance import RESPONSE_CALLS
from app.scan.python_flow.routes import FunctionNode, dotted

POLICY = "errors"
DETAILS_RULE = Rule(
    POLICY,
    "error-details-exposed",
    "Exception details sent to the client",
    (209,),
    Severity.MEDIUM,
    "Exception text and tracebacks show file paths, SQL, library versions and sometimes "
    "secrets: a map for the next attack. The threat model says errors must not expose them.",
    "Log the exception on the server (log.exception) and return a generic message with an "
    "error id the user can quote.",
)
DEBUG_RULE = Rule(
    POLICY,
    "debug-mode",
    "Debug mode enabled",
    (489,),
    Severity.MEDIUM,
    "Debug mode shows tracebacks to clients, and Werkzeug's debugger even runs code typed "
    "into the error page. The threat model says errors must not expose details.",
    "Turn debug off in code (debug=False) and enable it only from a development setting "
    "such as an environment variable that production never sets.",
)
_DEBUG_APPS = ("flask.Flask()", "quart.Quart()")
_DEBUG_CONSTRUCTORS = frozenset({"fastapi.FastAPI", "starlette.applications.Starlette"})
_SETTINGS_MARKERS = frozenset({"INSTALLED_APPS", "ROOT_URLCONF", "MIDDLEWARE"})


def applies(policies: Policies) -> bool:
    return policies.errors is not None and policies.errors.expose_details is False


def _exception_taints(value: Value | None) -> list[Taint]:
    if value is None:
        return []
    return [t for t in value.live("response") if t.label.source == "exception"]


def _response_exposure(file: PolicyFile, event: Event) -> tuple[list[Taint], str]:
    if isinstance(event, ReturnEvent) and event.function in file.routes:
        return _exception_taints(event.value), "the route's response"
    if isinstance(event, CallEvent) and dotted_tail(event.name) in RESPONSE_CALLS:
        found = [t for v in event.values() if v is not event.receiver for t in _exception_taints(v)]
        return found, f"{dotted_tail(event.name)}()"
    return [], ""


def _details_findings(file: PolicyFile) -> Iterator[Finding]:
    for event in file.analysis.events:
        taints, where = _response_exposure(file, event)
        if taints:
            first = min(taints, key=lambda t: t.label.line)
            message = (
                f"Text of {first.label.what} (line {first.label.line}) reaches {where}; "
                "the threat model says errors must not expose details."
            )
            yield make_finding(DETAILS_RULE, file, event.node, message)


def _debug_call(event: CallEvent) -> str | None:
    debug = event.kwarg("debug")
    if event.method == "run" and debug is not None and debug.const is True:
        return "the app runs with debug=True"
    if event.name in _DEBUG_CONSTRUCTORS and debug is not None and debug.const is True:
        return f"{dotted_tail(event.name)}(debug=True)"
    debugger = event.kwarg("use_debugger")
    if dotted_tail(event.name) == "run_simple" and debugger is not None and debugger.const is True:
        return "run_simple(use_debugger=True)"
    if event.method in {"update", "from_mapping"}:
        value = event.kwarg("DEBUG")
        if value is not None and value.const is True:
            return "config DEBUG=True"
    return None


def _debug_store(file: PolicyFile, event: StoreEvent) -> str | None:
    if event.value.const is not True:
        return None
    if event.key == "DEBUG" and event.target.endswith("config"):
        return 'config["DEBUG"] = True'
    if event.target.endswith(".debug") and event.target.startswith(_DEBUG_APPS):
        return "app.debug = True"
    if event.target == "DEBUG" and event.function == "<module>" and _settings_module(file):
        return "DEBUG = True in the settings module"
    return None


def _settings_module(file: PolicyFile) -> bool:
    name = file.source.path.rsplit("/", 1)[-1]
    return name.startswith("settings") or bool(_SETTINGS_MARKERS & set(file.analysis.module_env))


def _debug_findings(file: PolicyFile) -> Iterator[Finding]:
    for event in file.analysis.events:
        if isinstance(event, CallEvent):
            what = _debug_call(event)
        elif isinstance(event, StoreEvent):
            what = _debug_store(file, event)
        else:
            continue
        if what:
            message = (
                f"Debug mode is on ({what}); the threat model says errors must not expose details."
            )
            yield make_finding(DEBUG_RULE, file, event.node, message)


def check(file: PolicyFile, policies: Policies) -> Iterator[Finding]:
    yield from _details_findings(file)
    yield from _syntax_findings(file)
    yield from _debug_findings(file)


# -- responses read from the syntax ------------------------------------------------------

# Response writers and which of their arguments carry the body (None: all but status and
# headers).
_WRITERS: dict[str, tuple[int, ...] | None] = {
    "send_error": (1, 2),
    "json_response": None,
    "Response": None,
    "web.Response": None,
    "write": (0,),
    "finish": (0,),
}
_QUIET_KEYWORDS = frozenset({"status", "status_code", "headers", "content_type", "reason"})
_SAFE_ATTRS = frozenset(
    {"__name__", "__qualname__", "code", "status_code", "status", "errno", "__class__"}
)
_TRACEBACKS = frozenset(
    {"traceback.format_exc", "traceback.format_exception", "traceback.format_tb",
     "traceback.format_stack", "traceback.format_exception_only", "sys.exc_info"}
)  # fmt: skip
_MUTATORS = frozenset({"update", "append", "extend", "setdefault", "insert"})
_CLIENT = re.compile(
    r"\b(headers|args|query|query_params|cookies|GET|POST|form|json|QUERY_STRING|HTTP_\w+)\b"
)
_SERVER_SWITCH = re.compile(r"debug|settings|config|expose|environ|getenv|DEBUG", re.IGNORECASE)


def _syntax_findings(file: PolicyFile) -> Iterator[Finding]:
    code = file.code
    written: dict[int, set[str]] = {}  # helper -> its parameters that reach a response
    for fn in _functions(file.analysis.tree):
        for node, source in exposures(code, code.module, fn, written):
            message = (
                f"Text of {source} reaches {_writer_name(node)}; the threat model says errors "
                "must not expose details."
            )
            yield make_finding(DETAILS_RULE, file, node, message)


def _functions(tree: ast.Module) -> list[FunctionNode]:
    """The functions where exception text starts: an `except ... as e` clause or a
    traceback call in their own body (found in one pass over the tree)."""
    found: dict[int, FunctionNode] = {}
    stack: list[tuple[ast.AST, FunctionNode | None]] = [(tree, None)]
    while stack:
        node, inner = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            inner = node
            if _handled_exception(node) is not None:
                found[id(node)] = node
        if inner is not None and (
            (isinstance(node, ast.ExceptHandler) and node.name)
            or (isinstance(node, ast.Call) and dotted(node.func) in _TRACEBACKS)
        ):
            found[id(inner)] = inner
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))
    return list(found.values())


def _writer_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        return f"{dotted(node.func) or 'a call'}()"
    return "the WSGI response body"


_ERROR_HANDLERS = frozenset({"errorhandler", "app_errorhandler", "exception_handler"})


def _handled_exception(fn: FunctionNode) -> str | None:
    """The exception parameter of an error handler: `@app.errorhandler(500) def h(e)`,
    `@app.exception_handler(Exception) async def h(request, exc)`."""
    for decorator in fn.decorator_list:
        func = decorator.func if isinstance(decorator, ast.Call) else decorator
        if dotted(func).rsplit(".", 1)[-1] in _ERROR_HANDLERS:
            names = [p.arg for p in parameters(fn) if p.arg not in {"self", "cls"}]
            return names[-1] if names else None
    return None


def exposures(
    code: Code, module: Module, fn: FunctionNode, written: dict[int, set[str]] | None = None
) -> list[tuple[ast.AST, str]]:
    """(node, what) where exception text reaches a response the events do not record."""
    scope = _Scope(code, module, fn, written=written if written is not None else {})
    found: list[tuple[ast.AST, str]] = []
    for node in scope.nodes:
        if isinstance(node, ast.Call):
            for arg in scope.body_arguments(node):
                source = scope.exception_text(arg)
                if source and not scope.server_gated(node):
                    found.append((node, source))
                    break
        elif isinstance(node, ast.Return) and node.value is not None and scope.wsgi:
            source = scope.exception_text(node.value)
            if source and not scope.server_gated(node):
                found.append((node, source))
    return found


class _Scope:
    """One function: its locals, exception names and parents."""

    def __init__(
        self,
        code: Code,
        module: Module,
        fn: FunctionNode,
        depth: int = 0,
        written: dict[int, set[str]] | None = None,
    ) -> None:
        self.code, self.module, self.fn, self.depth = code, module, fn, depth
        self.written = written if written is not None else {}
        self.nodes = list(own_nodes(fn))
        self.parents: dict[int, ast.AST] = {}
        for node in [fn, *self.nodes]:
            for child in ast.iter_child_nodes(node):
                self.parents[id(child)] = node
        # name -> (value, statement): `x = value`, `x["k"] = value`, `x.update(value)`
        self.assigned: dict[str, list[tuple[ast.expr, ast.AST]]] = {}
        self.exceptions: set[str] = set()
        for node in self.nodes:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    base = target.value if isinstance(target, ast.Subscript) else target
                    if isinstance(base, ast.Name):
                        self.assigned.setdefault(base.id, []).append((node.value, node))
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                receiver = node.func.value
                if node.func.attr in _MUTATORS and isinstance(receiver, ast.Name):
                    for arg in node.args:
                        self.assigned.setdefault(receiver.id, []).append((arg, node))
            elif (
                isinstance(node, ast.ExceptHandler)
                and node.name
                and not self._own_exception(node.type)
            ):
                self.exceptions.add(node.name)
        names = [p.arg for p in parameters(fn)]
        handled = _handled_exception(fn)
        if handled is not None and depth == 0:
            self.exceptions.add(handled)
        self.wsgi = "start_response" in names
        self.params = set(names)

    def _handler_of(self, name: ast.Name) -> ast.ExceptHandler | None:
        """The `except ... as <name>` clause a use of the name is inside."""
        child: ast.AST = name
        while id(child) in self.parents:
            child = self.parents[id(child)]
            if isinstance(child, ast.ExceptHandler) and child.name == name.id:
                return child
        return None

    def _own_exception(self, caught: ast.expr | None) -> bool:
        """`except BadRequest as exc` with BadRequest defined in the review: its messages
        are the project's own words for the client, not internal details."""
        if caught is None:
            return False
        classes = caught.elts if isinstance(caught, ast.Tuple) else [caught]
        found = [self.code.resolve(dotted(c), self.module) for c in classes]
        return all(f is not None and isinstance(f.node, ast.ClassDef) for f in found)

    def body_arguments(self, call: ast.Call) -> list[ast.expr]:
        """The arguments of a response writer that end up in the body."""
        func = call.func
        name = dotted(func)
        short = name.rsplit(".", 1)[-1]
        if (
            short == "write"
            and not name.endswith("wfile.write")
            and not (name.startswith("self.") and self._handler_class())
        ):
            return []
        if short == "finish" and not (name.startswith("self.") and self._handler_class()):
            return []
        if short in _WRITERS and (short != "Response" or name.startswith("web.")):
            positions = _WRITERS[short]
            args = list(call.args)
            chosen = args if positions is None else [args[i] for i in positions if i < len(args)]
            chosen += [k.value for k in call.keywords if k.arg not in _QUIET_KEYWORDS]
            return chosen
        return self._helper_arguments(call)

    def _handler_class(self) -> bool:
        """Inside a request handler class (http.server, tornado)."""
        for cls in self.module.classes.values():
            if any(item is self.fn for item in cls.body):
                return any(dotted(b).endswith("RequestHandler") for b in cls.bases)
        return False

    def _helper_arguments(self, call: ast.Call) -> list[ast.expr]:
        """Arguments of a reviewed helper that writes the matching parameter to a response
        (`self._send(status, body)` whose body is `self.wfile.write(body)`)."""
        if self.depth >= 1:
            return []
        found = self._callee(call)
        if found is None:
            return []
        assert isinstance(found.node, ast.FunctionDef | ast.AsyncFunctionDef)
        if id(found.node) not in self.written:
            helper = _Scope(self.code, found.module, found.node, self.depth + 1, self.written)
            self.written[id(found.node)] = helper.written_parameters()
        written = self.written[id(found.node)]
        if not written:
            return []
        params = [p.arg for p in parameters(found.node)]
        offset = 1 if params[:1] == ["self"] else 0
        chosen = [
            a
            for i, a in enumerate(call.args)
            if i + offset < len(params) and params[i + offset] in written
        ]
        chosen += [k.value for k in call.keywords if k.arg in written]
        return chosen

    def written_parameters(self) -> set[str]:
        """Parameters whose value reaches a response writer here (through locals)."""
        found: set[str] = set()
        for node in self.nodes:
            if isinstance(node, ast.Call):
                for arg in self.body_arguments(node):
                    found |= self._parameters_in(arg, 0)
        return found

    def _parameters_in(self, node: ast.expr, seen: int) -> set[str]:
        found: set[str] = set()
        for name in (n for n in ast.walk(node) if isinstance(n, ast.Name)):
            if name.id in self.params:
                found.add(name.id)
            elif seen < 3:
                for value, _ in self.assigned.get(name.id, []):
                    found |= self._parameters_in(value, seen + 1)
        return found

    def _callee(self, call: ast.Call) -> Found | None:
        name = dotted(call.func)
        if name.startswith("self."):
            for cls in self.module.classes.values():
                if any(item is self.fn for item in cls.body):
                    method = class_method(cls, name.split(".", 1)[1])
                    return Found(self.module, method) if method is not None else None
            return None
        found = self.code.resolve(name, self.module) if name else None
        if found is not None and isinstance(found.node, ast.FunctionDef | ast.AsyncFunctionDef):
            return found
        return None

    def exception_text(self, node: ast.expr, seen: int = 0) -> str:
        """What exception text the expression carries ("exc", "traceback.format_exc()"),
        or ""."""
        if isinstance(node, ast.Name):
            handler = self._handler_of(node)
            if handler is not None:
                return "" if self._own_exception(handler.type) else node.id
            if node.id in self.exceptions:
                return node.id
            if seen < 3:
                for value, statement in self.assigned.get(node.id, []):
                    if self.server_gated(statement):
                        continue  # `if settings.expose_errors: body["trace"] = ...`
                    found = self.exception_text(value, seen + 1)
                    if found:
                        return found
            return ""
        if isinstance(node, ast.Attribute):
            if node.attr in _SAFE_ATTRS:
                return ""
            return self.exception_text(node.value, seen)
        if isinstance(node, ast.Call):
            name = dotted(node.func)
            if name in _TRACEBACKS:
                return f"{name}()"
            if name in {"type", "isinstance"}:
                return ""
            parts = [*node.args, *(k.value for k in node.keywords)]
            if isinstance(node.func, ast.Attribute):
                parts.append(node.func.value)
            found = next((t for p in parts if (t := self.exception_text(p, seen))), "")
            if found and self._callee(node) is not None and self.depth < 1:
                return found if self._helper_returns_text(node) else ""
            return found
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                found = self.exception_text(child, seen)
                if found:
                    return found
        return ""

    def _helper_returns_text(self, call: ast.Call) -> bool:
        """A reviewed helper given the exception: does what it returns carry its text?
        (`f"{type(exc).__name__}: {exc}"` does, `type(exc).__name__` does not)."""
        found = self._callee(call)
        if found is None:
            return True
        assert isinstance(found.node, ast.FunctionDef | ast.AsyncFunctionDef)
        helper = _Scope(self.code, found.module, found.node, self.depth + 1)
        helper.exceptions = {p.arg for p in parameters(found.node)} - {"self", "cls"}
        returns = [n.value for n in helper.nodes if isinstance(n, ast.Return) and n.value]
        return any(helper.exception_text(r) for r in returns)

    def server_gated(self, node: ast.AST) -> bool:
        """Only sent when a server-side switch is on: `if settings.expose_errors:` (or a
        helper returning one), not when the client asks for it."""
        child = node
        while id(child) in self.parents:
            parent = self.parents[id(child)]
            if isinstance(parent, ast.If) and child in parent.body:
                text = self._condition_text(parent.test)
                if _SERVER_SWITCH.search(text) and not _CLIENT.search(text):
                    return True
            child = parent
        return False

    def _condition_text(self, test: ast.expr) -> str:
        text = ast.unparse(test)
        for call in ast.walk(test):
            if isinstance(call, ast.Call):
                found = self._callee(call)
                if found is not None and isinstance(
                    found.node, ast.FunctionDef | ast.AsyncFunctionDef
                ):
                    returns = [n.value for n in own_nodes(found.node) if isinstance(n, ast.Return)]
                    text += " " + " ".join(ast.unparse(r) for r in returns if r is not None)
        return text
