"""Abstract semantics of calls: same-file helpers (summaries), sources, sanitisers, folding.

Unknown library calls propagate: their result carries the taints of the callee (for a
method, its receiver) and of every argument. That keeps recall for `os.path.join`,
`str.lower`, `dict(...)` and the long tail, and sanitisers and constants keep precision.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, replace

from app.scan.python_flow import consts
from app.scan.python_flow.events import CallEvent, Event, event_values, replay
from app.scan.python_flow.exprs import one_entry
from app.scan.python_flow.frame import Frame, FunctionResult
from app.scan.python_flow.guards import HOST_OF, URL_OF
from app.scan.python_flow.helper_guards import argument_guards
from app.scan.python_flow.model import (
    ALL,
    CLEAN,
    UNKNOWN,
    Label,
    Taint,
    Value,
    all_taints,
    constant,
    derived,
    env_key,
    join,
    join_all,
    map_taints,
    sanitised,
)
from app.scan.python_flow.sanitizers import (
    ALL_BUT_CONTENT,
    NON_TEXT_METHODS,
    NORMALISERS,
    NORMALISING_METHODS,
    UNIQUE_NAMES,
    prefix_clears,
    sanitised_kinds,
)
from app.scan.python_flow.sinks import TORNADO_HANDLER
from app.scan.python_flow.sources import REMOTE_SOURCES, TORNADO_ARGUMENTS, call_source

_EVERYTHING = frozenset({ALL})
STR_METHODS = frozenset(
    {"lower", "upper", "strip", "lstrip", "rstrip", "replace", "format", "format_map", "join",
     "title", "capitalize", "casefold", "encode", "decode", "removeprefix", "removesuffix",
     "zfill", "center", "ljust", "rjust", "swapcase", "expandtabs", "translate"}
)  # fmt: skip
_TEXT_FUNCTIONS = frozenset(
    {"str", "repr", "format", "bytes", "list", "tuple", "dict", "set", "frozenset", "sorted",
     "reversed", "json.dumps", "pprint.pformat", "base64.b64encode", "base64.urlsafe_b64encode",
     "urllib.parse.quote", "urllib.parse.urlencode", "textwrap.dedent", "textwrap.indent"}
)  # fmt: skip
# Not get/pop: the looked-up value is not the key, whatever the key is called.
_TEXT_RESULTS = frozenset({"str", "repr", "format", "json.dumps", "pprint.pformat"})
_CONTAINER_METHODS = frozenset({"copy", "items", "values", "keys", "dumps"})
# Marks a helper parameter whose value went through a call that does not keep field names.
NO_FIELDS = "no-fields"
_NO_FIELDS = frozenset({NO_FIELDS})
_MUTATORS = frozenset(
    {"append", "extend", "insert", "add", "update", "setdefault", "appendleft", "extendleft"}
)
_FOLDABLE_BUILTINS = frozenset(
    {"str", "int", "float", "len", "sorted", "set", "frozenset", "tuple", "list", "bool",
     "repr", "min", "max", "abs"}
)  # fmt: skip
_FILE_OPENERS = frozenset(
    {"open", "io.open", "io.open_code", "codecs.open", "os.fdopen", "tokenize.open"}
)
_URL_PARSERS = frozenset(
    {"urllib.parse.urlparse", "urllib.parse.urlsplit", "urlparse.urlparse", "urlparse.urlsplit",
     "httpx.URL", "yarl.URL", "urllib3.util.parse_url", "urllib3.util.url.parse_url",
     "furl.furl", "rfc3986.urlparse"}
)  # fmt: skip
_QUERY_METHODS = frozenset(
    {"execute", "executemany", "fetchone", "fetchall", "fetchmany", "raw", "scalar", "scalars"}
)
_EXTERNAL_ENTITIES = "http://xml.org/sax/features/external-general-entities"
# Methods that change a text's case or surrounding space only: facts about it still hold.
_SAME_TEXT_METHODS = frozenset(
    {"lower", "upper", "casefold", "strip", "lstrip", "rstrip", "encode", "decode"}
)
_KEPT_MARKS = frozenset({"norm", "mac"})
_MAC = frozenset({"mac"})
_MAC_FUNCTIONS = frozenset({"hmac.new", "hmac.digest", "hmac.HMAC"})


@dataclass(frozen=True, slots=True)
class CallParts:
    node: ast.Call
    name: str | None
    method: str | None
    receiver: Value | None
    callee: Value
    args: tuple[Value, ...]
    kwargs: tuple[tuple[str | None, Value], ...]

    def kwarg(self, key: str) -> Value | None:
        return next((value for name, value in self.kwargs if name == key), None)

    def inputs(self) -> tuple[Value, ...]:
        return (self.callee, *self.args, *(value for _, value in self.kwargs))


def _is_true(value: Value | None) -> bool:
    return value is not None and value.const is True


def bind_arguments(
    result: FunctionResult,
    receiver: Value | None,
    args: tuple[Value, ...],
    kwargs: tuple[tuple[str | None, Value], ...],
) -> dict[str, Value]:
    """Which argument value each parameter of a same-file function receives."""
    positional = [receiver or CLEAN, *args] if result.bound else list(args)
    bound = dict(zip(result.positional, positional, strict=False))
    extra = positional[len(result.positional) :]
    if result.vararg and extra:
        bound[result.vararg] = derived(*extra)
    named = set(result.positional) | set(result.keyword_only)
    for key, value in kwargs:
        targets = named if key is None else ({key} & named or {result.kwarg or ""})
        for target in targets - {""}:
            bound[target] = join(bound[target], value) if target in bound else value
    return bound


class CallMixin(Frame):
    def call(self, node: ast.Call) -> Value:
        receiver, callee, method = self._callee(node.func)
        args = tuple(self.eval(a) for a in node.args)
        kwargs = tuple((kw.arg, self.eval(kw.value)) for kw in node.keywords)
        name = callee.ref
        self.emit(CallEvent(node, self.qualname, name, method, receiver, args, kwargs))
        parts = CallParts(node, name, method, receiver, callee, args, kwargs)
        for step in (self._same_file, self._source, self._special, self._sanitiser, self._fold):
            result = step(parts)
            if result is not None:
                return result
        return self._default(parts)

    def _callee(self, func: ast.expr) -> tuple[Value | None, Value, str | None]:
        if isinstance(func, ast.Attribute):
            receiver = self.eval(func.value)
            return receiver, self.attribute_of(receiver, func.attr, func.lineno), func.attr
        return None, self.eval(func), None

    # --- same-file functions -------------------------------------------------------------

    def _target_of(self, callee: Value, func: ast.expr) -> str | None:
        """The qualified name of the same-file function a call reaches, if any."""
        ref = callee.ref or ""
        if ref.startswith("def:"):
            return ref[4:]
        if ref.startswith("class:") and "." in ref:
            cls, _, method = ref[6:].replace("()", "").partition(".")
            return self.ctx.classes.get(cls, {}).get(method)
        on_self = isinstance(func, ast.Attribute) and env_key(func.value) in {"self", "cls"}
        if on_self and self.class_name and isinstance(func, ast.Attribute):
            return self.ctx.classes.get(self.class_name, {}).get(func.attr)
        return None

    def _summary(self, callee: Value, func: ast.expr) -> FunctionResult | None:
        """The summary of the reviewed-code function a call reaches, in this file or in a
        project module it imports; None for library calls (and while recursing)."""
        qualname = self._target_of(callee, func)
        if qualname is not None:
            return self.ctx.function_result(qualname)
        return self.ctx.imported_result(callee.ref) if callee.ref else None

    def _is_reviewed_code(self, callee: Value, func: ast.expr) -> bool:
        ref = callee.ref or ""
        return (
            self._target_of(callee, func) is not None
            or ref.startswith((".", "def:", "class:"))
            or self.ctx.is_project_ref(ref)
        )

    def helper_guard(
        self, call: ast.Call, *, on_return: bool
    ) -> list[tuple[str, frozenset[str]]] | None:
        callee = self.peek(call.func)
        if not self._is_reviewed_code(callee, call.func):
            return None
        result = self._summary(callee, call.func)
        if result is None:
            return []  # recursing, or not found: a reviewed function vouches for nothing
        return argument_guards(
            result.guards, result.positional, call, bound=result.bound, on_return=on_return
        )

    def _same_file(self, c: CallParts) -> Value | None:
        result = self._summary(c.callee, c.node.func)
        if result is None:
            return None
        qualname = result.qualname
        bindings = bind_arguments(result, c.receiver, c.args, c.kwargs)

        def substitute(taint: Taint, *, keep: bool) -> Iterable[Taint]:
            label = taint.label
            if label.source == "param" and label.facet == qualname:
                actual = bindings.get(label.what, CLEAN).taints
                if NO_FIELDS in taint.cleared:
                    actual = frozenset(a for a in actual if a.label.source != "field")
                return (
                    Taint(a.label, a.cleared | taint.cleared, a.via or qualname) for a in actual
                )
            # A helper's own sources were reported where they are; replayed events carry
            # only what the caller passed in (and symbols of enclosing functions).
            return (taint,) if keep or label.source == "param" else ()

        for event, params in result.param_events:
            if not any(bindings.get(name, CLEAN).taints for name in params):
                continue  # only constants or clean values came in: nothing new to see
            mapped = replay(
                event,
                lambda t: substitute(t, keep=False),
                function=self.qualname,
                via=qualname,
                origin=result.origin,
            )
            self.emit_replayed(mapped)
        return map_taints(result.returns, lambda t: substitute(t, keep=True))

    # --- sources, special library calls, sanitisers --------------------------------------

    def _source(self, c: CallParts) -> Value | None:
        handler = c.receiver is not None and TORNADO_HANDLER in c.receiver.marks
        if handler and c.method in TORNADO_ARGUMENTS:
            label = Label("request", f"self.{c.method}()", c.node.lineno)
            return Value(taints=frozenset({Taint(label)}), shape="str")
        receiver = c.receiver.ref if c.receiver is not None else None
        return call_source(c.name, c.method, c.node.lineno, receiver)

    def _special(self, c: CallParts) -> Value | None:
        if c.method in _MUTATORS:
            self._mutate(c)
            return CLEAN
        if c.method == "get" and c.receiver is not None:
            return self._mapping_get(c)
        if c.name == "re.compile" and c.args and isinstance(c.args[0].const, str):
            return Value(ref="re.compile()", marks=frozenset({f"regex:{c.args[0].const}"}))
        if (c.name or "").endswith("XMLParser") and _resolves_entities(c):
            return Value(ref=f"{c.name}()", marks=frozenset({"xxe-parser"}))
        if c.method == "setFeature":
            self._set_feature(c)
            return CLEAN
        if c.name == "getattr" and len(c.args) >= 2 and isinstance(c.args[1].const, str):
            found = self.attribute_of(c.args[0], c.args[1].const, c.node.lineno)
            return join(found, c.args[2]) if len(c.args) > 2 else found
        return self._special_results(c)

    def _special_results(self, c: CallParts) -> Value | None:
        if c.name == "len" or c.method == "tell":
            return Value(
                taints=sanitised(derived(*c.inputs()), _EVERYTHING).taints,
                marks=frozenset({"length"}),
            )
        if c.name in _MAC_FUNCTIONS:
            # A keyed digest of its message: comparing it with a claimed signature
            # authenticates that message (guards.py, compare_digest).
            return replace(sanitised(derived(*c.inputs()), _EVERYTHING), marks=_MAC)
        if c.method in NON_TEXT_METHODS:
            kept = c.receiver.marks & _MAC if c.receiver is not None else frozenset()
            return replace(sanitised(derived(*c.inputs()), _EVERYTHING), marks=kept)
        if _builds_statement(c):
            # SQLAlchemy's select()/insert()/update()/delete() and their .where()/.filter_by()
            # bind every value as a parameter: the statement is not SQL text.
            built = sanitised(derived(*c.inputs()), frozenset({"sql"}))
            return Value(taints=built.taints, ref=_result_ref(c), marks=_STATEMENT)
        if _orm_lookup(c):
            # A row the database holds: the server's data (stored by whoever wrote it), not
            # the client's text, and not client input made safe either.
            return Value(ref=_result_ref(c))
        if c.method in _QUERY_METHODS:
            # What a query gives back is the server's data, not the client's text: the SQL
            # was the danger, and its sink reports that.
            return sanitised(derived(*c.inputs()), _EVERYTHING)
        if c.name in _FILE_OPENERS:
            # A file's text is not the client's either, but whoever chose the file chose
            # what gets unpickled or parsed from it.
            return sanitised(derived(*c.inputs()), ALL_BUT_CONTENT)
        parsed_name = _text_root(c.node.args[0]) if c.node.args else None
        if c.name in _URL_PARSERS and parsed_name is not None:
            # Remember whose URL this is: a later check of its host vouches for the name.
            parsed = derived(*c.inputs(), ref=_result_ref(c))
            return replace(parsed, marks=frozenset({URL_OF + parsed_name}))
        if _draws_random(c):
            # Followed so that a pattern match on `random` is decided by where the value
            # goes (a token or a shuffle); not attacker data, so no sink reports it.
            label = Label("random", f"{c.name or c.method}()", c.node.lineno)
            return Value(taints=frozenset({Taint(label)}) | all_taints(c.inputs()))
        if c.name in UNIQUE_NAMES:
            label = Label("unique", f"{c.name}()", c.node.lineno)
            return Value(taints=frozenset({Taint(label, _EVERYTHING)}), ref=f"{c.name}()")
        if c.name in NORMALISERS or c.method in NORMALISING_METHODS:
            base = derived(*c.inputs(), shape="str", ref=f"{c.name}()" if c.name else None)
            return Value(
                taints=base.taints, shape=base.shape, ref=base.ref, marks=frozenset({"norm"})
            )
        return None

    def _mapping_get(self, c: CallParts) -> Value | None:
        assert c.receiver is not None
        kind = c.kwarg("type")
        if kind is not None and kind.ref in {"int", "float", "bool"}:
            return sanitised(derived(c.receiver), _EVERYTHING)
        default = c.args[1] if len(c.args) > 1 else constant(None)
        if c.receiver.keys is not None and c.args:
            key = c.args[0]
            found = c.receiver.key(key.const) if key.known else None
            if found is not None:
                return join(found, default)
            if not key.known:
                found = join(join_all(v for _, v in c.receiver.keys), default)
                return _with_url_templates(found, c.receiver, default)
        if "mapping" in c.receiver.marks and c.args:
            return Value(taints=one_entry(c.receiver.taints) | default.taints)
        if c.receiver.shape == "strmap" and c.args:
            word = c.args[0].const
            fields = (
                self.field_taints(word, c.node.lineno) if isinstance(word, str) else frozenset()
            )
            entry = one_entry(c.receiver.taints)
            return Value(taints=entry | default.taints | fields, shape="str")
        if c.args and _server_mapping(c.receiver):
            # `index.get(export_id)` on the server's own data (loaded, built or cached): the
            # result is one of its values, not the client's key.
            return Value(taints=c.receiver.taints | default.taints)
        return None

    def _mutate(self, c: CallParts) -> None:
        func = c.node.func
        if not (isinstance(func, ast.Attribute) and c.receiver is not None):
            return
        key = env_key(func.value)
        if key is not None:
            # Elements and constants are no longer known once a container is changed.
            added = all_taints(c.inputs())
            current = c.receiver
            self.env[key] = Value(
                taints=current.taints | added, ref=current.ref, shape=current.shape
            )

    def _set_feature(self, c: CallParts) -> None:
        func = c.node.func
        if len(c.args) < 2 or not isinstance(func, ast.Attribute) or c.receiver is None:
            return
        feature = c.args[0]
        enables = (feature.ref or "").endswith(
            "feature_external_ges"
        ) or feature.const == _EXTERNAL_ENTITIES
        key = env_key(func.value)
        if enables and c.args[1].const is True and key is not None:
            receiver = c.receiver
            self.env[key] = Value(
                taints=receiver.taints, ref=receiver.ref, marks=receiver.marks | {"xxe-parser"}
            )

    def _sanitiser(self, c: CallParts) -> Value | None:
        if self._is_reviewed_code(c.callee, c.node.func):
            return None  # named like a sanitiser, perhaps; judged by its body or not at all
        kinds = sanitised_kinds(c.name)
        if c.method == "render" and (c.receiver.ref if c.receiver else "") in _ESCAPING_TEMPLATES:
            # Django templates escape every variable unless the code marks it safe (and
            # mark_safe/Markup are sinks of their own).
            kinds = kinds | frozenset({"xss"})
        if c.method in _URL_BUILDERS:
            # `router["article"].url_for(slug=x)`, `request.route_url(...)`: a URL of this
            # application's own routes; the values only fill its path.
            kinds = kinds | frozenset({"redirect", "ssrf"})
        if not kinds:
            return None
        shape = "str" if kinds != _EVERYTHING else None
        return sanitised(derived(*c.args, *(v for _, v in c.kwargs), shape=shape), kinds)

    def _fold(self, c: CallParts) -> Value | None:
        values = [arg.const for arg in c.args]
        if c.kwargs or any(value is UNKNOWN for value in values):
            return None
        if c.name in _FOLDABLE_BUILTINS:
            folded = consts.fold_builtin(c.name, values)
        elif c.method is not None and c.receiver is not None and c.receiver.known:
            folded = consts.fold_str_method(c.receiver.const, c.method, values)
        else:
            return None
        return constant(folded) if folded is not UNKNOWN else None

    def _keeps_fields(self, c: CallParts) -> bool:
        """Whether a call's result still holds the named fields passed to it.

        `str(password)`, `" ".join(tokens)`, `json.dumps(creds)` do; `api.login(token=token)`
        returns something else, and labelling it would flag every later log line.
        """
        return (
            not self.ctx.words
            or c.name in _TEXT_FUNCTIONS
            or c.method in STR_METHODS
            or c.method in _CONTAINER_METHODS
        )

    def _default(self, c: CallParts) -> Value:
        text_method = (
            c.method in STR_METHODS and c.receiver is not None and c.receiver.shape == "str"
        )
        text = text_method or c.name in _TEXT_RESULTS
        inputs = c.inputs() if self._keeps_fields(c) else _without_fields(c)
        value = derived(*inputs, shape="str" if text else None, ref=_result_ref(c))
        if c.method in _SAME_TEXT_METHODS and c.receiver is not None and c.receiver.marks:
            # `parsed.hostname.lower()` is still that URL's host: a check of it counts.
            value = replace(value, marks=c.receiver.marks & _KEPT_MARKS | _host_marks(c))
        if c.method == "format" and c.receiver is not None and isinstance(c.receiver.const, str):
            cleared = prefix_clears(c.receiver.const.split("{", 1)[0])
            return sanitised(value, cleared) if cleared else value
        if c.method == "format" and c.receiver is not None and _URL_TEMPLATE in c.receiver.marks:
            return sanitised(value, frozenset({"ssrf", "redirect"}))
        return value


# Calls that return rows the database holds: what they give back is the server's data (a slug
# found by the client's slug is a stored, valid one), whatever was asked for.
_ORM_FUNCTIONS = frozenset({"get_object_or_404", "get_list_or_404"})
_ORM_METHODS = frozenset(
    {"first", "one", "one_or_none", "scalar_one", "scalar_one_or_none", "get_or_404",
     "first_or_404", "one_or_404", "get_or_none"}
)  # fmt: skip


_ESCAPING_TEMPLATES = frozenset(
    {"django.template.Template()", "django.template.loader.get_template()",
     "django.template.loader.select_template()", "django.template.engines[]()"}
)  # fmt: skip
_URL_BUILDERS = frozenset({"url_for", "reverse_url", "route_url", "url_path_for"})
_STATEMENT = frozenset({"sql-statement"})
_STATEMENT_BUILDERS = frozenset({"select", "insert", "update", "delete"})
_STATEMENT_METHODS = frozenset(
    {"where", "filter", "filter_by", "order_by", "join", "outerjoin", "limit", "offset",
     "values", "options", "group_by", "having", "returning", "distinct", "with_for_update"}
)  # fmt: skip


def _builds_statement(c: CallParts) -> bool:
    name = c.name or ""
    if name.rsplit(".", 1)[-1] in _STATEMENT_BUILDERS and "sqlalchemy" in name.lower():
        return True
    receiver = c.receiver
    if receiver is None or c.method not in _STATEMENT_METHODS:
        return False
    # `db.select(User).filter_by(...)`: text has no .where()/.filter_by(), so a select()
    # refined that way is a statement whatever `db` was imported from.
    built_by = (receiver.ref or "").rsplit(".", 1)[-1]
    return "sql-statement" in receiver.marks or built_by in {f"{b}()" for b in _STATEMENT_BUILDERS}


def _orm_lookup(c: CallParts) -> bool:
    if (c.name or "").rsplit(".", 1)[-1] in _ORM_FUNCTIONS or c.method in _ORM_METHODS:
        return True
    receiver = (c.receiver.ref or "") if c.receiver is not None else ""
    return c.method in {"get", "filter"} and receiver.endswith(".objects")


RANDOM_DRAWS = frozenset(
    {"random", "randint", "randrange", "choice", "choices", "sample", "getrandbits",
     "uniform", "randbytes", "triangular", "gauss"}
)  # fmt: skip


def _draws_random(c: CallParts) -> bool:
    """`random.choice(...)`, or a draw from a `random.Random()` instance."""
    name = c.name or ""
    if name.startswith("random.") and name.rsplit(".", 1)[-1] in RANDOM_DRAWS:
        return True
    receiver = (c.receiver.ref or "") if c.receiver is not None else ""
    return receiver.startswith("random.") and c.method in RANDOM_DRAWS


def _text_root(node: ast.expr) -> str | None:
    """The name whose text `node` is, up to case and surrounding space: `raw.strip()`."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr not in _SAME_TEXT_METHODS:
            return None
        node = node.func.value
    return node.id if isinstance(node, ast.Name) else None


