"""Where untrusted data enters: request objects, route parameters, stdin, argv, env, sockets.

Each source becomes a `Label` on the value that carries it. Remote sources (request, route,
socket) are the attacker's; stdin and argv belong to whoever runs the program; the
environment is usually the operator's, so findings from it are rated lower.
"""

from __future__ import annotations

import ast
from typing import Final

from app.scan.python_flow.model import ALL, CLEAN, Label, Taint, Value, tainted
from app.scan.python_flow.routes import WEB_PACKAGES, FunctionNode, Route, dotted

HTTP_REQUEST: Final = "http.request"  # ref of a request object, whatever the framework
# "archive": member names inside a zip or tar file, which whoever made the archive chose.
REMOTE_SOURCES: Final = frozenset({"request", "route", "socket", "archive"})
LOCAL_SOURCES: Final = frozenset({"stdin", "argv"})
ATTACKER_SOURCES: Final = REMOTE_SOURCES | LOCAL_SOURCES | {"env"}

_STRMAP = ("strmap", "")
# Attributes of a request object (Flask's `request`, Django's and Starlette's `request`
# parameter) that hold client data: (shape, facet).
_REQUEST_ATTRS: dict[str, tuple[str | None, str]] = {
    **dict.fromkeys(
        ("args", "form", "values", "cookies", "headers", "GET", "POST", "COOKIES", "META",
         "query_params", "path_params", "query", "REQUEST", "arguments", "query_arguments",
         "body_arguments"),
        _STRMAP,
    ),
    **dict.fromkeys(
        ("json", "data", "body", "stream", "get_json", "get_data", "view_args", "content",
         "text", "read", "match_info", "post", "multipart",
         # Pyramid's json_body / matchdict, Falcon's get_media() / media / bounded_stream
         "json_body", "matchdict", "get_media", "media", "bounded_stream"),
        (None, ""),
    ),
    # Pyramid's and Falcon's query and form parameters
    "params": _STRMAP,
    **dict.fromkeys(("get_param", "get_header"), ("str", "")),
    **dict.fromkeys(("files", "FILES"), (None, "upload")),
    **dict.fromkeys(
        ("url", "full_path", "referrer", "query_string", "get_full_path", "raw_uri",
         # Django's path_info, aiohttp's path_qs / raw_path: the client's request line.
         "path_info", "get_full_path_info", "path_qs", "raw_path"),
        ("str", ""),
    ),
    # aiohttp's relative URL (request.rel_url.query["q"]); a yarl URL, not text.
    "rel_url": (None, ""),
}  # fmt: skip
_MODULE_SOURCES: dict[str, tuple[str, str | None]] = {
    "sys.argv": ("argv", None),
    "os.environ": ("env", "strmap"),
    "os.environb": ("env", "strmap"),
    "sys.stdin": ("stdin", None),
}
_CALL_SOURCES: dict[str, tuple[str, str]] = {
    "input": ("stdin", ""),
    "raw_input": ("stdin", ""),
    "os.getenv": ("env", ""),
    "os.getenvb": ("env", ""),
    "getpass.getpass": ("stdin", "password"),
    # The shared temporary folder: a name under it that nothing unguessable is part of is
    # another local user's to create first (config_checks.py; not attacker input).
    "tempfile.gettempdir": ("tempdir", ""),
    "tempfile.gettempdirb": ("tempdir", ""),
    # Internal details that the errors policy keeps out of responses.
    "traceback.format_exc": ("exception", ""),
    "traceback.format_exception": ("exception", ""),
    "traceback.format_tb": ("exception", ""),
    "traceback.format_stack": ("exception", ""),
    "sys.exc_info": ("exception", ""),
}
_ARCHIVE_LISTINGS = frozenset({"infolist", "namelist", "getmembers", "getnames", "getmember"})
_ARCHIVES = ("zipfile.ZipFile", "tarfile.open", "tarfile.TarFile")
# Attributes of a socketserver or http.server request handler (self.rfile, self.path).
HANDLER_ATTRS: dict[str, tuple[str, str]] = {
    "rfile": ("socket", "self.rfile"),
    "request": ("socket", "self.request"),
    "path": ("request", "self.path"),
    "headers": ("request", "self.headers"),
}
_METHOD_SOURCES: dict[str, str] = {
    "recv": "socket",
    "recvfrom": "socket",
    "recvmsg": "socket",
    "parse_args": "argv",
    "parse_known_args": "argv",
}
# What attribute access on an uploaded file gives.
_UPLOAD_ATTRS: dict[str, str] = {
    "filename": "filename",
    "name": "filename",
    "content_type": "content-type",
    "mimetype": "content-type",
    "size": "size",
    "content_length": "size",
}
_CLEAN_ANNOTATIONS = frozenset(
    {"int", "float", "bool", "UUID", "date", "datetime", "time", "timedelta", "Decimal",
     "conint", "confloat", "condecimal", "PositiveInt", "NegativeInt", "NonNegativeInt",
     "NonPositiveInt", "PositiveFloat", "StrictInt", "StrictFloat", "StrictBool",
     "BackgroundTasks", "Response", "Session", "AsyncSession", "SecurityScopes"}
)  # fmt: skip
_REQUEST_ANNOTATIONS = frozenset(
    {"Request", "HttpRequest", "WSGIRequest", "ASGIRequest", "HTTPConnection", "WebSocket"}
)
_WRAPPERS = frozenset({"Optional", "Union", "List", "list", "Sequence", "Set", "set", "tuple"})


