"""What the interpreter observes: calls, returns, stores and tests, with abstract values.

Sinks and policy checks are matched against these events after interpretation, so the
interpreter knows nothing about SQL or upload rules, and one run over a file serves the
taint stage and every policy check. `function` is the qualified name of the function the
event belongs to (for a helper's event replayed at a call site: the caller); `via` names the
helper functions the data passed through.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from app.scan.python_flow.model import Taint, Value, join, map_taints


@dataclass(frozen=True, slots=True)
class CallEvent:
    node: ast.Call
    function: str
    name: str | None  # resolved dotted name of the callee ("subprocess.run"), if any
    method: str | None  # attribute name for `x.method(...)` calls
    receiver: Value | None
    args: tuple[Value, ...]
    kwargs: tuple[tuple[str | None, Value], ...]
    via: str = ""
    origin: str = ""  # the file of `node`, when it is another reviewed module

    def kwarg(self, name: str) -> Value | None:
        for key, value in self.kwargs:
            if key == name:
                return value
        return None

    def arg(self, index: int, keyword: str | None = None) -> Value | None:
        """Positional argument `index`, or the keyword that can replace it."""
        if index < len(self.args):
            return self.args[index]
        return self.kwarg(keyword) if keyword else None

    def values(self) -> Iterator[Value]:
        if self.receiver is not None:
            yield self.receiver
        yield from self.args
        yield from (value for _, value in self.kwargs)


@dataclass(frozen=True, slots=True)
class ReturnEvent:
    node: ast.stmt
    function: str
    value: Value
    via: str = ""
    origin: str = ""  # the file of `node`, when it is another reviewed module


@dataclass(frozen=True, slots=True)
class StoreEvent:
    """`target = value` where target is a name, `obj.attr` or `obj[key]` (as dotted text)."""

    node: ast.stmt | ast.expr
    function: str
    target: str
    key: object  # the constant subscript key, or None
    value: Value
    via: str = ""
    origin: str = ""  # the file of `node`, when it is another reviewed module


@dataclass(frozen=True, slots=True)
class TestEvent:
    """A comparison (`==`, `in`, `<`...) or a predicate call such as `x.endswith(...)`."""

    node: ast.expr
    function: str
    op: str  # "in", "not in", "==", "<", "endswith", "call" ...
    values: tuple[Value, ...]
    via: str = ""
    origin: str = ""  # the file of `node`, when it is another reviewed module


Event = CallEvent | ReturnEvent | StoreEvent | TestEvent


def event_values(event: Event) -> Iterable[Value]:
    if isinstance(event, CallEvent):
        return event.values()
    if isinstance(event, TestEvent):
        return event.values
    return (event.value,)


def replay(
    event: Event,
    change: Callable[[Taint], Iterable[Taint]],
    *,
    function: str,
    via: str,
    origin: str = "",
) -> Event:
    """The event as seen from a call site: taints substituted, owned by the caller.
    `origin` names the callee's file when it is another module (its nodes' lines are
    that file's)."""
    origin = event.origin or origin

    def sub(value: Value) -> Value:
        return map_taints(value, change)

    if isinstance(event, CallEvent):
        receiver = sub(event.receiver) if event.receiver is not None else None
        args = tuple(sub(v) for v in event.args)
        kwargs = tuple((k, sub(v)) for k, v in event.kwargs)
        return replace(
            event, receiver=receiver, args=args, kwargs=kwargs, function=function, via=via,
            origin=origin,
        )  # fmt: skip
    if isinstance(event, TestEvent):
        values = tuple(sub(v) for v in event.values)
        return replace(event, values=values, function=function, via=via, origin=origin)
    return replace(event, value=sub(event.value), function=function, via=via, origin=origin)


def _join_pairs(
    a: tuple[tuple[str | None, Value], ...], b: tuple[tuple[str | None, Value], ...]
) -> tuple[tuple[str | None, Value], ...]:
    if len(a) != len(b):
        return a
    return tuple((key, join(x, y)) for (key, x), (_, y) in zip(a, b, strict=True))


def _join_values(a: tuple[Value, ...], b: tuple[Value, ...]) -> tuple[Value, ...]:
    if len(a) != len(b):
        return a
    return tuple(join(x, y) for x, y in zip(a, b, strict=True))


def merge_events(a: Event, b: Event) -> Event:
    """Two sightings of the same event node: one event whose values cover both."""
    if isinstance(a, CallEvent) and isinstance(b, CallEvent):
        receiver = join(a.receiver, b.receiver) if a.receiver and b.receiver else a.receiver
        args = _join_values(a.args, b.args)
        return replace(a, receiver=receiver, args=args, kwargs=_join_pairs(a.kwargs, b.kwargs))
    if isinstance(a, TestEvent) and isinstance(b, TestEvent):
        return replace(a, values=_join_values(a.values, b.values))
    if isinstance(a, ReturnEvent | StoreEvent) and isinstance(b, ReturnEvent | StoreEvent):
        return replace(a, value=join(a.value, b.value))
    return a
