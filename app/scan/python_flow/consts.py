"""Constant folding that cannot be turned against the analyser.

Code under review is hostile: `"a" * 10**9` or `9**9**9` must not hang or exhaust memory.
Every operation here is bounded, and anything unusual gives UNKNOWN rather than an error.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable
from typing import Any

from app.scan.python_flow.model import MAX_CONST_ITEMS, MAX_CONST_TEXT, UNKNOWN

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
    ast.BitAnd: operator.and_,
    ast.BitOr: operator.or_,
    ast.BitXor: operator.xor,
    ast.LShift: operator.lshift,
    ast.RShift: operator.rshift,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
    ast.In: lambda a, b: operator.contains(b, a),
    ast.NotIn: lambda a, b: not operator.contains(b, a),
}
_UNARY: dict[type[ast.unaryop], Callable[[Any], Any]] = {
    ast.Not: operator.not_,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
    ast.Invert: operator.invert,
}
# str methods worth folding: they let `"/api/{}".format(...)` keep a known prefix and
# `"MD5".lower()` name an algorithm.
_STR_METHODS = frozenset(
    {"lower", "upper", "strip", "lstrip", "rstrip", "replace", "format", "join", "title",
     "casefold", "startswith", "endswith", "split", "rsplit", "encode", "decode"}
)  # fmt: skip
_SAFE_TYPES = (str, bytes, int, float, bool, type(None), tuple, frozenset)


def is_plain(value: object) -> bool:
    """True for the constants the analysis keeps: scalars and tuples/frozensets of them."""
    if isinstance(value, tuple | frozenset):
        return len(value) <= MAX_CONST_ITEMS and all(is_plain(item) for item in value)
    return isinstance(value, _SAFE_TYPES)


def _too_big(value: object) -> bool:
    if isinstance(value, str | bytes):
        return len(value) > MAX_CONST_TEXT
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() > 256
    if isinstance(value, tuple | frozenset):
        return len(value) > MAX_CONST_ITEMS
    return False


def _bounded_operands(op: ast.operator, left: object, right: object) -> bool:
    """Refuse operations whose result size is not bounded by their operands' sizes."""
    if isinstance(op, ast.Pow):
        return isinstance(right, int | float) and abs(right) <= 64 and _small_number(left)
    if isinstance(op, ast.LShift):
        return isinstance(right, int) and 0 <= right <= 64
    if isinstance(op, ast.Mult):
        counts = [x for x in (left, right) if isinstance(x, int) and not isinstance(x, bool)]
        sizes = [len(x) for x in (left, right) if isinstance(x, str | bytes | tuple)]
        return not sizes or all(c * s <= MAX_CONST_TEXT for c in counts for s in sizes)
    if isinstance(op, ast.Mod) and isinstance(left, str | bytes):
        return _bounded_format(left, right)
    return True


# A field width such as "{:>999999999}" or "%999999999s" would allocate without bound.
_WIDE_FORMAT = re.compile(
    r"\{[^{}]*:[^{}]*(?:\d{4,}|\{)"  # "{:>99999}" or a nested width "{:{}}"
    r"|%(?:\([^)]*\))?[-+ #0]*\d*\.?(?:\d{4,}|\*)"  # "%99999s", "%.99999f", "%*s"
)


def _bounded_format(template: object, args: object) -> bool:
    if isinstance(template, bytes):
        template = template.decode("latin-1")
    return isinstance(template, str) and not _WIDE_FORMAT.search(template)


def _small_number(value: object) -> bool:
    return isinstance(value, int | float) and abs(value) <= 2**32


def _guarded(compute: Callable[[], object]) -> object:
    try:
        result = compute()
    except Exception:  # any failure of hostile constants means "unknown"
        return UNKNOWN
    if not is_plain(result) or _too_big(result):
        return UNKNOWN
    return result


def fold_binary(op: ast.operator, left: object, right: object) -> object:
    if left is UNKNOWN or right is UNKNOWN or type(op) not in _BINARY:
        return UNKNOWN
    if not _bounded_operands(op, left, right):
        return UNKNOWN
    return _guarded(lambda: _BINARY[type(op)](left, right))


def fold_compare(op: ast.cmpop, left: object, right: object) -> object:
    if left is UNKNOWN or right is UNKNOWN:
        return UNKNOWN
    return _guarded(lambda: bool(_COMPARE[type(op)](left, right)))


def fold_unary(op: ast.unaryop, operand: object) -> object:
    if operand is UNKNOWN:
        return UNKNOWN
    return _guarded(lambda: _UNARY[type(op)](operand))


def truth(value: object) -> bool | None:
    """The truth of a known constant, or None when unknown."""
    if value is UNKNOWN:
        return None
    result = _guarded(lambda: bool(value))
    return result if isinstance(result, bool) else None


def fold_str_method(receiver: object, method: str, args: list[object]) -> object:
    """`receiver.method(*args)` for a constant str/bytes receiver and constant args."""
    if not isinstance(receiver, str | bytes) or method not in _STR_METHODS:
        return UNKNOWN
    if any(arg is UNKNOWN for arg in args):
        return UNKNOWN
    if method == "format" and not (
        all(isinstance(a, str | int | float) for a in args) and _bounded_format(receiver, args)
    ):
        return UNKNOWN  # format specs like {0.__class__} or huge widths must not run
    if method == "replace" and len(args) >= 2 and not _bounded_replace(receiver, args[1]):
        return UNKNOWN
    return _guarded(lambda: getattr(receiver, method)(*args))


def _bounded_replace(receiver: str | bytes, new: object) -> bool:
    return isinstance(new, str | bytes) and (len(receiver) + 1) * len(new) <= MAX_CONST_TEXT


def fold_subscript(container: object, index: object) -> object:
    """`container[index]` for constant str/bytes/tuple containers."""
    if not isinstance(container, str | bytes | tuple) or not isinstance(index, int):
        return UNKNOWN
    return _guarded(lambda: container[index])


def fold_call_frozenset(items: tuple[object, ...]) -> object:
    return _guarded(lambda: frozenset(items))


_BUILTINS: dict[str, Callable[..., Any]] = {
    "str": str, "int": int, "float": float, "len": len, "sorted": sorted, "set": frozenset,
    "frozenset": frozenset, "tuple": tuple, "list": tuple, "bool": bool, "repr": repr,
    "min": min, "max": max, "abs": abs,
}  # fmt: skip


def fold_builtin(name: str, args: list[object]) -> object:
    """`str(5)`, `set(("a", "b"))`, `len("abc")` on constants (lists become tuples)."""
    function = _BUILTINS.get(name)
    if function is None or not all(is_plain(arg) for arg in args):
        return UNKNOWN
    if name in {"int", "float"} and any(isinstance(a, str) and len(a) > 100 for a in args):
        return UNKNOWN  # int("9" * 5000) is slow and raises on 3.11
    result = _guarded(lambda: function(*args))
    return tuple(result) if isinstance(result, list) else result
