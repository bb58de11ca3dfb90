"""Which keys a reviewed redaction helper really masks.

`log.debug("headers=%s", _redact(headers))` is safe only if `_redact` replaces the
forbidden fields. The helper is judged by its body, not its name: the loop or comprehension
over the mapping's keys, the condition under which a value is replaced by a constant (or
dropped), evaluated with each field's key (`"authorization"`, `"card_token"`) by the
evaluator of evaluate.py, with the module's constants (`SENSITIVE_KEYS`, `_SECRET_MARKERS`).
A helper that only covers `cookie` and `csrf_token`, or only the exact key `pass`, leaves
`Authorization` and `password` in the log.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from app.scan.policy.evaluate import Evaluator, truth
from app.scan.policy.reviewed import Code, Found, Module, own_nodes, parameters
from app.scan.python_flow.routes import FunctionNode, dotted


@dataclass(frozen=True)
class Redactor:
    """A helper that masks some keys of the mapping it is given."""

    masks: Callable[[str], bool]
    in_place: bool  # changes the argument itself (then logging the argument afterwards is fine)


def redactor(code: Code, found: Found) -> Redactor | None:
    fn = found.node
    if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
        return None
    params = {p.arg for p in parameters(fn)}
    for node in own_nodes(fn):
        if isinstance(node, ast.DictComp):
            test = _comprehension_condition(node)
            if test is not None:
                key = _key_name(node.generators[0].target)
                return _judged(code, found.module, key, [], test, False)
        if isinstance(node, ast.For):
            judged = _loop(code, found.module, node, params)
            if judged is not None:
                return judged
    return None


def _key_name(target: ast.expr) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Tuple) and target.elts and isinstance(target.elts[0], ast.Name):
        return target.elts[0].id
    return None


def _value_name(target: ast.expr) -> str | None:
    if isinstance(target, ast.Tuple) and len(target.elts) == 2:
        value = target.elts[1]
        return value.id if isinstance(value, ast.Name) else None
    return None


def _is_mask(node: ast.expr, value: str | None) -> bool:
    """A replacement that does not carry the value: "***", MASK, "*" * 8, None."""
    names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    if value is not None and value in names:
        return False
    return not any(isinstance(n, ast.Call) for n in ast.walk(node)) or isinstance(node, ast.BinOp)


def _comprehension_condition(node: ast.DictComp) -> ast.expr | None:
    """`{k: "***" if COND else v ...}` -> COND; `{k: v ... if not COND}` -> COND."""
    generator = node.generators[0]
    value = _value_name(generator.target)
    if isinstance(node.value, ast.IfExp):
        if _is_mask(node.value.body, value):
            return node.value.test
        if _is_mask(node.value.orelse, value):
            return ast.UnaryOp(op=ast.Not(), operand=node.value.test)
    if generator.ifs:
        kept = generator.ifs[0] if len(generator.ifs) == 1 else ast.BoolOp(ast.And(), generator.ifs)
        return ast.UnaryOp(op=ast.Not(), operand=kept)
    return None


def _loop(code: Code, module: Module, loop: ast.For, params: set[str]) -> Redactor | None:
    """`for key, value in data.items(): ... if COND: out[key] = MASK` (or `continue`, or
    `data.pop(key)`), and `for key in SENSITIVE: if key in data: data[key] = MASK`."""
    key = _key_name(loop.target)
    if key is None:
        return None
    value = _value_name(loop.target)
    before: list[ast.stmt] = []
    for statement in loop.body:
        if isinstance(statement, ast.If):
            effect = _masking(statement.body, key, value)
            if effect is not None:
                return _judged(code, module, key, before, statement.test, effect in params)
            effect = _masking(statement.orelse, key, value)
            if effect is not None:
                negated = ast.UnaryOp(op=ast.Not(), operand=statement.test)
                return _judged(code, module, key, before, negated, effect in params)
        before.append(statement)
    iterated = dotted(loop.iter)
    if iterated and not iterated.endswith(("items", "keys")):
        for statement in loop.body:  # for key in SENSITIVE_KEYS: data[key] = MASK
            effect = _masking([statement], key, value)
            if effect is not None:
                members = Evaluator(code, None, frozenset()).value(loop.iter, module, {})
                if isinstance(members, tuple | list | frozenset | set):
                    lowered = frozenset(str(m).lower() for m in members)
                    return Redactor(partial(_listed, lowered), effect in params)
    return None


def _listed(keys: frozenset[str], key: str) -> bool:
    return key.lower() in keys


def _masking(body: list[ast.stmt], key: str, value: str | None) -> str | None:
    """The mapping a block masks the key in (`out[key] = "***"`, `data.pop(key)`,
    `del data[key]`), "" for `continue` (the key is left out of a copy); None otherwise."""
    for statement in body:
        if isinstance(statement, ast.Continue):
            return ""
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if _subscript_of(target, key) and _is_mask(statement.value, value):
                assert isinstance(target, ast.Subscript)
                return dotted(target.value)
        if isinstance(statement, ast.Delete):
            for target in statement.targets:
                if _subscript_of(target, key):
                    assert isinstance(target, ast.Subscript)
                    return dotted(target.value)
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            call = statement.value
            if (
                isinstance(call.func, ast.Attribute)
                and call.func.attr == "pop"
                and call.args
                and isinstance(call.args[0], ast.Name)
                and call.args[0].id == key
            ):
                return dotted(call.func.value)
    return None


def _subscript_of(target: ast.expr, key: str) -> bool:
    return (
        isinstance(target, ast.Subscript)
        and isinstance(target.slice, ast.Name)
        and target.slice.id == key
    )


def _judged(
    code: Code,
    module: Module,
    key: str | None,
    before: list[ast.stmt],
    test: ast.expr,
    in_place: bool,
) -> Redactor | None:
    if key is None:
        return None

    def masks(text: str) -> bool:
        evaluator = Evaluator(code, None, frozenset())
        env: dict[str, object] = {key: text}
        for statement in before:  # `lowered = str(key).lower()`
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target = statement.targets[0]
                if isinstance(target, ast.Name):
                    env[target.id] = evaluator.value(statement.value, module, env)
        return truth(evaluator.value(test, module, env)) is True

    return Redactor(masks, in_place)


def redactor_of_call(code: Code, module: Module, call: ast.Call) -> Redactor | None:
    name = dotted(call.func)
    found = code.resolve(name, module) if name else None
    if found is None and isinstance(call.func, ast.Attribute) and dotted(call.func.value) == "self":
        for cls in module.classes.values():
            for item in cls.body:
                if isinstance(item, ast.FunctionDef) and item.name == call.func.attr:
                    found = Found(module, item)
    return redactor(code, found) if found is not None else None


def enclosing_functions(tree: ast.Module) -> dict[int, FunctionNode]:
    """id(call) -> the outermost function whose body holds the call (one pass)."""
    found: dict[int, FunctionNode] = {}
    stack: list[tuple[ast.AST, FunctionNode | None]] = [(tree, None)]
    while stack:
        node, outer = stack.pop()
        if outer is None and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            outer = node
        if outer is not None and isinstance(node, ast.Call):
            found[id(node)] = outer
        stack.extend((child, outer) for child in ast.iter_child_nodes(node))
    return found