def request_attribute(attr: str, line: int) -> Value | None:
    """The value of `request.<attr>` when it carries client data."""
    if attr not in _REQUEST_ATTRS:
        return None
    shape, facet = _REQUEST_ATTRS[attr]
    return tainted(Label("request", f"request.{attr}", line, facet), shape=shape)


def module_source(name: str, line: int) -> Value | None:
    """`sys.argv`, `os.environ` and the like, by resolved dotted name."""
    if name not in _MODULE_SOURCES:
        return None
    source, shape = _MODULE_SOURCES[name]
    return tainted(Label(source, name, line), shape=shape)


# A tornado RequestHandler's own accessors of the client's request.
TORNADO_ARGUMENTS = frozenset(
    {"get_argument", "get_arguments", "get_query_argument", "get_query_arguments",
     "get_body_argument", "get_body_arguments", "get_cookie", "decode_argument"}
)  # fmt: skip


def call_source(
    name: str | None, method: str | None, line: int, receiver: str | None = None
) -> Value | None:
    """The result of `input()`, `os.getenv(...)`, `sock.recv(...)`, `parser.parse_args()`,
    `archive.namelist()`."""
    if method in _ARCHIVE_LISTINGS and (receiver or "").startswith(_ARCHIVES):
        return tainted(Label("archive", "archive member names", line))
    if name in _CALL_SOURCES:
        source, facet = _CALL_SOURCES[name]
        return tainted(Label(source, f"{name}()", line, facet), shape="str")
    if method in _METHOD_SOURCES:
        return tainted(Label(_METHOD_SOURCES[method], f".{method}()", line))
    return None


def upload_attribute(value: Value, attr: str, line: int) -> Value | None:
    """`file.filename`, `file.content_type`, `file.size` of an uploaded file."""
    facet = _UPLOAD_ATTRS.get(attr)
    uploads = [t for t in value.taints if t.label.facet == "upload"]
    if facet is None or not uploads:
        return None
    origin = uploads[0].label
    label = Label(origin.source, f"uploaded file {attr} ({origin.what})", line, facet)
    taint = Taint(label, frozenset({ALL}) if facet == "size" else frozenset())
    return Value(taints=frozenset({taint}), shape="str" if facet != "size" else None)


def param_label(function: str, name: str, line: int) -> Label:
    """The symbolic label of a helper's parameter: replaced by the argument at call sites."""
    return Label("param", name, line, facet=function)


def _annotation_names(node: ast.expr | None) -> list[str]:
    """Type names in an annotation, looking inside Optional[...], X | None, list[...]."""
    if node is None:
        return []
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _annotation_names(node.left) + _annotation_names(node.right)
    if isinstance(node, ast.Subscript):
        outer = dotted(node.value).rsplit(".", 1)[-1]
        inner = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if outer == "Annotated":
            return _annotation_names(inner[0]) if inner else []
        if outer in _WRAPPERS:
            return [n for e in inner for n in _annotation_names(e)]
        return [outer]
    if isinstance(node, ast.Constant) and node.value is None:
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value.rsplit(".", 1)[-1]]
    return [dotted(node).rsplit(".", 1)[-1]]


def _is_dependency(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Call) and dotted(node.func).rsplit(".", 1)[-1] in {
        "Depends",
        "Security",
    }


def _annotated_dependency(annotation: ast.expr | None) -> bool:
    if not (isinstance(annotation, ast.Subscript) and isinstance(annotation.slice, ast.Tuple)):
        return False
    return any(_is_dependency(e) for e in annotation.slice.elts[1:])


