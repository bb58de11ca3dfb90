"""Abstract values of the Python data-flow analysis.

The interpreter maps every name to a `Value`: where untrusted data in it came from (`Taint`s,
each remembering which sink kinds a sanitiser has already made it safe for), its constant
value when known, per-element values of literal containers, and what it refers to (`ref`, a
dotted name such as "subprocess.run" or "def:helper"). Values are immutable, so environments
can be copied and compared cheaply at branch joins and loop fixpoints.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Final

# A cleared-set containing ALL means "safe for every sink kind" (int(), len(), url_for()).
ALL: Final = "*"
# Bounds that keep constant folding from building huge objects out of hostile code.
MAX_CONST_TEXT: Final = 10_000
MAX_CONST_ITEMS: Final = 256


class _Unknown:
    """The constant value of something the analysis cannot compute."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()


@dataclass(frozen=True, slots=True)
class Label:
    """One origin of untrusted (or otherwise interesting) data.

    `source` is the category: request, route, env, argv, stdin, socket (attacker input),
    exception, field, unique (policy facts) and param (a helper's parameter, symbolic).
    `facet` refines it: upload, filename, content-type, size, password, a field word, or
    the parameter's position for param labels.
    """

    source: str
    what: str
    line: int
    facet: str = ""


@dataclass(frozen=True, slots=True)
class Taint:
    """A label as it reached some value: sanitised for `cleared` sink kinds, via helpers."""

    label: Label
    cleared: frozenset[str] = frozenset()
    via: str = ""

    def live_for(self, kind: str) -> bool:
        return ALL not in self.cleared and kind not in self.cleared

    def clear(self, kinds: Iterable[str]) -> Taint:
        return replace(self, cleared=self.cleared.union(kinds))


NO_TAINTS: frozenset[Taint] = frozenset()


@dataclass(frozen=True, slots=True)
class Value:
    """What the analysis knows about one runtime value.

    `taints` covers everything inside the value, elements included; `items` and `keys`
    add per-element precision for literal lists, tuples and dicts, so that
    `[safe, tainted][0]` is known to be clean. `shape` is "str", "strmap" (a mapping of
    strings such as request.args) or None; `marks` are facts such as "norm" (a normalised
    path) or "xxe-parser".
    """

    taints: frozenset[Taint] = NO_TAINTS
    const: object = UNKNOWN
    items: tuple[Value, ...] | None = None
    keys: tuple[tuple[object, Value], ...] | None = None
    ref: str | None = None
    shape: str | None = None
    marks: frozenset[str] = frozenset()

    @property
    def known(self) -> bool:
        return self.const is not UNKNOWN

    def live(self, kind: str) -> tuple[Taint, ...]:
        """The taints that still make this value dangerous for sink `kind`."""
        return tuple(t for t in self.taints if t.live_for(kind))

    def key(self, name: object) -> Value | None:
        for key, value in self.keys or ():
            if key == name:
                return value
        return None


CLEAN: Final = Value()


def constant(value: object) -> Value:
    """A clean value with a known constant (dropped when too large to be worth keeping)."""
    if isinstance(value, str | bytes) and len(value) > MAX_CONST_TEXT:
        return Value(shape="str" if isinstance(value, str) else None)
    if isinstance(value, tuple | frozenset) and len(value) > MAX_CONST_ITEMS:
        return CLEAN
    return Value(const=value, shape="str" if isinstance(value, str) else None)


def tainted(label: Label, *, shape: str | None = None, ref: str | None = None) -> Value:
    return Value(taints=frozenset({Taint(label)}), shape=shape, ref=ref)


def all_taints(values: Iterable[Value]) -> frozenset[Taint]:
    result: set[Taint] = set()
    for value in values:
        result.update(value.taints)
    return frozenset(result)


def derived(*values: Value, shape: str | None = None, ref: str | None = None) -> Value:
    """A new value computed from `values`: their taints, nothing else known."""
    return Value(taints=all_taints(values), shape=shape, ref=ref)


