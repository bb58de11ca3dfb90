"""logging.forbidden_fields: values named like a forbidden field must not reach a log.

The analysis labels every variable, attribute, dict key and `.get("...")` whose name
contains a forbidden word (`user_password`, `request.form["token"]`, `{"email": ...}`), and
the label follows the data: `log.info("login %s", creds)` after `creds = password` is found,
`log.info("length %d", len(password))` is not.

Two things are read from the syntax as well. A reviewed redaction helper
(`_redact(headers)`) clears exactly the fields its body masks (redaction.py); one whose
body does not mask a field leaves it in the log, whatever its name. And a model or dataclass
defined in the review whose fields include a forbidden one leaks it when dumped or
printed whole: `log.info("%s", body.model_dump())`, `asdict(creds)`, `vars(req)`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from app.core.findings import Severity
from app.core.threat_model import Policies
from app.scan.policy.common import (
    Outcome,
    PolicyFile,
    Rule,
    clearance,
    human_list,
    make_finding,
)
from app.scan.policy.redaction import Redactor, enclosing_functions, redactor_of_call
from app.scan.policy.reviewed import Code, Module, own_nodes, parameters
from app.scan.python_flow.events import CallEvent
from app.scan.python_flow.frame import FIELD_DESCRIPTORS, sensitive_word
from app.scan.python_flow.model import Taint, Value
from app.scan.python_flow.relevance import LOG_METHODS
from app.scan.python_flow.routes import FunctionNode, dotted

POLICY = "logging"
RULE = Rule(
    POLICY,
    "sensitive-data-logged",
    "Forbidden field written to a log",
    (532,),
    Severity.MEDIUM,
    "Logs are kept long, copied widely and read by many people: a secret or personal value "
    "in them outlives every access control on the original.",
    "Leave the field out of the message, or log a redacted form (last 4 characters, a "
    "hash, or just whether it was present).",
)
_LOGGER_NAMES = frozenset({"log", "logger", "logging", "_log", "_logger", "log_", "logger_"})


def applies(policies: Policies) -> bool:
    return policies.logging is not None and bool(policies.logging.forbidden_fields)


def forbidden_words(policies: Policies) -> tuple[str, ...]:
    fields = policies.logging.forbidden_fields if policies.logging else None
    return tuple(word.lower() for word in fields or ())


def is_log_call(event: CallEvent) -> bool:
    if event.name == "print":
        return True
    if event.method not in LOG_METHODS:
        return False
    name = (event.name or "").lower()
    if name.startswith("logging.") or "logger" in name:
        return True
    func = event.node.func
    receiver = dotted(func.value) if isinstance(func, ast.Attribute) else ""
    return receiver.rsplit(".", 1)[-1].lower() in _LOGGER_NAMES


_WRAPPERS = frozenset({"str", "repr", "dumps", "dict", "list", "format", "pformat", "sorted"})
_DUMPS = frozenset({"model_dump", "dict", "model_dump_json", "json", "_asdict", "to_dict"})
_WHOLE = frozenset({"asdict", "vars", "astuple"})
_BUILDERS = frozenset({"model_validate", "parse_obj", "parse_raw", "model_validate_json",
                       "from_orm", "model_construct", "construct"})  # fmt: skip
_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# Request headers that carry credentials: what a redactor given the headers must mask.
_HEADERS = ("Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key")


@dataclass(frozen=True)
class Logged:
    """A forbidden field that reaches a log call."""

    what: str
    line: int
    word: str


class _Context:
    """What the log calls of one file need: their enclosing functions, the redaction
    helpers and models of the review."""

    def __init__(self, file: PolicyFile, words: tuple[str, ...]) -> None:
        self.file = file
        self.words = words
        self.code: Code = file.code
        self.module: Module = file.code.module
        self._redactors: dict[str, Redactor | None] = {}  # by callee name
        self._helper_uses: dict[int, list[tuple[ast.Name, Redactor | None]]] = {}

    @cached_property
    def functions(self) -> dict[int, FunctionNode]:
        return enclosing_functions(self.file.analysis.tree)

    # -- redaction -----------------------------------------------------------------------

    def redactor(self, call: ast.Call) -> Redactor | None:
        name = dotted(call.func)
        if not name:
            return None
        if name not in self._redactors:
            self._redactors[name] = redactor_of_call(self.code, self.module, call)
        return self._redactors[name]

    def masks(self, expr: ast.expr | None, log: ast.Call) -> list[Redactor]:
        """The redaction helpers an argument went through: `_redact(h)`,
        `json.dumps(_redact(h))`, `safe` after `safe = _redact(h)`, or `h` after an
        in-place `scrub(h)` earlier in the function."""
        if expr is None:
            return []
        inner = expr
        while isinstance(inner, ast.Call) and _tail(inner.func) in _WRAPPERS and inner.args:
            inner = inner.args[0]
        if isinstance(inner, ast.Call):
            found = self.redactor(inner)
            return [found] if found is not None else []
        if not isinstance(inner, ast.Name):
            return []
        fn = self.functions.get(id(log))
        if fn is None:
            return []
        assigned = _assignments(fn, inner.id)
        if assigned and all(isinstance(v, ast.Call) for v in assigned):
            found_all = [self.redactor(v) for v in assigned if isinstance(v, ast.Call)]
            if all(r is not None for r in found_all):
                return [r for r in found_all if r is not None]
        in_place = []
        for node in own_nodes(fn):
            if (
                isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
                and node.lineno < log.lineno
                and any(isinstance(a, ast.Name) and a.id == inner.id for a in node.value.args)
            ):  # fmt: skip
                found = self.redactor(node.value)
                if found is not None and found.in_place:
                    in_place.append(found)
        return in_place

    # -- fields ----------------------------------------------------------------------------

    def logged(self, event: CallEvent) -> list[Logged]:
        found: list[Logged] = []
        for value, expr in _arguments(event):
            if value is event.receiver:
                continue
            masks = self.masks(expr, event.node)
            for taint in value.live("log"):
                if taint.label.source != "field" or taint.label.facet not in self.words:
                    continue
                if any(_masked(r, _keys(taint)) for r in masks):
                    continue
                found.append(Logged(taint.label.what, taint.label.line, taint.label.facet))
            if expr is not None:
                found.extend(self._dumped(expr, event.node, masks))
                found.extend(self._through_redactors(expr, event.node))
                found.extend(self._whole_mapping(expr, event.node, masks))
        return sorted(found, key=lambda f: f.line)

    # -- mappings whose keys are known ---------------------------------------------------

    def known_keys(self, expr: ast.expr, fn: FunctionNode | None, seen: int = 0) -> list[str]:
        """Keys a mapping has: the request's headers (Authorization, Cookie, X-Api-Key...),
        a dict literal's keys, or the keys the function reads from a local
        (`form.get("password")`, `form["username"]`)."""
        if isinstance(expr, ast.Call) and _tail(expr.func) in {"to_dict", "copy", "dict"}:
            inner = expr.args[0] if expr.args else getattr(expr.func, "value", None)
            return self.known_keys(inner, fn, seen) if isinstance(inner, ast.expr) else []
        if isinstance(expr, ast.Attribute) and expr.attr in {"headers", "META"}:
            return list(_HEADERS)
        if isinstance(expr, ast.Dict):
            return [str(k.value) for k in expr.keys if isinstance(k, ast.Constant)]
        if isinstance(expr, ast.Name) and fn is not None and seen < 2:
            keys = _keys_read(fn, expr.id)
            for value in _assignments(fn, expr.id):
                keys.extend(self.known_keys(value, fn, seen + 1))
            return keys
        return []

    def _forbidden(self, keys: list[str]) -> list[tuple[str, str]]:
        found = []
        for key in dict.fromkeys(keys):
            word = sensitive_word(key, self.words)
            if word is not None and _last_token(key) not in FIELD_DESCRIPTORS:
                found.append((key, word))
        return found

    def _through_redactors(self, expr: ast.expr, log: ast.Call) -> list[Logged]:
        """`_redact(request.headers)` where `_redact` does not mask Authorization."""
        fn = self.functions.get(id(log))
        found = []
        for call, where in self._redactor_calls(expr, fn, 0):
            redactor = self.redactor(call)
            if redactor is None or not call.args:
                continue
            for key, word in self._forbidden(self.known_keys(call.args[0], where)):
                if not _masked(redactor, (key, key.lower())):
                    what = (
                        f"{ast.unparse(call.args[0])[:40]}[{key!r}] (through {_tail(call.func)}())"
                    )
                    found.append(Logged(what, call.lineno, word))
        return found

    def _redactor_calls(
        self, expr: ast.expr, fn: FunctionNode | None, seen: int
    ) -> list[tuple[ast.Call, FunctionNode | None]]:
        found = []
        for node in ast.walk(expr):
            if isinstance(node, ast.Call) and self.redactor(node) is not None:
                found.append((node, fn))
            elif isinstance(node, ast.Name) and fn is not None and seen < 2:
                for value in _assignments(fn, node.id):
                    found.extend(self._redactor_calls(value, fn, seen + 1))
        return found

    def _whole_mapping(self, expr: ast.expr, log: ast.Call, masks: list[Redactor]) -> list[Logged]:
        """A whole mapping logged as it is: `log.info("form %s", form)` after the function
        read `form.get("password")`."""
        inner = expr
        while isinstance(inner, ast.Call) and _tail(inner.func) in _WRAPPERS and inner.args:
            inner = inner.args[0]
        fn = self.functions.get(id(log))
        if not isinstance(inner, ast.Name) or fn is None:
            return []
        keys = _keys_read(fn, inner.id)
        found = []
        for key, word in self._forbidden(keys):
            if not any(_masked(r, (key,)) for r in masks):
                found.append(Logged(f"{inner.id}[{key!r}]", log.lineno, word))
        return found

    # -- reviewed helpers that log what they are given -----------------------------------

    def helper_calls(self) -> Iterator[tuple[ast.Call, list[Logged], str]]:
        """Calls that hand a mapping to a reviewed function (here or in another reviewed
        file) which logs it, whole or through a redactor that misses a forbidden key."""
        if self.file.project is None or not self.module.imports:
            return
        for call in ast.walk(self.file.analysis.tree):
            if not isinstance(call, ast.Call) or _ast_log_call(call):
                continue
            name = dotted(call.func)
            if name.split(".")[0] not in self.module.imports:
                continue
            found = self.code.resolve(name, self.module) if name else None
            if found is None or not isinstance(found.node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if found.module is self.module:
                continue  # the analysis follows helpers of the same file
            logged = self._logged_by_helper(call, found.node, found.module)
            if logged:
                yield call, logged, found.node.name

    def _logged_by_helper(
        self, call: ast.Call, helper: FunctionNode, module: Module
    ) -> list[Logged]:
        params = [p.arg for p in parameters(helper)]
        offset = 1 if params[:1] in (["self"], ["cls"]) else 0
        arguments = {
            params[i + offset]: a for i, a in enumerate(call.args) if i + offset < len(params)
        }
        arguments.update({k.arg: k.value for k in call.keywords if k.arg})
        if id(helper) not in self._helper_uses:  # what the helper logs, read once
            self._helper_uses[id(helper)] = [
                use
                for log in own_nodes(helper)
                if isinstance(log, ast.Call) and _ast_log_call(log)
                for use in _uses(log, module, self.code)
            ]
        uses = self._helper_uses[id(helper)]
        if not uses:
            return []
        found: list[Logged] = []
        caller = self.functions.get(id(call))
        for target, redactor in uses:
            if target.id not in arguments:
                continue
            keys = self.known_keys(arguments[target.id], caller)
            for key, word in self._forbidden(keys):
                if redactor is None or not _masked(redactor, (key,)):
                    found.append(Logged(f"{target.id}[{key!r}]", call.lineno, word))
        return found

    def _dumped(self, expr: ast.expr, log: ast.Call, masks: list[Redactor]) -> list[Logged]:
        """Forbidden fields of a reviewed model dumped whole into the log."""
        fn = self.functions.get(id(log))
        if fn is None:
            return []
        found = []
        for dump, instance in self._dumps(expr, fn, 0):
            model = self._model(instance, fn)
            if model is None:
                continue
            for field, line in _model_fields(model, dump):
                word = sensitive_word(field, self.words)
                if word is None or _last_token(field) in FIELD_DESCRIPTORS:
                    continue
                if any(_masked(r, (field, word)) for r in masks):
                    continue
                what = f"{_instance_text(instance)}.{field} ({model.name} dumped)"
                found.append(Logged(what, line, word))
        return found

    def _dumps(self, expr: ast.expr, fn: FunctionNode, seen: int) -> list[tuple[ast.AST, ast.expr]]:
        """(dump expression, the instance dumped) in an argument, through locals."""
        found: list[tuple[ast.AST, ast.expr]] = []
        for node in ast.walk(expr):
            if isinstance(node, ast.Call) and self.redactor(node) is not None:
                continue
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in _DUMPS
            ):
                found.append((node, node.func.value))
            if isinstance(node, ast.Call) and _tail(node.func) in _WHOLE and node.args:
                found.append((node, node.args[0]))
            if isinstance(node, ast.Attribute) and node.attr in {
                "__dict__",
                "data",
                "cleaned_data",
            }:
                found.append((node, node.value))  # vars(x); a form's data
            if isinstance(node, ast.Name) and seen < 2 and node is expr:
                if self._model(node, fn) is not None:
                    found.append((node, node))  # the model itself: its repr shows every field
                for value in [*_assignments(fn, node.id), *_merged_into(fn, node.id)]:
                    found.extend(self._dumps(value, fn, seen + 1))
        return found

    def _model(self, instance: ast.expr, fn: FunctionNode) -> ast.ClassDef | None:
        """The reviewed model class of `body` (a parameter annotated `RefreshRequest`, or
        `RefreshRequest(...)` / `RefreshRequest.model_validate(...)`)."""
        names: list[str] = []
        if isinstance(instance, ast.Name):
            for param in parameters(fn):
                if param.arg == instance.id and param.annotation is not None:
                    names.extend(_class_names(param.annotation))
            for value in _assignments(fn, instance.id):
                names.extend(_built_class(value))
        elif isinstance(instance, ast.Call):
            names.extend(_built_class(instance))
        for name in names:
            found = self.code.resolve(name, self.module)
            if found is not None and isinstance(found.node, ast.ClassDef) and _is_model(found.node):
                return found.node
        return None


def _tail(node: ast.expr) -> str:
    return dotted(node).rsplit(".", 1)[-1]


def _last_token(identifier: str) -> str:
    tokens = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", identifier)
    return tokens[-1].lower() if tokens else ""


def _arguments(event: CallEvent) -> list[tuple[Value, ast.expr | None]]:
    node = event.node
    pairs: list[tuple[Value, ast.expr | None]] = []
    if len(node.args) == len(event.args) and not any(isinstance(a, ast.Starred) for a in node.args):
        pairs.extend(zip(event.args, node.args, strict=True))
    else:
        pairs.extend((value, None) for value in event.args)
    keywords = {k.arg: k.value for k in node.keywords}
    pairs.extend((value, keywords.get(key)) for key, value in event.kwargs)
    if event.receiver is not None:
        pairs.append((event.receiver, None))
    return pairs


def _keys_read(fn: FunctionNode, name: str) -> list[str]:
    """Constant keys read from or written to a local mapping in a function."""
    keys = []
    for node in own_nodes(fn):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            if node.value.id == name and isinstance(node.slice, ast.Constant):
                keys.append(str(node.slice.value))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            if (
                isinstance(receiver, ast.Name)
                and receiver.id == name
                and node.args
                and node.func.attr in {"get", "pop", "getlist", "setdefault"}
            ):
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    keys.append(first.value)
    return keys


def _uses(log: ast.Call, module: Module, code: Code) -> list[tuple[ast.Name, Redactor | None]]:
    """Names a log call writes: bare, or as the argument of a redaction helper."""
    found: list[tuple[ast.Name, Redactor | None]] = []
    stack: list[ast.AST] = list(ast.iter_child_nodes(log))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name):
            redactor = redactor_of_call(code, module, node)
            if redactor is not None:
                found.append((node.args[0], redactor))
                continue
        if isinstance(node, ast.Name):
            found.append((node, None))
        stack.extend(ast.iter_child_nodes(node))
    return found


def _ast_log_call(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id == "print"
    if not isinstance(func, ast.Attribute) or func.attr not in LOG_METHODS:
        return False
    receiver = dotted(func.value).lower()
    return receiver.startswith("logging") or "log" in receiver.rsplit(".", 1)[-1]


def _keys(taint: Taint) -> tuple[str, ...]:
    """Keys a field may have in a mapping: its name as written, its last part, the word."""
    what = taint.label.what
    parts = _KEY.findall(what)
    return tuple(k for k in (what, parts[-1] if parts else "", taint.label.facet) if k)


def _masked(redactor: Redactor, keys: tuple[str, ...]) -> bool:
    return any(redactor.masks(key) for key in keys)


def _assignments(fn: FunctionNode, name: str) -> list[ast.expr]:
    found = []
    for node in own_nodes(fn):
        if _assigns(node, name):
            assert isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None
            found.append(node.value)
    return found


def _merged_into(fn: FunctionNode, name: str) -> list[ast.expr]:
    """What `name.update(other)` and `name |= other` merge into a local mapping."""
    found: list[ast.expr] = []
    for node in own_nodes(fn):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            if (
                node.func.attr == "update"
                and isinstance(receiver, ast.Name)
                and receiver.id == name
            ):
                found.extend(node.args)
        elif (
            isinstance(node, ast.AugAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == name
            and isinstance(node.op, ast.BitOr)
        ):
            found.append(node.value)
    return found


def _assigns(node: ast.AST, name: str) -> bool:
    if isinstance(node, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
    return (
        isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id == name
        and node.value is not None
    )


def _class_names(annotation: ast.expr) -> list[str]:
    """`RefreshRequest`, `RefreshRequest | None`, `Optional[Creds]`, `Annotated[Creds, ...]`."""
    if isinstance(annotation, ast.BinOp):
        return _class_names(annotation.left) + _class_names(annotation.right)
    if isinstance(annotation, ast.Subscript):
        inner = annotation.slice
        first = inner.elts[0] if isinstance(inner, ast.Tuple) and inner.elts else inner
        return _class_names(first)
    name = dotted(annotation)
    return [name] if name else []


def _built_class(value: ast.expr) -> list[str]:
    if isinstance(value, ast.Await):
        value = value.value
    if not isinstance(value, ast.Call):
        return []
    func = value.func
    if isinstance(func, ast.Attribute) and func.attr in _BUILDERS:
        return [dotted(func.value)]
    return [dotted(func)] if dotted(func) else []


def _is_model(cls: ast.ClassDef) -> bool:
    """A pydantic model, dataclass, attrs class or NamedTuple: its dump and repr list
    every field."""
    bases = {dotted(b).rsplit(".", 1)[-1] for b in cls.bases}
    decorators = {dotted(d).rsplit(".", 1)[-1] for d in cls.decorator_list}
    return bool(
        bases
        & {
            "BaseModel",
            "NamedTuple",
            "TypedDict",
            "Schema",
            "BaseSettings",
            "FlaskForm",
            "Form",
            "ModelForm",
        }
        or decorators & {"dataclass", "define", "frozen", "attrs", "s"}
    )


def _model_fields(cls: ast.ClassDef, dump: ast.AST) -> list[tuple[str, int]]:
    """The fields a dump or repr shows: annotated class attributes, without those typed
    as secrets (`SecretStr`), excluded from dumps (`Field(exclude=True)`, `repr=False`) or
    by the call (`model_dump(exclude={"password"})`)."""
    excluded, included = _dump_filters(dump)
    found = []
    for item in cls.body:
        if _form_field(item):  # password = PasswordField("Password")
            assert isinstance(item, ast.Assign) and isinstance(item.targets[0], ast.Name)
            found.append((item.targets[0].id, item.lineno))
            continue
        if not (isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)):
            continue
        name = item.target.id
        if "Secret" in ast.unparse(item.annotation) or _hidden(item.value, dump):
            continue
        if name in excluded or (included is not None and name not in included):
            continue
        found.append((name, item.lineno))
    return found


def _form_field(item: ast.stmt) -> bool:
    return (
        isinstance(item, ast.Assign)
        and len(item.targets) == 1
        and isinstance(item.targets[0], ast.Name)
        and isinstance(item.value, ast.Call)
        and dotted(item.value.func).endswith("Field")
    )


def _hidden(value: ast.expr | None, dump: ast.AST) -> bool:
    if not isinstance(value, ast.Call):
        return False
    flags = {k.arg: k.value for k in value.keywords}
    keyword = "repr" if not isinstance(dump, ast.Call) else "exclude"
    flag = flags.get(keyword)
    if keyword == "exclude":
        return isinstance(flag, ast.Constant) and flag.value is True
    return isinstance(flag, ast.Constant) and flag.value is False


def _dump_filters(dump: ast.AST) -> tuple[set[str], set[str] | None]:
    if not isinstance(dump, ast.Call):
        return set(), None
    values = {k.arg: k.value for k in dump.keywords}

    def names(node: ast.expr | None) -> set[str] | None:
        if isinstance(node, ast.Set | ast.List | ast.Tuple):
            return {str(e.value) for e in node.elts if isinstance(e, ast.Constant)}
        if isinstance(node, ast.Dict):
            return {str(k.value) for k in node.keys if isinstance(k, ast.Constant)}
        return None

    return names(values.get("exclude")) or set(), names(values.get("include"))


def _instance_text(instance: ast.expr) -> str:
    return dotted(instance) or ast.unparse(instance)[:40]


def check(file: PolicyFile, policies: Policies) -> Iterator[Outcome]:
    words = forbidden_words(policies)
    context = _Context(file, words)
    for event in file.calls():
        if not is_log_call(event):
            continue
        fields = context.logged(event)
        if not fields:
            yield _cleared(file, event, words)
            continue
        first: dict[str, int] = {}
        for field in fields:  # sorted by line: the first sighting of each name
            first.setdefault(field.what, field.line)
        names = [f"{name} (line {line})" for name, line in first.items()]
        forbidden = sorted({f.word for f in fields})
        message = (
            f"{human_list(names)} reaches the log through {dotted(event.node.func)}(); "
            f"the threat model forbids logging {human_list(forbidden)}."
        )
        yield make_finding(RULE, file, event.node, message)
    for call, logged, helper in context.helper_calls():
        listed = human_list(list(dict.fromkeys(f.what for f in logged)))
        forbidden = sorted({f.word for f in logged})
        message = (
            f"{listed} reaches the log in {helper}() (another reviewed file); the threat "
            f"model forbids logging {human_list(forbidden)}."
        )
        yield make_finding(RULE, file, call, message)


def _cleared(file: PolicyFile, event: CallEvent, words: tuple[str, ...]) -> Outcome:
    node = event.node
    call = f"{dotted(node.func)}()"
    evidence = (
        f"{call} on line {node.lineno} writes none of the fields the threat model forbids "
        f"logging ({human_list(words)})"
    )
    return clearance(RULE, file, (node.lineno, node.end_lineno or node.lineno), call, evidence)