def is_request_param(arg: ast.arg, packages: frozenset[str]) -> bool:
    names = _annotation_names(arg.annotation)
    if names and set(names) <= _REQUEST_ANNOTATIONS:
        return True
    return arg.arg in {"request", "req"} and not names and bool(packages & WEB_PACKAGES)


def exception_value(name: str, line: int) -> Value:
    """An exception object: its text may hold internal details (paths, SQL, secrets)."""
    return tainted(Label("exception", f"exception '{name}'", line), ref="exception")


def _route_value(arg: ast.arg, default: ast.expr | None, route: Route, line: int) -> Value:
    """What a route function's parameter holds when a client calls it."""
    if route.framework == "errors":
        return exception_value(arg.arg, line)
    names = set(_annotation_names(arg.annotation))
    if _is_dependency(default) or _annotated_dependency(arg.annotation):
        return CLEAN
    if route.framework == "flask" and route.converters().get(arg.arg) in {"int", "float", "uuid"}:
        return CLEAN
    if names and names <= _CLEAN_ANNOTATIONS:
        return CLEAN
    if "UploadFile" in names:
        return tainted(Label("route", f"uploaded file '{arg.arg}'", line, "upload"))
    source = "argv" if route.framework == "cli" else "route"
    shape = "str" if route.framework in {"flask", "django", "cli"} or "str" in names else None
    return tainted(Label(source, _describe_param(arg.arg, route), line), shape=shape)


def _describe_param(name: str, route: Route) -> str:
    if route.framework == "cli":
        return f"command-line parameter '{name}'"
    kind = "URL parameter" if route.framework in {"flask", "django"} else "request parameter"
    return f"{kind} '{name}'"


def _defaults(fn: FunctionNode) -> dict[str, ast.expr]:
    positional = [*fn.args.posonlyargs, *fn.args.args]
    with_default = positional[len(positional) - len(fn.args.defaults) :]
    found = {a.arg: d for a, d in zip(with_default, fn.args.defaults, strict=True)}
    found.update(
        {a.arg: d for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults, strict=True) if d}
    )
    return found


def all_params(fn: FunctionNode) -> list[ast.arg]:
    args = fn.args
    extra = [a for a in (args.vararg, args.kwarg) if a is not None]
    return [*args.posonlyargs, *args.args, *args.kwonlyargs, *extra]


# A WSGI application (PEP 3333): `def application(environ, start_response)`, or any callable
# taking the environ and start_response. The environ holds the request: QUERY_STRING,
# PATH_INFO, the HTTP_* headers, wsgi.input (the body).
_WSGI_ENVIRON = frozenset({"environ", "env"})
_WSGI_START = "start_response"


def _wsgi_environ(fn: FunctionNode) -> str | None:
    """The name of the environ parameter when `fn` is a WSGI application."""
    names = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
    if _WSGI_START not in names:
        return None
    environ = names[names.index(_WSGI_START) - 1] if names.index(_WSGI_START) else None
    return environ if environ in _WSGI_ENVIRON else None


def wsgi_environ(line: int) -> Value:
    return tainted(Label("request", "the WSGI environ", line), shape="strmap")


def bind_parameters(
    fn: FunctionNode,
    route: Route | None,
    packages: frozenset[str],
    *,
    function: str,
    owner: str | None = None,
) -> dict[str, Value]:
    """The initial environment of `fn`: sources for entry points, symbols for helpers.

    `self` of a method of class `owner` is the instance, not a symbol: flows through
    instance attributes across methods are not tracked, and a symbol passed to every
    method call would multiply the events replayed at each call site.
    """
    defaults = _defaults(fn)
    environ = _wsgi_environ(fn)
    env: dict[str, Value] = {}
    for index, arg in enumerate(all_params(fn)):
        if index == 0 and owner is not None:
            env[arg.arg] = Value(ref=f"class:{owner}()")
        elif arg.arg == environ:
            env[arg.arg] = wsgi_environ(fn.lineno)
        elif is_request_param(arg, packages):
            env[arg.arg] = Value(ref=HTTP_REQUEST)
        elif route is not None and not (index == 0 and arg.arg in {"self", "cls"}):
            env[arg.arg] = _route_value(arg, defaults.get(arg.arg), route, fn.lineno)
        else:
            label = param_label(function, arg.arg, fn.lineno)
            env[arg.arg] = Value(taints=frozenset({Taint(label)}))
    return env
