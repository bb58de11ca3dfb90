"""What a function defined in the reviewed code guarantees about its parameters.

A project helper clears a finding only by what its body does, never by its name: the code
under review is hostile, and `def is_safe_url(u): return len(u) > 0` must not switch the
review off. While a function runs with symbolic parameters, every way out of it is recorded
as a `GuardPath`: the names it knows when it returns, and, when the returned value may be
true, what the returned expression itself guarantees (`return name in ALLOWED`). From them:

- `when_true`: the sink kinds a parameter is safe for on every path that returns a true
  value, so `if helper(x):` (or `if not helper(x): abort()`) refines `x` at the call site;
- `on_return`: the kinds it is safe for on every path that returns at all, so a validator
  that raises on bad input (`check_name(x)` as a statement) refines `x` after the call.

The guarantees come from the same guards and sanitisers as inline checks (allow-list
membership, `resolve()` + `is_relative_to`, the parsed URL's host compared with allowed
hosts, `int()`, a strict full-match regex, an early return or raise on failure).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from app.scan.python_flow.model import ALL, Env, Taint, Value, env_key
from app.scan.python_flow.routes import FunctionNode

_NOTHING: frozenset[str] = frozenset()
_EVERYTHING = frozenset({ALL})


@dataclass(frozen=True)
class GuardPath:
    """One way out of a function: may it return true, and what is known then."""

    may_be_true: bool
    when_true: Env  # the names, refined by the returned expression being true
    on_return: Env  # the names as they are when this path returns


@dataclass(frozen=True)
class ParamGuard:
    """What every return of a function guarantees about one parameter."""

    param: str
    when_true: frozenset[str]
    on_return: frozenset[str]


def rebound_names(fn: FunctionNode) -> frozenset[str]:
    """Names the function assigns to anywhere in its own body.

    A parameter that is rebound no longer holds the caller's value, so nothing known about
    it at a return says anything about the caller's argument (`p = "ok"; return True`).
    """
    params = {a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)}
    if not params:
        return frozenset()  # nothing to guard: skip the walk
    names: set[str] = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            names.update(node.names)
    return frozenset(names & params)


def _param_taints(value: Value, param: str, function: str) -> list[Taint]:
    return [
        t
        for t in value.taints
        if t.label.source == "param" and t.label.what == param and t.label.facet == function
    ]


def _kinds_of(taints: Iterable[Taint]) -> frozenset[str]:
    """The kinds every one of `taints` is cleared for (ALL stands for every kind)."""
    found: frozenset[str] | None = None
    for taint in taints:
        found = taint.cleared if found is None else _meet(found, taint.cleared)
    return found or _NOTHING


def _meet(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    if ALL in a:
        return b
    if ALL in b:
        return a
    return a & b


def cleared_in(env: Env, param: str, function: str) -> frozenset[str]:
    """The sink kinds the caller's argument for `param` is known safe for in `env`."""
    value = env.get(param)
    if value is None:
        return _NOTHING
    own = _param_taints(value, param, function)
    if not own:
        # `param == "admin"` made it that constant; it was not rebound (checked by caller).
        return _EVERYTHING if value.known and not value.taints else _NOTHING
    kinds = _kinds_of(own)
    if "path" not in kinds and _confined_copy(env, param, function):
        kinds = kinds | {"path"}
    return kinds


def _confined_copy(env: Env, param: str, function: str) -> bool:
    """A normalised path built from the parameter was checked to stay under its base:
    `full = realpath(join(BASE, p)); return full.startswith(BASE)` confines `p` too."""
    for value in env.values():
        if "norm" not in value.marks:
            continue
        own = _param_taints(value, param, function)
        if own and all(not t.live_for("path") for t in own):
            return True
    return False


def summarise(
    paths: Iterable[GuardPath],
    params: Iterable[str],
    *,
    function: str,
    rebound: frozenset[str],
) -> tuple[ParamGuard, ...]:
    """The guarantees of a function on each parameter it does not rebind."""
    paths = list(paths)
    truthy = [p for p in paths if p.may_be_true]
    guards = []
    for param in params:
        if param in rebound:
            continue
        when_true = _all_paths(truthy, param, function, lambda p: p.when_true)
        on_return = _all_paths(paths, param, function, lambda p: p.on_return)
        if when_true or on_return:
            guards.append(ParamGuard(param, when_true, on_return))
    return tuple(guards)


def _all_paths(
    paths: list[GuardPath], param: str, function: str, env_of: Callable[[GuardPath], Env]
) -> frozenset[str]:
    if not paths:
        return _NOTHING
    kinds: frozenset[str] | None = None
    for path in paths:
        found = cleared_in(env_of(path), param, function)
        kinds = found if kinds is None else _meet(kinds, found)
        if not kinds:
            return _NOTHING
    return kinds or _NOTHING


def argument_guards(
    guards: Iterable[ParamGuard],
    params: tuple[str, ...],
    call: ast.Call,
    *,
    bound: bool,
    on_return: bool,
) -> list[tuple[str, frozenset[str]]]:
    """(caller's name, kinds) for each plain-name argument whose parameter is guarded."""
    by_param: Mapping[str, ParamGuard] = {g.param: g for g in guards}
    positional = params[1:] if bound else params
    plain = [a for a in call.args[: _first_starred(call.args)]]
    passed: list[tuple[str, ast.expr]] = list(zip(positional, plain, strict=False))
    passed += [(kw.arg, kw.value) for kw in call.keywords if kw.arg is not None]
    found = []
    for param, node in passed:
        guard = by_param.get(param)
        name = env_key(node)
        if guard is None or name is None:
            continue
        kinds = guard.on_return if on_return else guard.when_true
        if kinds:
            found.append((name, kinds))
    return found


def _first_starred(args: list[ast.expr]) -> int:
    """Where positional matching stops: after `*rest`, positions are unknown."""
    return next((i for i, a in enumerate(args) if isinstance(a, ast.Starred)), len(args))
