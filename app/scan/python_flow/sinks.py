"""Sinks: the calls, stores and returns where untrusted data does harm, by kind.

Matching runs over the interpreter's events. A hit names the sink kind and the value that
reaches the dangerous argument; which taints count (attacker input, exception text, a
password) is decided by the consumer (taint stage or policy check).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from app.scan.python_flow.events import CallEvent, Event, ReturnEvent, StoreEvent
from app.scan.python_flow.model import Label, Value, from_constants, join_all, tainted
from app.scan.python_flow.redos import catastrophic
from app.scan.python_flow.routes import Route, dotted

Position = tuple[int, str | None]  # positional index and the keyword that may replace it


@dataclass(frozen=True, slots=True)
class SinkHit:
    kind: str
    sink: str  # how a report names it: "cursor.execute()", "return value of route"
    node: ast.AST
    value: Value
    event: Event
    # "program" when the value only chooses which program runs (no shell involved).
    note: str = ""


_SQL = "sql"
_SHELL = "shell"
_CODE = "code"
_PATH = "path"
_FIRST: tuple[Position, ...] = ((0, None),)


SinkSpec = tuple[str, tuple[Position, ...]]

# These choose the program to run but pass no shell.
_PROGRAM_FUNCTIONS = (
    "os.execl", "os.execlp", "os.execv", "os.execvp", "os.execve", "os.execvpe", "pty.spawn",
)  # fmt: skip
_SHELL_FUNCTIONS = (
    "os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4", "subprocess.getoutput",
    "subprocess.getstatusoutput", "commands.getoutput", "asyncio.create_subprocess_shell",
    *_PROGRAM_FUNCTIONS,
)  # fmt: skip
_CODE_FUNCTIONS = ("eval", "exec", "compile", "builtins.eval", "builtins.exec")
_PATH_FUNCTIONS = (
    "open", "io.open", "codecs.open", "os.open", "os.remove", "os.unlink", "os.rmdir",
    "os.removedirs", "os.mkdir", "os.makedirs", "os.listdir", "os.scandir", "os.chmod",
    "os.chown", "os.truncate", "shutil.rmtree", "flask.send_file", "aiofiles.open",
    "fastapi.responses.FileResponse", "starlette.responses.FileResponse",
    # send_from_directory joins its second argument safely; the directory is the risk.
    "flask.send_from_directory", "os.startfile", "tarfile.open", "zipfile.ZipFile",
)  # fmt: skip
_TWO_PATH_FUNCTIONS = (
    "os.rename", "os.replace", "os.symlink", "os.link", "shutil.copy", "shutil.copy2",
    "shutil.copyfile", "shutil.copytree", "shutil.move",
)  # fmt: skip
_REDIRECTS = (
    "flask.redirect", "werkzeug.utils.redirect", "django.shortcuts.redirect",
    "django.http.HttpResponseRedirect", "django.http.HttpResponsePermanentRedirect",
    "fastapi.responses.RedirectResponse", "starlette.responses.RedirectResponse",
    "quart.redirect", "bottle.redirect",
)  # fmt: skip
_HTML = (
    "markupsafe.Markup", "flask.Markup", "jinja2.Markup", "django.utils.safestring.mark_safe",
    "django.http.HttpResponse", "fastapi.responses.HTMLResponse",
    "starlette.responses.HTMLResponse",
)  # fmt: skip
# A template's source decides what runs: {{ cycler.__init__.__globals__.os.popen(...) }}.
_TEMPLATES = ("jinja2.Template", "django.template.Template", "mako.template.Template")
# Flask's helper renders straight into the response: counted with cross-site scripting.
_RESPONSE_TEMPLATES = ("flask.render_template_string", "quart.render_template_string")
_REDIRECT_EXCEPTIONS = (
    "aiohttp.web.HTTPFound", "aiohttp.web.HTTPSeeOther", "aiohttp.web.HTTPMovedPermanently",
    "aiohttp.web.HTTPTemporaryRedirect", "aiohttp.web.HTTPPermanentRedirect",
)  # fmt: skip
_DESERIALISERS = (
    "pickle.loads", "pickle.load", "_pickle.loads", "cPickle.loads", "dill.loads", "dill.load",
    "marshal.loads", "marshal.load", "jsonpickle.decode", "pandas.read_pickle", "joblib.load",
    "yaml.unsafe_load", "yaml.full_load", "yaml.unsafe_load_all", "yaml.full_load_all",
    "shelve.open", "pickle.Unpickler",
)  # fmt: skip
_URL_FETCHERS = (
    "requests.get", "requests.post", "requests.put", "requests.patch", "requests.delete",
    "requests.head", "requests.options", "httpx.get", "httpx.post", "httpx.put", "httpx.patch",
    "httpx.delete", "httpx.head", "urllib.request.urlopen", "urllib.request.Request",
    "urllib.urlopen", "urllib2.urlopen",
)  # fmt: skip
_SQL_FUNCTIONS = (
    "sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text",
    "pandas.read_sql", "pandas.read_sql_query", "django.db.models.RawSQL",
    "django.db.models.expressions.RawSQL",
)  # fmt: skip


def _table(
    kind: str, names: tuple[str, ...], positions: tuple[Position, ...]
) -> dict[str, SinkSpec]:
    return {name: (kind, positions) for name in names}


FUNCTION_SINKS: dict[str, SinkSpec] = {
    **_table(_SHELL, _SHELL_FUNCTIONS, ((0, "command"), (0, "cmd"))),
    **_table(_CODE, _CODE_FUNCTIONS, ((0, "source"),)),
    **_table(_PATH, _PATH_FUNCTIONS, ((0, "file"), (0, "path"), (0, "directory"))),
    **_table(_PATH, _TWO_PATH_FUNCTIONS, ((0, "src"), (1, "dst"))),
    **_table("redirect", _REDIRECTS, ((0, "location"), (0, "url"), (0, "to"))),
    **_table("xss", _HTML, ((0, "source"), (0, "content"))),
    **_table("template", _TEMPLATES, ((0, "source"), (0, "text"))),
    **_table("template-xss", _RESPONSE_TEMPLATES, ((0, "source"),)),
    **_table("redirect", _REDIRECT_EXCEPTIONS, ((0, "location"),)),
    **_table("ldap", ("ldap3.Connection",), ((1, "user"),)),
    **_table("xpath", ("lxml.etree.XPath", "lxml.etree.ETXPath"), ((0, "path"),)),
    **_table("deserialize", _DESERIALISERS, _FIRST),
    **_table("ssrf", _URL_FETCHERS, ((0, "url"),)),
    **_table("ssrf", ("requests.request", "httpx.request", "httpx.stream"), ((1, "url"),)),
    **_table(_SQL, _SQL_FUNCTIONS, ((0, "sql"), (0, "text"))),
}
# Methods that are sinks whatever the receiver (names distinctive enough on their own).
METHOD_SINKS: dict[str, SinkSpec] = {
    **_table(_SQL, ("execute", "executemany", "executescript", "mogrify", "exec_driver_sql"),
             ((0, "sql"), (0, "query"), (0, "operation"), (0, "statement"))),
    **_table(_SQL, ("raw",), ((0, "raw_query"),)),
    **_table("ldap", ("search_s", "search_st", "search_ext", "search_ext_s"), ((2, "filterstr"),)),
    **_table("xpath", ("xpath",), ((0, "_path"),)),
    **_table("ldap", ("simple_bind_s", "simple_bind", "bind_s"), ((0, "who"),)),
    **_table(_SHELL, ("exec_command",), ((0, "command"),)),  # paramiko: runs in a remote shell
}  # fmt: skip
_HTTP_CLIENTS = (
    "requests.Session()", "requests.session()", "httpx.Client()", "httpx.AsyncClient()",
    "aiohttp.ClientSession()", "urllib3.PoolManager()", "urllib.request.build_opener()",
    "urllib.request.OpenerDirector()",
)  # fmt: skip
_HTTP_METHODS = {"get": 0, "post": 0, "put": 0, "patch": 0, "delete": 0, "head": 0,
                 "options": 0, "request": 1, "stream": 1, "open": 0}  # fmt: skip
_XML_PARSERS = frozenset(
    {"lxml.etree.fromstring", "lxml.etree.XML", "lxml.etree.parse", "lxml.etree.iterparse",
     "lxml.etree.XMLID", "xml.sax.parse", "xml.sax.parseString", "xml.dom.minidom.parse",
     "xml.dom.minidom.parseString", "xml.dom.pulldom.parse", "xml.dom.pulldom.parseString"}
)  # fmt: skip
_SUBPROCESS = frozenset(
    {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
     "subprocess.Popen", "asyncio.create_subprocess_exec"}
)  # fmt: skip
_PATH_METHODS = frozenset(
    {"read_text", "read_bytes", "write_text", "write_bytes", "open", "unlink", "rmdir",
     "mkdir", "touch", "rename", "replace", "iterdir", "chmod"}
)  # fmt: skip
_SAFE_YAML_LOADERS = ("SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader")
_RESPONSE_TYPES = frozenset({"flask.make_response", "flask.Response", "werkzeug.Response",
                             "werkzeug.wrappers.Response", "quart.make_response"})  # fmt: skip
_SESSION_STORES = ("flask.session", "http.request.session", "quart.session")
# Regular expressions: name -> (position of the subject text, position of the flags); -1: none.
_RE_FUNCTIONS: dict[str, tuple[int, int]] = {
    "re.compile": (-1, 1), "re.match": (1, 2), "re.search": (1, 2), "re.fullmatch": (1, 2),
    "re.findall": (1, 2), "re.finditer": (1, 2), "re.split": (1, 3), "re.sub": (2, 4),
    "re.subn": (2, 4),
}  # fmt: skip
# Methods of a compiled pattern -> position of the subject text.
_PATTERN_METHODS = {"match": 0, "search": 0, "fullmatch": 0, "findall": 0, "finditer": 0,
                    "split": 0, "sub": 1, "subn": 1}  # fmt: skip
REGEX_MARK = "regex:"  # mark of a compiled pattern (calls.py): "regex:<pattern text>"
# Mass assignment: ORM calls that write whatever fields a mapping names.
_ORM_WRITES = frozenset({"create", "get_or_create", "update_or_create", "update"})
_ORM_CHAINS = ("objects", "query", "filter", "filter_by", "where", "select")
_DICT_REFS = ("dict", "collections.", "flask.session", "http.request.session", "quart.session")


# Every callee name and method some matcher here looks at (see relevance.py).
SINK_NAMES: frozenset[str] = frozenset(
    {*FUNCTION_SINKS, *_XML_PARSERS, *_SUBPROCESS, *_RESPONSE_TYPES, "yaml.load",
     "yaml.load_all", "torch.load", "numpy.load", *_RE_FUNCTIONS, "setattr"}
)  # fmt: skip
SINK_METHODS: frozenset[str] = frozenset(
    {*METHOD_SINKS, *_HTTP_METHODS, *_PATH_METHODS, "save", "parse", "feed", "parseString",
     "search", "extractall", "extract", "from_string"}
)  # fmt: skip
SESSION_STORES = _SESSION_STORES


def relevant_call(event: CallEvent) -> bool:
    """Calls a matcher here reads that no name list above can select (see relevance.py): a
    `**mapping` argument (mass assignment), a compiled pattern's methods, `.update(x)` and
    `.values(x)` (ORM writes)."""
    if any(key is None for key, _ in event.kwargs):
        return True
    receiver = event.receiver
    if receiver is None or event.method is None:
        return False
    if event.method in _PATTERN_METHODS and _compiled_pattern(receiver) is not None:
        return True
    if TORNADO_HANDLER in receiver.marks and event.method in {"write", "finish"}:
        return True
    return event.method in {"update", "values"} and bool(event.args or event.kwargs)


def _argument(event: CallEvent, positions: tuple[Position, ...]) -> Value | None:
    values = [v for index, keyword in positions if (v := event.arg(index, keyword)) is not None]
    return join_all(values) if values else None


def _sink_name(event: CallEvent) -> str:
    """How the code names the callee: "cur.execute()", "os.system()"."""
    written = dotted(event.node.func)
    if written:
        return f"{written}()"
    return f".{event.method}()" if event.method else f"{event.name}()"


def _hit(kind: str, event: CallEvent, value: Value | None, *, note: str = "") -> Iterator[SinkHit]:
    # Known constants too (and one of several constants): they let the report decide a
    # scanner's match on this call.
    if value is not None and (value.taints or from_constants(value)):
        yield SinkHit(kind, _sink_name(event), event.node, value, event, note)


def _tabled(event: CallEvent) -> Iterator[SinkHit]:
    if event.name in FUNCTION_SINKS:
        kind, positions = FUNCTION_SINKS[event.name]
        note = "program" if event.name in _PROGRAM_FUNCTIONS else ""
        if kind != "xss" or _may_be_html(event):
            yield from _hit(kind, event, _argument(event, positions), note=note)
    elif event.method in METHOD_SINKS:
        kind, positions = METHOD_SINKS[event.method]
        yield from _hit(kind, event, _argument(event, positions))


def _may_be_html(event: CallEvent) -> bool:
    """No content type given (HTML by default) or one that says html."""
    declared = event.kwarg("content_type") or event.kwarg("mimetype") or event.kwarg("media_type")
    return declared is None or (isinstance(declared.const, str) and "html" in declared.const)


def _template_environment(event: CallEvent) -> Iterator[SinkHit]:
    """`Environment().from_string(source)`: Jinja2 compiles the text as a template."""
    receiver = event.receiver
    ref = (receiver.ref or "") if receiver is not None else ""
    if event.method == "from_string" and ref.startswith(("jinja2.", "flask.", "quart.")):
        yield from _hit("template", event, event.arg(0, "source"))


def _tar_extract(event: CallEvent) -> Iterator[SinkHit]:
    """`tarfile.extractall()` without a filter writes wherever member names point."""
    receiver = event.receiver
    if event.method not in {"extractall", "extract"} or receiver is None:
        return
    if not (receiver.ref or "").startswith("tarfile."):
        return
    chosen = event.kwarg("filter")
    if chosen is None or chosen.const == "fully_trusted":
        names = Label("archive", "archive member names", event.node.lineno)
        yield SinkHit(_PATH, _sink_name(event), event.node, tainted(names), event)


def _subprocess(event: CallEvent) -> Iterator[SinkHit]:
    """Shell injection: `shell=True` with a tainted command, or a tainted program name."""
    if event.name not in _SUBPROCESS:
        return
    command = event.arg(0, "args")
    if command is None:
        return
    shell = event.kwarg("shell")
    if shell is not None and shell.const is True:
        yield from _hit(_SHELL, event, command)
    elif command.items is not None:
        program = command.items[0] if command.items else None
        yield from _hit(_SHELL, event, program, note="program")
    elif command.shape == "str":
        yield from _hit(_SHELL, event, command, note="program")


def _yaml(event: CallEvent) -> Iterator[SinkHit]:
    if event.name not in {"yaml.load", "yaml.load_all"}:
        return
    loader = event.arg(1, "Loader")
    if loader is not None and (loader.ref or "").endswith(_SAFE_YAML_LOADERS):
        return
    yield from _hit("deserialize", event, event.arg(0, "stream"))


def _loaders(event: CallEvent) -> Iterator[SinkHit]:
    """torch.load without weights_only, numpy.load with allow_pickle=True."""
    if event.name == "torch.load":
        weights_only = event.kwarg("weights_only")
        if weights_only is None or weights_only.const is not True:
            yield from _hit("deserialize", event, event.arg(0, "f"))
    elif event.name == "numpy.load":
        allow = event.kwarg("allow_pickle")
        if allow is not None and allow.const is True:
            yield from _hit("deserialize", event, event.arg(0, "file"))


def _xml(event: CallEvent) -> Iterator[SinkHit]:
    """XML parsed with a parser that resolves external entities."""
    receiver = event.receiver
    if event.name in _XML_PARSERS:
        parser = event.arg(1, "parser")
        if _resolving(parser):
            yield from _hit("xxe", event, event.arg(0, "source"))
    elif event.method in {"parse", "feed", "parseString"} and _resolving(receiver):
        yield from _hit("xxe", event, event.arg(0, "source"))


def _resolving(parser: Value | None) -> bool:
    """A parser object with external entities switched on (lxml XMLParser, sax)."""
    return parser is not None and "xxe-parser" in parser.marks


def _http_client(event: CallEvent) -> Iterator[SinkHit]:
    receiver = event.receiver
    if receiver is None or event.method not in _HTTP_METHODS:
        return
    if (receiver.ref or "").startswith(_HTTP_CLIENTS):
        yield from _hit("ssrf", event, event.arg(_HTTP_METHODS[event.method], "url"))


def _ldap3(event: CallEvent) -> Iterator[SinkHit]:
    receiver = event.receiver
    if event.method == "search" and receiver is not None and "ldap3" in (receiver.ref or ""):
        yield from _hit("ldap", event, event.arg(1, "search_filter"))


def _path_objects(event: CallEvent) -> Iterator[SinkHit]:
    """`Path(tainted).read_text()`, `upload.save(tainted)`."""
    receiver = event.receiver
    if receiver is None or event.method is None:
        return
    if event.method in _PATH_METHODS and (receiver.ref or "").startswith("pathlib."):
        yield from _hit(_PATH, event, receiver)
    elif event.method == "save" and any(t.label.facet == "upload" for t in receiver.taints):
        yield from _hit(_PATH, event, event.arg(0, "dst"))


TORNADO_HANDLER = "tornado-handler"  # mark of `self` in a tornado RequestHandler method


def _tornado_write(event: CallEvent) -> Iterator[SinkHit]:
    """`self.write(text)` / `self.finish(text)` in a tornado handler: sent as text/html unless
    the code sets another type (a dict is written as JSON and is not text)."""
    receiver = event.receiver
    if event.method not in {"write", "finish"} or receiver is None:
        return
    if TORNADO_HANDLER in receiver.marks:
        body = event.arg(0, "chunk")
        json_text = body is not None and (body.ref or "").startswith("json.dump")
        if body is not None and body.shape == "str" and not json_text:
            yield from _hit("xss", event, body)


def _responses(event: CallEvent) -> Iterator[SinkHit]:
    """A response body built from text (Flask serves str bodies as text/html)."""
    if event.name not in _RESPONSE_TYPES:
        return
    body = event.arg(0, "response")
    if _may_be_html(event) and body is not None and body.shape == "str":
        yield from _hit("xss", event, body)


# --- regular expressions (CWE-1333) ------------------------------------------------------


def _compiled_pattern(value: Value) -> str | None:
    return next((m[len(REGEX_MARK) :] for m in value.marks if m.startswith(REGEX_MARK)), None)


def _flags(event: CallEvent, index: int) -> int:
    flags = event.arg(index, "flags") if index >= 0 else None
    return flags.const if flags is not None and isinstance(flags.const, int) else 0


def _regex(event: CallEvent) -> Iterator[SinkHit]:
    """A pattern the client chose ("regex"), or client text matched by a pattern that
    backtracks catastrophically ("redos")."""
    if event.name in _RE_FUNCTIONS:
        subject_at, flags_at = _RE_FUNCTIONS[event.name]
        pattern = event.arg(0, "pattern")
        if pattern is not None and pattern.taints:
            yield SinkHit("regex", _sink_name(event), event.node, pattern, event)
        text = pattern.const if pattern is not None else None
        if (
            subject_at >= 0
            and isinstance(text, str)
            and catastrophic(text, _flags(event, flags_at))
        ):
            yield from _tainted_hit("redos", event, event.arg(subject_at, "string"))
    elif event.method in _PATTERN_METHODS and event.receiver is not None:
        compiled = _compiled_pattern(event.receiver)
        if compiled is not None and catastrophic(compiled):
            subject = event.arg(_PATTERN_METHODS[event.method], "string")
            yield from _tainted_hit("redos", event, subject)


def _tainted_hit(
    kind: str, event: CallEvent, value: Value | None, note: str = ""
) -> Iterator[SinkHit]:
    """A hit only for data that came from somewhere (constants prove nothing here)."""
    if value is not None and value.taints:
        yield SinkHit(kind, _sink_name(event), event.node, value, event, note)


# --- mass assignment (CWE-915) ------------------------------------------------------------


def _class_like(event: CallEvent) -> bool:
    """The callee is named like a class (`User`, `models.Order`, a class of this file)."""
    name = event.name or dotted(event.node.func)
    if name.startswith("class:"):
        return True
    tail = name.rsplit(".", 1)[-1]
    return bool(tail) and tail[0].isupper() and not tail.isupper()


def _dict_like(value: Value | None) -> bool:
    if value is None:
        return False
    return (
        value.keys is not None
        or value.known
        or value.shape == "strmap"
        or (value.ref or "").startswith(_DICT_REFS)
    )


def _orm_chain(event: CallEvent) -> bool:
    """`User.query.filter_by(...)`, `Model.objects.filter(...)`, `session.query(...)`: the
    receiver of `.update(...)` is a query, not a dict."""
    func = event.node.func
    if not isinstance(func, ast.Attribute):
        return False
    parts = dotted(func.value).split(".")
    return any(part in _ORM_CHAINS for part in parts)


def _attributes_of(event: CallEvent) -> ast.expr | None:
    """The object whose attributes `obj.__dict__.update(data)` or `vars(obj).update(data)`
    writes, if the call is one of those."""
    func = event.node.func
    if not isinstance(func, ast.Attribute):
        return None
    target = func.value
    if isinstance(target, ast.Attribute) and target.attr == "__dict__":
        return target.value
    if isinstance(target, ast.Call) and dotted(target.func) == "vars" and target.args:
        return target.args[0]
    return None


def _session_update(event: CallEvent) -> Iterator[SinkHit]:
    """`session.update(request.POST)`: every client field becomes a session key."""
    receiver = event.receiver
    if event.method == "update" and receiver is not None and receiver.ref in _SESSION_STORES:
        values = [*event.args, *(value for _, value in event.kwargs)]
        yield from _tainted_hit("session", event, join_all(values) if values else None)


def _mass_assignment(event: CallEvent) -> Iterator[SinkHit]:
    """A client mapping passed whole to a constructor or an ORM write: `User(**data)`,
    `User.objects.create(**data)`, `query.update(data)`, `obj.__dict__.update(data)`,
    `setattr(obj, client_name, value)`. Which mappings are allow-listed (a filtered dict
    comprehension, a schema's validated data) is decided with the file's tree (see
    config_checks.keep_hit)."""
    if event.name == "setattr" and len(event.args) >= 2:
        # On another object (not the instance's own constructor setting its options), a
        # library's callers count too: kind "mass-assign-setattr".
        target = event.node.args[0] if event.node.args else None
        own = isinstance(target, ast.Name) and target.id in {"self", "cls"}
        kind = "mass-assign" if own else "mass-assign-setattr"
        yield from _tainted_hit(kind, event, event.args[1], "setattr")
        return
    if event.receiver is not None and event.receiver.ref in _SESSION_STORES:
        return  # the session's own update: session poisoning (`_session_update`)
    method = event.method
    star = [value for key, value in event.kwargs if key is None]
    if star:
        if method in _ORM_WRITES:
            # Model.objects.create(**data), obj.update(**data); not a dict's update.
            wanted = _orm_chain(event) or not _dict_like(event.receiver)
        else:
            # User(**data), models.User(**data), insert(User).values(**data)
            wanted = method == "values" or _class_like(event)
        if wanted:
            for value in star:
                if value.keys is None:  # a literal dict names its keys: they are the code's
                    yield from _tainted_hit("mass-assign", event, value, "kwargs")
            return
    if method not in {"update", "values"} or not event.args:
        return
    owner = _attributes_of(event)
    if owner is not None and not (isinstance(owner, ast.Name) and owner.id in {"self", "cls"}):
        # Another object's attributes, all at once: whoever hands this function a client
        # mapping (a library's caller included) sets any field of it.
        yield from _tainted_hit("mass-assign-attrs", event, event.args[0], "arg")
    elif method == "values" or owner is not None or _orm_chain(event):
        yield from _tainted_hit("mass-assign", event, event.args[0], "arg")


_CALL_MATCHERS = (_tabled, _subprocess, _yaml, _loaders, _xml, _http_client, _ldap3,
                  _path_objects, _responses, _tar_extract, _template_environment, _regex,
                  _mass_assignment, _session_update, _tornado_write)  # fmt: skip


def _returned_html(event: ReturnEvent, route: Route | None) -> Iterator[SinkHit]:
    if route is None or not route.html:
        return
    body = event.value
    if body.items:
        body = body.items[0]  # (body, status) tuples
    if body.shape == "str" and body.taints:
        yield SinkHit("xss", "the route's response", event.node, body, event)


def _session(event: StoreEvent) -> Iterator[SinkHit]:
    if event.target in _SESSION_STORES and event.value.taints:
        yield SinkHit("session", f"{event.target}[...]", event.node, event.value, event)


def sink_hits(
    events: tuple[Event, ...], routes: Mapping[str, Route], *, constants: bool = False
) -> Iterator[SinkHit]:
    """Every place a value with any taint reaches a sink (filtering is the caller's), and
    with `constants` also the call sinks reached by a known constant."""
    for hit in _every_hit(events, routes):
        if constants or hit.value.taints:
            yield hit


def _every_hit(events: tuple[Event, ...], routes: Mapping[str, Route]) -> Iterator[SinkHit]:
    for event in events:
        if isinstance(event, CallEvent):
            for matcher in _CALL_MATCHERS:
                yield from matcher(event)
        elif isinstance(event, ReturnEvent):
            yield from _returned_html(event, routes.get(event.function))
        elif isinstance(event, StoreEvent):
            yield from _session(event)
