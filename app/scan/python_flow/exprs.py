"""Abstract evaluation of expressions: names, attributes, subscripts, operators, literals.

Calls live in calls.py. Every handler is total: unknown syntax evaluates its children (so
calls inside still produce events) and yields a value carrying their taints.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from app.scan.python_flow import consts
from app.scan.python_flow.events import TestEvent
from app.scan.python_flow.frame import Frame
from app.scan.python_flow.guards import HOST_OF, URL_OF, refinements
from app.scan.python_flow.model import (
    ALL,
    CLEAN,
    ONE_OF_CONSTANTS,
    UNKNOWN,
    Label,
    Taint,
    Value,
    add_taints,
    all_taints,
    constant,
    derived,
    env_key,
    from_constants,
    join,
    join_all,
    sanitised,
    tainted,
)
from app.scan.python_flow.sanitizers import prefix_clears
from app.scan.python_flow.sinks import TORNADO_HANDLER
from app.scan.python_flow.sources import (
    HANDLER_ATTRS,
    HTTP_REQUEST,
    REMOTE_SOURCES,
    module_source,
    request_attribute,
    upload_attribute,
)

# Module-level request objects of frameworks that use a global `request`.
REQUEST_GLOBALS = frozenset(
    {"flask.request", "flask.globals.request", "quart.request", "bottle.request"}
)
# What an exception says to a client by design (werkzeug's HTTPException.description).
_HOST_PARTS = frozenset({"hostname", "netloc", "host"})
_EXCEPTION_STATUS = frozenset({"code", "status_code", "status", "errno", "name", "description"})
_EVERYTHING = frozenset({ALL})
_NUMBER_FORMATS = frozenset("dnbcoxXeEfFgG%")
_COMPARE_TEXT: dict[type[ast.cmpop], str] = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in",
}  # fmt: skip


Comprehension = ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp


def element_of(container: Value) -> Value:
    """What iterating over `container` yields."""
    if container.items is not None:
        return join_all(container.items)
    if isinstance(container.const, tuple | frozenset):
        return join_all(constant(item) for item in container.const)
    if container.keys is not None:
        return join_all(constant(key) for key, _ in container.keys)
    shape = "str" if container.shape in {"strmap", "str"} else None
    return Value(taints=container.taints, shape=shape)


# A dict built by the code (literal or comprehension): looking a key up in it gives one of its
# values, whatever the key; the key's own data does not come back.
MAPPING_MARKS = frozenset({"mapping"})


class ExprMixin(Frame):
    def eval(self, node: ast.expr) -> Value:
        handler = _HANDLERS.get(type(node))
        if handler is None:
            return self._children(node)
        return handler(self, node)

    def _children(self, node: ast.AST) -> Value:
        values = [
            self.eval(child) for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr)
        ]
        return derived(*values)

    def _constant(self, node: ast.Constant) -> Value:
        return constant(node.value) if consts.is_plain(node.value) else CLEAN

    def _name(self, node: ast.Name) -> Value:
        value = self.lookup(node.id)
        return add_taints(value, self.field_taints(node.id, node.lineno, value))

    def _attribute(self, node: ast.Attribute) -> Value:
        key = env_key(node)
        if key is not None and key in self.env:
            value = self.env[key]
        else:
            value = self.attribute_of(self.eval(node.value), node.attr, node.lineno)
        return add_taints(value, self.field_taints(node.attr, node.lineno, value))

    def attribute_of(self, base: Value, attr: str, line: int) -> Value:
        if attr == "request" and TORNADO_HANDLER in base.marks:
            return Value(ref=HTTP_REQUEST)  # tornado's HTTPServerRequest
        name = f"{base.ref}.{attr}" if base.ref else None
        if base.ref == HTTP_REQUEST:
            source = request_attribute(attr, line)
            if source is None:
                return Value(ref=name)
            return add_taints(source, self._whole_mapping_fields(attr, line))
        if name in REQUEST_GLOBALS:
            return Value(ref=HTTP_REQUEST)
        found = (module_source(name, line) if name else None) or upload_attribute(base, attr, line)
        if found is not None:
            return found
        handler = self._handler_attribute(base, attr, line)
        if handler is not None:
            return handler
        if base.ref == "exception" and attr in _EXCEPTION_STATUS:
            return sanitised(Value(taints=base.taints), _EVERYTHING)  # a status, not details
        if attr == "name" and base.ref and base.ref.startswith("pathlib."):
            return sanitised(Value(taints=base.taints, shape="str"), frozenset({"path"}))
        marks = base.marks & {"xxe-parser"}
        if attr in _HOST_PARTS:
            marks |= {HOST_OF + m[len(URL_OF) :] for m in base.marks if m.startswith(URL_OF)}
        return Value(taints=base.taints, ref=name, marks=marks)

    def _whole_mapping_fields(self, attr: str, line: int) -> frozenset[Taint]:
        """All headers (or cookies) at once hold Authorization, Cookie and session values."""
        words = set(self.ctx.words)
        held = words if attr in WHOLE_FORMS else WHOLE_MAPPINGS.get(attr, frozenset()) & words
        what = f"{WHOLE}request.{attr}"
        return frozenset(Taint(Label("field", what, line, word)) for word in held)

    def _handler_attribute(self, base: Value, attr: str, line: int) -> Value | None:
        """`self.rfile`, `self.path` in a socketserver or http.server request handler."""
        ref = base.ref or ""
        if attr not in HANDLER_ATTRS or not (ref.startswith("class:") and ref.endswith("()")):
            return None
        bases = self.ctx.class_bases.get(ref[len("class:") : -2], ())
        if not any(b.endswith("RequestHandler") for b in bases):
            return None
        source, what = HANDLER_ATTRS[attr]
        return tainted(Label(source, what, line))

    def _subscript(self, node: ast.Subscript) -> Value:
        base = self.eval(node.value)
        index = self.eval(node.slice)
        if isinstance(node.slice, ast.Slice):
            return Value(taints=base.taints, shape=base.shape if base.shape == "str" else None)
        found = _element(base, index)
        if found is None:
            shape = "str" if base.shape in {"strmap", "str"} else None
            ref = f"{base.ref}[]" if base.ref else None
            found = Value(taints=one_entry(base.taints), shape=shape, ref=ref)
        if isinstance(index.const, str):
            found = add_taints(found, self.field_taints(index.const, node.lineno, found))
        return found

    def _binop(self, node: ast.BinOp) -> Value:
        # Long chains ("a" + b + "c" + ...) are folded iteratively: no recursion limit.
        spine: list[ast.BinOp] = []
        current: ast.expr = node
        while isinstance(current, ast.BinOp):
            spine.append(current)
            current = current.left
        value = self.eval(current)
        for link in reversed(spine):
            value = combine(link.op, value, self.eval(link.right))
        return value

    def _boolop(self, node: ast.BoolOp) -> Value:
        """`a or b`: b only if a may be falsy; a known-falsy `a` never is the result."""
        is_or = isinstance(node.op, ast.Or)
        values: list[Value] = []
        for operand in node.values:
            value = self.eval(operand)
            decided = consts.truth(value.const)
            if decided is not None and decided != is_or and operand is not node.values[-1]:
                continue
            values.append(value)
            if decided == is_or:
                break
        return join_all(values)

    def _unaryop(self, node: ast.UnaryOp) -> Value:
        operand = self.eval(node.operand)
        folded = consts.fold_unary(node.op, operand.const)
        if folded is not UNKNOWN:
            return constant(folded)
        return CLEAN if isinstance(node.op, ast.Not) else Value(taints=operand.taints)

    def _compare(self, node: ast.Compare) -> Value:
        values = [self.eval(node.left), *(self.eval(c) for c in node.comparators)]
        op = _COMPARE_TEXT.get(type(node.ops[0]), "?")
        self.emit(TestEvent(node, self.qualname, op, tuple(values)))
        result: object = True
        for position, cmpop in enumerate(node.ops):
            step = consts.fold_compare(cmpop, values[position].const, values[position + 1].const)
            if step is UNKNOWN:
                return CLEAN
            result = result and step
        return constant(result)

    def _ifexp(self, node: ast.IfExp) -> Value:
        decided = consts.truth(self.eval(node.test).const)
        if decided is True:
            return self.eval(node.body)
        if decided is False:
            return self.eval(node.orelse)
        return join(
            self._eval_where(node.body, node.test, True),
            self._eval_where(node.orelse, node.test, False),
        )

    def _eval_where(self, node: ast.expr, test: ast.expr, truth: bool) -> Value:
        """`x if x in ALLOWED else DEFAULT`: each arm sees what its side of the test says."""
        saved = self.env
        self.env = dict(saved)
        try:
            for name, change in refinements(test, truth, self.peek):
                self.env[name] = change(self.lookup(name))
            return self.eval(node)
        finally:
            self.env = saved

    def _sequence(self, node: ast.List | ast.Tuple) -> Value:
        if any(isinstance(e, ast.Starred) for e in node.elts):
            return derived(*(self.eval(e) for e in node.elts))
        items = tuple(self.eval(e) for e in node.elts)
        const: object = UNKNOWN
        if all(item.known for item in items):
            const = tuple(item.const for item in items)
        return Value(taints=all_taints(items), const=const, items=items)

    def _set(self, node: ast.Set) -> Value:
        items = [self.eval(e) for e in node.elts]
        if all(item.known for item in items) and not any(
            isinstance(e, ast.Starred) for e in node.elts
        ):
            folded = consts.fold_call_frozenset(tuple(item.const for item in items))
            if folded is not UNKNOWN:
                return constant(folded)
        return derived(*items)

    def _dict(self, node: ast.Dict) -> Value:
        pairs: list[tuple[object, Value]] = []
        exact = True
        for key_node, value_node in zip(node.keys, node.values, strict=True):
            key = self.eval(key_node) if key_node is not None else None
            value = self.eval(value_node)
            if key is None or not key.known:
                exact = False
                pairs.append((UNKNOWN, add_taints(value, key.taints if key else frozenset())))
                continue
            if isinstance(key.const, str):
                value = add_taints(value, self.field_taints(key.const, value_node.lineno, value))
            pairs.append((key.const, value))
        taints = all_taints(value for _, value in pairs)
        return Value(taints=taints, keys=tuple(pairs) if exact else None, marks=MAPPING_MARKS)

    def _joinedstr(self, node: ast.JoinedStr) -> Value:
        return concat_text([self.eval(v) for v in node.values])

    def _formatted(self, node: ast.FormattedValue) -> Value:
        value = self.eval(node.value)
        if node.format_spec is not None:
            spec = self.eval(node.format_spec).const
            if isinstance(spec, str) and spec[-1:] in _NUMBER_FORMATS:
                # `{x:d}`, `{x:.2f}`: a number is written (anything else raises), no text.
                return sanitised(Value(taints=value.taints), _EVERYTHING)
        if node.conversion != -1 or node.format_spec is not None:
            return Value(taints=value.taints)
        return value

    def _comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp
    ) -> Value:
        saved = self.env
        self.env = dict(saved)
        try:
            for generator in node.generators:
                self.assign(
                    generator.target, element_of(self.eval(generator.iter)), generator.target
                )
                for condition in generator.ifs:
                    self.eval(condition)
            if isinstance(node, ast.DictComp):
                built = derived(self.eval(node.key), self.eval(node.value))
                return Value(taints=built.taints, marks=MAPPING_MARKS)
            return Value(taints=self.eval(node.elt).taints)
        finally:
            self.env = saved

    def _namedexpr(self, node: ast.NamedExpr) -> Value:
        value = self.eval(node.value)
        self.assign(node.target, value, node)
        return value

    def _yield(self, node: ast.Yield) -> Value:
        """What a generator yields is what its caller gets: `with connect() as conn` on a
        @contextmanager, or each item of `for row in rows()`. `yield` itself gives nothing."""
        self.yields.append(self.eval(node.value) if node.value is not None else constant(None))
        return CLEAN

    def _passthrough(self, node: ast.Await | ast.Starred) -> Value:
        return self.eval(node.value)

    def _lambda(self, node: ast.Lambda) -> Value:
        return Value(ref="lambda")

    def _call(self, node: ast.Call) -> Value:
        return self.call(node)


WHOLE = "all of "  # a field label that belongs to a whole mapping, not to each entry
WHOLE_MAPPINGS: dict[str, frozenset[str]] = {
    "headers": frozenset({"authorization", "cookie", "token", "api_key", "session"}),
    "META": frozenset({"authorization", "cookie", "token", "api_key", "session"}),
    "cookies": frozenset({"cookie", "session", "token"}),
    "COOKIES": frozenset({"cookie", "session", "token"}),
}


# A whole submitted form or body holds whatever fields the client sent: any forbidden one.
WHOLE_FORMS = frozenset({"form", "values", "json", "POST", "data"})


def one_entry(taints: frozenset[Taint]) -> frozenset[Taint]:
    """Taints of one entry of a mapping: whole-mapping field labels stay behind."""
    return frozenset(t for t in taints if not t.label.what.startswith(WHOLE))


def _element(base: Value, index: Value) -> Value | None:
    """`base[index]` when literal elements or constants decide it."""
    items, position = base.items, index.const
    if items is not None and isinstance(position, int) and -len(items) <= position < len(items):
        return items[position]
    if base.keys is not None:
        if index.known:
            found = base.key(index.const)
            if found is not None:
                return found
        return add_taints(join_all(value for _, value in base.keys), base.taints)
    if index.known and base.known:
        folded = consts.fold_subscript(base.const, index.const)
        if folded is not UNKNOWN:
            return constant(folded)
    return None


_IN_QUERY = frozenset({"redirect", "ssrf"})


_URL_KINDS = frozenset({"ssrf", "redirect"})


def _from_outside(taint: Taint) -> bool:
    return taint.label.source in REMOTE_SOURCES or taint.label.source == "param"


def concat_text(parts: list[Value]) -> Value:
    """Text built from `parts` in order (an f-string, `+`).

    A constant prefix such as "https://api.example.com/" fixes where a URL goes, and
    whatever follows a literal "?" or "#" is query or fragment, which cannot move it.
    """
    if all(part.known for part in parts):
        return constant("".join(str(part.const) for part in parts))
    prefix, fixed, in_query = "", True, False
    # Everything so far is the server's (constants, its configuration), and a "/" followed a
    # configured part: `f"{ASSET_ORIGIN}/images/{key}"` cannot leave that origin.
    servers, configured, in_path = True, False, False
    taints: set[Taint] = set()
    for part in parts:
        if part.known:
            text = str(part.const)
            in_path = in_path or (servers and configured and "/" in text)
            prefix += text if fixed else ""
            in_query = in_query or "?" in text or "#" in text
            continue
        fixed = False
        cleared = prefix_clears(prefix) | (_IN_QUERY if in_query else frozenset())
        cleared |= _URL_KINDS if in_path else frozenset()
        taints.update(sanitised(part, cleared).taints if cleared else part.taints)
        in_query = in_query or "url-query" in part.marks
        servers = servers and not any(_from_outside(t) for t in part.taints)
        configured = configured or servers
    marks = frozenset({"url-query"}) if in_query else frozenset()
    if all(from_constants(part) for part in parts):
        marks |= {ONE_OF_CONSTANTS}  # `f"ORDER BY {column} {direction}"` of chosen constants
    return Value(taints=frozenset(taints), shape="str", marks=marks)


def combine(op: ast.operator, left: Value, right: Value) -> Value:
    """`left op right`: constant folding, taint union, known URL prefixes."""
    folded = consts.fold_binary(op, left.const, right.const)
    if folded is not UNKNOWN:
        return constant(folded)
    if isinstance(op, ast.Add) and left.items is not None and right.items is not None:
        items = left.items + right.items
        return Value(taints=all_taints(items), items=items)
    text = isinstance(op, ast.Add | ast.Mod) and "str" in {left.shape, right.shape}
    if text and isinstance(op, ast.Add):
        return concat_text([left, right])
    ref = left.ref if isinstance(op, ast.Div) and (left.ref or "").startswith("pathlib.") else None
    value = Value(taints=left.taints | right.taints, shape="str" if text else None, ref=ref)
    if isinstance(left.const, str) and isinstance(op, ast.Mod):
        prefix = left.const.split("%", 1)[0]
        cleared = prefix_clears(prefix)
        return sanitised(value, cleared) if cleared else value
    return value


_HANDLERS: dict[type[ast.AST], Callable[[ExprMixin, Any], Value]] = {
    ast.Constant: ExprMixin._constant,
    ast.Name: ExprMixin._name,
    ast.Attribute: ExprMixin._attribute,
    ast.Subscript: ExprMixin._subscript,
    ast.BinOp: ExprMixin._binop,
    ast.BoolOp: ExprMixin._boolop,
    ast.UnaryOp: ExprMixin._unaryop,
    ast.Compare: ExprMixin._compare,
    ast.IfExp: ExprMixin._ifexp,
    ast.List: ExprMixin._sequence,
    ast.Tuple: ExprMixin._sequence,
    ast.Set: ExprMixin._set,
    ast.Dict: ExprMixin._dict,
    ast.JoinedStr: ExprMixin._joinedstr,
    ast.FormattedValue: ExprMixin._formatted,
    ast.ListComp: ExprMixin._comprehension,
    ast.SetComp: ExprMixin._comprehension,
    ast.GeneratorExp: ExprMixin._comprehension,
    ast.DictComp: ExprMixin._comprehension,
    ast.NamedExpr: ExprMixin._namedexpr,
    ast.Await: ExprMixin._passthrough,
    ast.Yield: ExprMixin._yield,
    ast.Starred: ExprMixin._passthrough,
    ast.Lambda: ExprMixin._lambda,
    ast.Call: ExprMixin._call,
}