def add_taints(value: Value, taints: frozenset[Taint]) -> Value:
    """`value` with more taints; element precision is lost (we no longer know where)."""
    if taints <= value.taints:
        return value
    # Facts about the value (a compiled pattern, a normalised path) still hold.
    return Value(taints=value.taints | taints, ref=value.ref, shape=value.shape, marks=value.marks)


def map_taints(value: Value, change: Callable[[Taint], Iterable[Taint]]) -> Value:
    """Apply `change` to every taint, elements included."""
    if not value.taints:
        return value  # elements' taints are part of the container's: nothing inside either
    taints = frozenset(t2 for t in value.taints for t2 in change(t))
    items = tuple(map_taints(v, change) for v in value.items) if value.items is not None else None
    keys = (
        tuple((k, map_taints(v, change)) for k, v in value.keys) if value.keys is not None else None
    )
    return Value(taints, value.const, items, keys, value.ref, value.shape, value.marks)


def sanitised(value: Value, kinds: frozenset[str]) -> Value:
    """`value` made safe for sink `kinds` (ALL for every kind); provenance is kept."""
    if not value.taints:
        return value
    return map_taints(value, lambda t: (t.clear(kinds),))


def join(a: Value, b: Value) -> Value:
    """What is known when control may come from either `a` or `b`."""
    if a is b or a == b:
        return a
    return Value(
        taints=a.taints | b.taints,
        const=a.const if a.const == b.const and type(a.const) is type(b.const) else UNKNOWN,
        items=_join_items(a.items, b.items),
        keys=_join_keys(a.keys, b.keys),
        ref=a.ref if a.ref == b.ref else (a.ref or b.ref) if not (a.ref and b.ref) else None,
        shape=a.shape if a.shape == b.shape else None,
        marks=_join_marks(a, b),
    )


# A value that is one of several constants of the code (`COLUMNS.get(key, "name")`, either
# arm of a branch): not known, but chosen from the code's own text, never from outside.
ONE_OF_CONSTANTS: Final = "one-of-constants"


def from_constants(value: Value) -> bool:
    return not value.taints and (value.known or ONE_OF_CONSTANTS in value.marks)


def _join_marks(a: Value, b: Value) -> frozenset[str]:
    """Facts true on both sides; a literal default (`host or ""`) does not erase them."""
    if from_constants(a) and from_constants(b) and not (a.known and b.known and a == b):
        return (a.marks & b.marks) | {ONE_OF_CONSTANTS}
    if a.known and not b.known:
        return b.marks
    if b.known and not a.known:
        return a.marks
    return a.marks & b.marks


def _join_items(
    a: tuple[Value, ...] | None, b: tuple[Value, ...] | None
) -> tuple[Value, ...] | None:
    if a is None or b is None or len(a) != len(b):
        return None
    return tuple(join(x, y) for x, y in zip(a, b, strict=True))


def _join_keys(
    a: tuple[tuple[object, Value], ...] | None, b: tuple[tuple[object, Value], ...] | None
) -> tuple[tuple[object, Value], ...] | None:
    if a is None or b is None:
        return None
    merged: dict[object, Value] = dict(a)
    for key, value in b:
        merged[key] = join(merged[key], value) if key in merged else value
    return tuple(merged.items())


def join_all(values: Iterable[Value]) -> Value:
    result: Value | None = None
    for value in values:
        result = value if result is None else join(result, value)
    return result if result is not None else CLEAN


Env = dict[str, Value]


def join_envs(a: Env | None, b: Env | None) -> Env | None:
    """Join two environments; None is an unreachable path and joins as the identity."""
    if a is None:
        return b
    if b is None:
        return a
    merged = dict(a)
    for name, value in b.items():
        merged[name] = join(merged[name], value) if name in merged else value
    return merged


def env_key(node: ast.expr) -> str | None:
    """The environment key of a plain name (`x`) or an attribute of one (`obj.attr`): the
    only places whose values the interpreter tracks, and so the only ones a guard refines."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return None