_URL_TEMPLATE = "url-template"


def _with_url_templates(found: Value, mapping: Value, default: Value) -> Value:
    """`TEMPLATES.get(provider)` where every template (and the default) is a constant URL
    whose text before the first `{` fixes scheme and host: whichever is chosen, formatting
    it cannot change where the request goes."""
    candidates = [v for _, v in mapping.keys or ()]
    if default.const is not None:
        candidates.append(default)
    texts = [v.const for v in candidates]
    fixed = bool(texts) and all(
        isinstance(t, str) and "ssrf" in prefix_clears(t.split("{", 1)[0]) for t in texts
    )
    return replace(found, marks=found.marks | {_URL_TEMPLATE}) if fixed else found


def _server_mapping(receiver: Value) -> bool:
    """A value holding no outside data that is not a module or class (whose `.get` may be an
    HTTP call): a dict the code loaded or built."""
    ref = receiver.ref or ""
    named = bool(ref) and not ref.endswith(("()", "[]"))
    outside = any(t.label.source in REMOTE_SOURCES | {"param"} for t in receiver.taints)
    return not outside and not receiver.known and not named


def _host_marks(c: CallParts) -> frozenset[str]:
    marks = c.receiver.marks if c.receiver is not None else frozenset()
    return frozenset(m for m in marks if m.startswith(HOST_OF))


def _without_fields(c: CallParts) -> tuple[Value, ...]:
    """The call's inputs with field labels dropped from its arguments (not its receiver).

    A helper's parameter passing through here is marked too: at the helper's call sites,
    the field labels of the argument must not come back through this result.
    """
    args = (*c.args, *(value for _, value in c.kwargs))
    kept = frozenset(
        t.clear(_NO_FIELDS) if t.label.source == "param" else t
        for t in all_taints(args)
        if t.label.source != "field"
    )
    return (c.callee, Value(taints=kept))


def _result_ref(c: CallParts) -> str | None:
    return f"{c.name}()" if c.name else None


def _resolves_entities(c: CallParts) -> bool:
    resolve = c.kwarg("resolve_entities")
    network = c.kwarg("no_network")
    dtd = c.kwarg("load_dtd")
    return (
        _is_true(resolve)
        or (network is not None and network.const is False)
        or (_is_true(dtd) and not (resolve is not None and resolve.const is False))
    )


def params_in(event: Event, qualname: str) -> frozenset[str]:
    """The parameters of function `qualname` whose data an event sees."""
    return frozenset(
        t.label.what
        for value in event_values(event)
        for t in value.taints
        if t.label.source == "param" and t.label.facet == qualname
    )
