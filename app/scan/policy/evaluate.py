"""A small evaluator of the conditions guards test: `is_public(request.path)`,
`request.endpoint in PUBLIC_ENDPOINTS`, `path.startswith(("/static/", "/health"))`.

A hook or middleware that lets some paths through before it checks the caller protects a
route only if the route's own path is not one of them. The condition is evaluated with the
route's path, endpoint and method, module constants and the reviewed helpers it calls
(`def is_public(path): return any(path == p or path.startswith(p) for p in PUBLIC)`).
Anything else (a header, the session, a database) is UNKNOWN, and the logic is three-valued:
`False or UNKNOWN` is UNKNOWN. A budget bounds the work hostile code can cause, and only
string methods that cannot blow up are run (no regular expressions).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from app.scan.policy.reviewed import Code, Module
from app.scan.python_flow.model import UNKNOWN, _Unknown
from app.scan.python_flow.routes import dotted

_BUDGET = 20_000
_MAX_DEPTH = 6
_MAX_ITEMS = 512
_MAX_TEXT = 4096
_FELL_THROUGH: Final = object()  # a body that ended without `return`

_STR_METHODS = frozenset(
    {
        "startswith",
        "endswith",
        "lower",
        "upper",
        "strip",
        "lstrip",
        "rstrip",
        "split",
        "rsplit",
        "partition",
        "rpartition",
        "removeprefix",
        "removesuffix",
        "casefold",
        "count",
        "find",
        "rfind",
        "isdigit",
        "isalnum",
        "isalpha",
    }
)
_PATH_ATTRS = frozenset({"path", "path_info", "url.path", "rel_url.path", "url_path"})
_PATH_KEYS = frozenset({"PATH_INFO", "path"})


@dataclass(frozen=True)
class RouteFacts:
    """What a guard can see of the request for one route."""

    path: str | None = None  # with parameters filled in: /albums/1/photos
    endpoint: str | None = None  # Flask: "view" or "blueprint.view"
    method: str | None = None  # when the route answers one method only
    blueprint: str | None = None
    rule: str | None = None  # the route's pattern as written: /albums/<int:id>


def sample_path(path: str) -> str:
    """A concrete path for a route pattern: `/albums/{id:\\d+}/x` -> `/albums/1/x`."""
    out, depth = [], 0
    for char in path:
        if char in "<{":
            if depth == 0:
                out.append("1")
            depth += 1
        elif char in ">}" and depth:
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out)


def truth(value: object) -> bool | _Unknown:
    if value is UNKNOWN:
        return UNKNOWN
    try:
        return bool(value)
    except Exception:
        return UNKNOWN


class Evaluator:
    """Evaluates expressions of one module for one route."""

    def __init__(self, code: Code, route: RouteFacts | None, request_names: frozenset[str]) -> None:
        self.code = code
        self.route = route or RouteFacts()
        self.request_names = request_names
        self.steps = 0

    # -- expressions -------------------------------------------------------------------

    def value(
        self, node: ast.expr | None, module: Module, env: dict[str, object], depth: int = 0
    ) -> object:
        self.steps += 1
        if node is None or self.steps > _BUDGET or depth > _MAX_DEPTH:
            return UNKNOWN
        handler = _HANDLERS.get(type(node))
        if handler is None:
            return UNKNOWN
        try:
            return handler(self, node, module, env, depth)
        except Exception:  # a type error (or deep recursion) in hostile code: cannot tell
            return UNKNOWN

    def _constant(
        self, node: ast.Constant, module: Module, env: dict[str, object], depth: int
    ) -> object:
        value = node.value
        if isinstance(value, str) and len(value) > _MAX_TEXT:
            return UNKNOWN
        return value

    def _name(self, node: ast.Name, module: Module, env: dict[str, object], depth: int) -> object:
        if node.id in env:
            return env[node.id]
        if node.id in self.request_names:
            return UNKNOWN
        if node.id in module.constants:
            return self.value(module.constants[node.id], module, {}, depth + 1)
        found = self.code.resolve(node.id, module) if node.id in module.imports else None
        if found is not None and isinstance(found.node, ast.expr):
            return self.value(found.node, found.module, {}, depth + 1)
        return UNKNOWN

    def _request_fact(self, node: ast.expr) -> object:
        """`request.path`, `request.endpoint`, `environ["PATH_INFO"]`... for this route."""
        text = dotted(node)
        head, _, rest = text.partition(".")
        if head == "self" and rest.startswith("request."):  # Django views, tornado
            head, _, rest = rest.partition(".")
            head = "request"
        if head not in self.request_names:
            return _NOT_REQUEST
        route = self.route
        if rest in _PATH_ATTRS:
            return route.path if route.path is not None else UNKNOWN
        facts = {
            "endpoint": route.endpoint,
            "method": route.method,
            "blueprint": route.blueprint,
            "url_rule.rule": route.rule,
        }
        found = facts.get(rest)
        return found if found is not None else UNKNOWN

    def _attribute(
        self, node: ast.Attribute, module: Module, env: dict[str, object], depth: int
    ) -> object:
        fact = self._request_fact(node)
        if fact is not _NOT_REQUEST:
            return fact
        return UNKNOWN

    def _subscript(
        self, node: ast.Subscript, module: Module, env: dict[str, object], depth: int
    ) -> object:
        base_name = dotted(node.value)
        if base_name.split(".")[0] in self.request_names or base_name.endswith(".scope"):
            key = node.slice
            if isinstance(key, ast.Constant) and key.value in _PATH_KEYS:
                return self.route.path if self.route.path is not None else UNKNOWN
            return UNKNOWN
        base = self.value(node.value, module, env, depth)
        if base is UNKNOWN:
            return UNKNOWN
        part = node.slice
        if isinstance(part, ast.Slice):
            lower = self.value(part.lower, module, env, depth) if part.lower else None
            upper = self.value(part.upper, module, env, depth) if part.upper else None
            if lower is UNKNOWN or upper is UNKNOWN or part.step is not None:
                return UNKNOWN
            return base[lower:upper]  # type: ignore[index]
        index = self.value(part, module, env, depth)
        if index is UNKNOWN:
            return UNKNOWN
        return base[index]  # type: ignore[index]

    def _sequence(
        self,
        node: ast.Tuple | ast.List | ast.Set,
        module: Module,
        env: dict[str, object],
        depth: int,
    ) -> object:
        if len(node.elts) > _MAX_ITEMS or any(isinstance(e, ast.Starred) for e in node.elts):
            return UNKNOWN
        items = [self.value(e, module, env, depth) for e in node.elts]
        if isinstance(node, ast.Set):
            return frozenset(items)
        return tuple(items) if isinstance(node, ast.Tuple) else list(items)

    def _dict(self, node: ast.Dict, module: Module, env: dict[str, object], depth: int) -> object:
        if len(node.keys) > _MAX_ITEMS or any(k is None for k in node.keys):
            return UNKNOWN
        keys = [self.value(k, module, env, depth) for k in node.keys]
        if any(k is UNKNOWN for k in keys):
            return UNKNOWN
        return {k: UNKNOWN for k in keys}  # membership is what guards test

    def _boolop(
        self, node: ast.BoolOp, module: Module, env: dict[str, object], depth: int
    ) -> object:
        unknown = False
        result: object = None
        for operand in node.values:
            result = self.value(operand, module, env, depth)
            truth_value = truth(result)
            if truth_value is UNKNOWN:
                unknown = True
            elif (isinstance(node.op, ast.And) and not truth_value) or (
                isinstance(node.op, ast.Or) and truth_value
            ):
                return result
        return UNKNOWN if unknown else result

    def _unary(
        self, node: ast.UnaryOp, module: Module, env: dict[str, object], depth: int
    ) -> object:
        operand = self.value(node.operand, module, env, depth)
        if operand is UNKNOWN:
            return UNKNOWN
        if isinstance(node.op, ast.Not):
            return not operand
        if isinstance(node.op, ast.USub) and isinstance(operand, int | float):
            return -operand
        return UNKNOWN

    def _binop(self, node: ast.BinOp, module: Module, env: dict[str, object], depth: int) -> object:
        left = self.value(node.left, module, env, depth)
        right = self.value(node.right, module, env, depth)
        if left is UNKNOWN or right is UNKNOWN:
            return UNKNOWN
        if isinstance(node.op, ast.Add) and type(left) is type(right):
            if isinstance(left, str | tuple) and len(left) + len(right) <= _MAX_TEXT:  # type: ignore[arg-type]
                return left + right  # type: ignore[operator]
            if isinstance(left, int):
                return left + right  # type: ignore[operator]
        if isinstance(node.op, ast.Mult) and isinstance(left, int) and isinstance(right, int):
            return left * right
        return UNKNOWN

    def _compare(
        self, node: ast.Compare, module: Module, env: dict[str, object], depth: int
    ) -> object:
        left = self.value(node.left, module, env, depth)
        unknown = False
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.value(comparator, module, env, depth)
            outcome = _compare_one(op, left, right)
            if outcome is UNKNOWN:
                unknown = True
            elif not outcome:
                return False
            left = right
        return UNKNOWN if unknown else True

    def _ifexp(self, node: ast.IfExp, module: Module, env: dict[str, object], depth: int) -> object:
        test = truth(self.value(node.test, module, env, depth))
        if test is UNKNOWN:
            return UNKNOWN
        return self.value(node.body if test else node.orelse, module, env, depth)

    def _named(
        self, node: ast.NamedExpr, module: Module, env: dict[str, object], depth: int
    ) -> object:
        value = self.value(node.value, module, env, depth)
        env[node.target.id] = value
        return value

    def _joined(
        self, node: ast.JoinedStr, module: Module, env: dict[str, object], depth: int
    ) -> object:
        parts = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                parts.append(str(part.value))
                continue
            if (
                not isinstance(part, ast.FormattedValue)
                or part.format_spec
                or part.conversion != -1
            ):
                return UNKNOWN
            value = self.value(part.value, module, env, depth)
            if not isinstance(value, str | int):
                return UNKNOWN
            parts.append(str(value))
        return "".join(parts)

    def _comprehension(
        self,
        node: ast.GeneratorExp | ast.ListComp | ast.SetComp,
        module: Module,
        env: dict[str, object],
        depth: int,
    ) -> object:
        if len(node.generators) != 1:
            return UNKNOWN
        generator = node.generators[0]
        iterable = self.value(generator.iter, module, env, depth)
        if not isinstance(iterable, tuple | list | frozenset | set | dict | str):
            return UNKNOWN
        if len(iterable) > _MAX_ITEMS:
            return UNKNOWN
        results: list[object] = []
        for item in iterable:
            inner = dict(env)
            if not _bind(generator.target, item, inner):
                return UNKNOWN
            keep = [truth(self.value(c, module, inner, depth)) for c in generator.ifs]
            if any(k is False for k in keep):
                continue
            value = self.value(node.elt, module, inner, depth)
            results.append(UNKNOWN if any(k is UNKNOWN for k in keep) else value)
        return tuple(results)

    def _call(self, node: ast.Call, module: Module, env: dict[str, object], depth: int) -> object:
        if any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords
        ):
            return UNKNOWN
        func = node.func
        if isinstance(func, ast.Name) and func.id in _BUILTINS and func.id not in env:
            args = [self.value(a, module, env, depth) for a in node.args]
            return _BUILTINS[func.id](args)
        if isinstance(func, ast.Attribute):
            fact = self._request_fact(func)  # request.get_full_path()
            if fact is not _NOT_REQUEST and func.attr in {"get_full_path", "get_full_path_info"}:
                return self.route.path if self.route.path is not None else UNKNOWN
            if dotted(func.value).split(".")[0] in self.request_names and func.attr == "get":
                key = node.args[0] if node.args else None
                if isinstance(key, ast.Constant) and key.value in _PATH_KEYS:  # environ.get
                    return self.route.path if self.route.path is not None else UNKNOWN
                return UNKNOWN
            if func.attr in _STR_METHODS:
                receiver = self.value(func.value, module, env, depth)
                args = [self.value(a, module, env, depth) for a in node.args]
                if receiver is UNKNOWN or any(a is UNKNOWN for a in args) or node.keywords:
                    return UNKNOWN
                if not isinstance(receiver, str):
                    return UNKNOWN
                return getattr(receiver, func.attr)(*args)
        name = dotted(func)
        found = self.code.resolve(name, module) if name else None
        if found is None or not isinstance(found.node, ast.FunctionDef | ast.AsyncFunctionDef):
            return UNKNOWN
        return self.call(found.node, found.module, node, module, env, depth + 1)

    def call(
        self,
        fn: ast.FunctionDef | ast.AsyncFunctionDef,
        fn_module: Module,
        call: ast.Call,
        module: Module,
        env: dict[str, object],
        depth: int,
    ) -> object:
        """The value a reviewed function returns for these arguments (UNKNOWN if unsure)."""
        if depth > _MAX_DEPTH or isinstance(fn, ast.AsyncFunctionDef):
            return UNKNOWN
        params = [*fn.args.posonlyargs, *fn.args.args]
        inner: dict[str, object] = {}
        defaults = fn.args.defaults
        for index, param in enumerate(params):
            default_at = index - (len(params) - len(defaults))
            if index < len(call.args):
                inner[param.arg] = self.value(call.args[index], module, env, depth)
            elif default_at >= 0:
                inner[param.arg] = self.value(defaults[default_at], fn_module, {}, depth)
            else:
                inner[param.arg] = UNKNOWN
        for keyword in call.keywords:
            if keyword.arg is not None:
                inner[keyword.arg] = self.value(keyword.value, module, env, depth)
        result = self.run(fn.body, fn_module, inner, depth)
        return None if result is _FELL_THROUGH else result

    # -- statements of a helper whose return value is wanted ---------------------------

    def run(
        self, body: list[ast.stmt], module: Module, env: dict[str, object], depth: int
    ) -> object:
        for statement in body:
            self.steps += 1
            if self.steps > _BUDGET:
                return UNKNOWN
            outcome = self._statement(statement, module, env, depth)
            if outcome is not _FELL_THROUGH:
                return outcome
        return _FELL_THROUGH

    def _statement(
        self, statement: ast.stmt, module: Module, env: dict[str, object], depth: int
    ) -> object:
        if isinstance(statement, ast.Return):
            return self.value(statement.value, module, env, depth) if statement.value else None
        if isinstance(statement, ast.Assign | ast.AnnAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            value = self.value(statement.value, module, env, depth)
            if not all(_bind(t, value, env) for t in targets):
                return UNKNOWN
            return _FELL_THROUGH
        if isinstance(statement, ast.Expr | ast.Pass):
            return _FELL_THROUGH  # docstrings, logging
        if isinstance(statement, ast.If):
            return self._if(statement, module, env, depth)
        if isinstance(statement, ast.For):
            return self._for(statement, module, env, depth)
        return UNKNOWN

    def _if(self, statement: ast.If, module: Module, env: dict[str, object], depth: int) -> object:
        test = truth(self.value(statement.test, module, env, depth))
        if test is not UNKNOWN:
            return self.run(statement.body if test else statement.orelse, module, env, depth)
        first = self.run(statement.body, module, dict(env), depth)
        second = self.run(statement.orelse, module, dict(env), depth)
        return first if first == second and first is not UNKNOWN else UNKNOWN

    def _for(
        self, statement: ast.For, module: Module, env: dict[str, object], depth: int
    ) -> object:
        iterable = self.value(statement.iter, module, env, depth)
        has_jumps = any(isinstance(n, ast.Break | ast.Continue) for n in ast.walk(statement))
        if has_jumps or not isinstance(iterable, tuple | list | frozenset | set | dict | str):
            return UNKNOWN
        if len(iterable) > _MAX_ITEMS:
            return UNKNOWN
        for item in iterable:
            if not _bind(statement.target, item, env):
                return UNKNOWN
            outcome = self.run(statement.body, module, env, depth)
            if outcome is not _FELL_THROUGH:
                return outcome
        return self.run(statement.orelse, module, env, depth)


_NOT_REQUEST: Final = object()


def _bind(target: ast.expr, value: object, env: dict[str, object]) -> bool:
    if isinstance(target, ast.Name):
        env[target.id] = value
        return True
    if isinstance(target, ast.Tuple | ast.List):
        if value is UNKNOWN or not isinstance(value, tuple | list):
            return all(_bind(element, UNKNOWN, env) for element in target.elts)
        if len(value) != len(target.elts):
            return False
        return all(_bind(t, v, env) for t, v in zip(target.elts, value, strict=True))
    return False


def _contains(container: object, item: object) -> object:
    if container is UNKNOWN or item is UNKNOWN:
        return UNKNOWN
    if isinstance(container, str):
        return item in container if isinstance(item, str) else UNKNOWN
    if isinstance(container, tuple | list | frozenset | set | dict):
        if item in container:
            return True
        return UNKNOWN if UNKNOWN in container else False
    return UNKNOWN


def _compare_one(op: ast.cmpop, left: object, right: object) -> object:
    if isinstance(op, ast.In):
        return _contains(right, left)
    if isinstance(op, ast.NotIn):
        found = _contains(right, left)
        return UNKNOWN if found is UNKNOWN else not found
    if left is UNKNOWN or right is UNKNOWN:
        return UNKNOWN
    if isinstance(op, ast.Eq):
        return left == right
    if isinstance(op, ast.NotEq):
        return left != right
    if isinstance(op, ast.Is):
        return left is right if left is None or right is None else UNKNOWN
    if isinstance(op, ast.IsNot):
        return left is not right if left is None or right is None else UNKNOWN
    if type(left) is type(right) and isinstance(left, int | str):
        operators: dict[type, Callable[[object, object], bool]] = {
            ast.Lt: lambda a, b: a < b,  # type: ignore[operator]
            ast.LtE: lambda a, b: a <= b,  # type: ignore[operator]
            ast.Gt: lambda a, b: a > b,  # type: ignore[operator]
            ast.GtE: lambda a, b: a >= b,  # type: ignore[operator]
        }
        compare = operators.get(type(op))
        return compare(left, right) if compare else UNKNOWN
    return UNKNOWN


def _any(args: list[object]) -> object:
    if len(args) != 1 or not isinstance(args[0], tuple | list | frozenset | set):
        return UNKNOWN
    values = [truth(v) for v in args[0]]
    if any(v is True for v in values):
        return True
    return UNKNOWN if any(v is UNKNOWN for v in values) else False


def _all(args: list[object]) -> object:
    if len(args) != 1 or not isinstance(args[0], tuple | list | frozenset | set):
        return UNKNOWN
    values = [truth(v) for v in args[0]]
    if any(v is False for v in values):
        return False
    return UNKNOWN if any(v is UNKNOWN for v in values) else True


def _collection(kind: type) -> Callable[[list[object]], object]:
    def build(args: list[object]) -> object:
        if not args:
            return kind()
        if len(args) != 1 or not isinstance(args[0], tuple | list | frozenset | set | dict | str):
            return UNKNOWN
        return kind(args[0])

    return build


def _one(func: Callable[[object], object]) -> Callable[[list[object]], object]:
    def apply(args: list[object]) -> object:
        if len(args) != 1 or args[0] is UNKNOWN:
            return UNKNOWN
        return func(args[0])

    return apply


_BUILTINS: dict[str, Callable[[list[object]], object]] = {
    "any": _any,
    "all": _all,
    "len": _one(
        lambda v: len(v) if isinstance(v, str | tuple | list | frozenset | set | dict) else UNKNOWN
    ),
    "str": _one(lambda v: v if isinstance(v, str) else UNKNOWN),
    "bool": _one(lambda v: truth(v)),
    "tuple": _collection(tuple),
    "list": _collection(list),
    "set": _collection(frozenset),
    "frozenset": _collection(frozenset),
}

_HANDLERS: dict[type, Callable[..., object]] = {
    ast.Constant: Evaluator._constant,
    ast.Name: Evaluator._name,
    ast.Attribute: Evaluator._attribute,
    ast.Subscript: Evaluator._subscript,
    ast.Tuple: Evaluator._sequence,
    ast.List: Evaluator._sequence,
    ast.Set: Evaluator._sequence,
    ast.Dict: Evaluator._dict,
    ast.BoolOp: Evaluator._boolop,
    ast.UnaryOp: Evaluator._unary,
    ast.BinOp: Evaluator._binop,
    ast.Compare: Evaluator._compare,
    ast.IfExp: Evaluator._ifexp,
    ast.NamedExpr: Evaluator._named,
    ast.JoinedStr: Evaluator._joined,
    ast.GeneratorExp: Evaluator._comprehension,
    ast.ListComp: Evaluator._comprehension,
    ast.SetComp: Evaluator._comprehension,
    ast.Call: Evaluator._call,
}
