"""Run the abstract interpreter over one parsed module.

The module body runs first (imports, constants, definitions), then every function and
method that has not already been analysed as a callee. Each function runs once: entry
points with their parameters bound to sources, helpers with symbolic parameters, which
gives the summary applied at each call site (interprocedural within the file).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace

from app.scan.python_flow.calls import CallMixin, params_in
from app.scan.python_flow.events import Event, ReturnEvent
from app.scan.python_flow.exprs import ExprMixin
from app.scan.python_flow.frame import (
    BudgetExhausted,
    Definition,
    FileContext,
    FunctionResult,
    ProjectLinks,
)
from app.scan.python_flow.helper_guards import GuardPath, rebound_names, summarise
from app.scan.python_flow.model import Env, Value, constant, join_all
from app.scan.python_flow.routes import Route, imported_packages
from app.scan.python_flow.sinks import TORNADO_HANDLER
from app.scan.python_flow.sources import bind_parameters
from app.scan.python_flow.stmts import StmtMixin

MODULE = "<module>"
BASE_BUDGET = 20_000
BUDGET_PER_STATEMENT = 40


class Interpreter(StmtMixin, CallMixin, ExprMixin):
    """One frame: statements, calls and expressions together."""


@dataclass(frozen=True)
class FileAnalysis:
    """Everything the checks need from one file, computed once."""

    tree: ast.Module
    events: tuple[Event, ...]
    definitions: Mapping[str, Definition]
    classes: Mapping[str, Mapping[str, str]]
    module_env: Mapping[str, Value]
    packages: frozenset[str]
    truncated: bool
    # Arms of branches that constants decide and no run entered: (first, last, test, value).
    unreachable: tuple[tuple[int, int, str, bool], ...] = ()
    # Every function's summary, for the modules that import this one (project.py).
    summaries: Mapping[str, FunctionResult] = field(default_factory=dict)

    def route(self, function: str) -> Route | None:
        definition = self.definitions.get(function)
        return definition.route if definition is not None else None


def _tornado_handler(ctx: FileContext, owner: str) -> bool:
    """A subclass of tornado's RequestHandler (directly, or through a class of this file)."""
    if "tornado" not in ctx.packages:
        return False
    seen: set[str] = set()
    pending = [owner]
    while pending:
        cls = pending.pop()
        if cls in seen:
            continue
        seen.add(cls)
        for base in ctx.class_bases.get(cls, ()):
            if base.rsplit(".", 1)[-1] == "RequestHandler":
                return True
            pending.append(base)
    return False


def _param_events(
    events: list[Event], qualname: str, relevant: Callable[[Event], bool]
) -> tuple[tuple[Event, frozenset[str]], ...]:
    found = []
    for event in events:
        # A helper's return is not its caller's response: only the value comes back.
        if isinstance(event, ReturnEvent) or not relevant(event):
            continue
        params = params_in(event, qualname)
        if params:
            found.append((event, params))
    return tuple(found)


def _run_function(ctx: FileContext, definition: Definition) -> FunctionResult:
    outer = definition.scope if definition.scope is not None else ctx.module_env
    frame = Interpreter(
        ctx,
        qualname=definition.qualname,
        outer=outer,
        class_name=definition.class_name,
        route=definition.route,
    )
    node = definition.node
    owner = definition.class_name if definition.bound else None
    frame.env = bind_parameters(
        node, definition.route, ctx.packages, function=definition.qualname, owner=owner
    )
    first = (node.args.posonlyargs + node.args.args)[:1]
    if owner is not None and first and _tornado_handler(ctx, owner):
        me = frame.env[first[0].arg]
        frame.env[first[0].arg] = replace(me, marks=me.marks | {TORNADO_HANDLER})
    end = frame.exec_block(node.body)
    ctx.events.extend(frame.events)
    returns = [*frame.returns, constant(None)] if end is not None else frame.returns
    if frame.yields:  # a generator: its caller gets what it yields (or a context manager's)
        returns = frame.yields
    if end is not None:  # falling off the end returns None
        frame.guard_paths.append(GuardPath(False, end, end))
    args = node.args
    params = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    return FunctionResult(
        qualname=definition.qualname,
        positional=tuple(a.arg for a in (*args.posonlyargs, *args.args)),
        keyword_only=tuple(a.arg for a in args.kwonlyargs),
        vararg=args.vararg.arg if args.vararg else None,
        kwarg=args.kwarg.arg if args.kwarg else None,
        bound=definition.bound,
        returns=join_all(returns),
        param_events=_param_events(frame.events, definition.qualname, ctx.relevant),
        guards=summarise(
            frame.guard_paths,
            params,
            function=definition.qualname,
            rebound=rebound_names(node) if frame.guard_paths else frozenset(),
        ),
    )


@dataclass(frozen=True)
class _ModuleFacts:
    packages: frozenset[str]
    mutable_globals: frozenset[str]  # rebound by some function with `global`: not constant
    statements: int


_BODY_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")


def _statements(tree: ast.Module) -> Iterator[ast.stmt]:
    """Every statement, without visiting expressions (a third of a full ast.walk)."""
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.stmt):
            yield node
        for part in _BODY_FIELDS:
            children = getattr(node, part, None)
            if isinstance(children, list):
                pending.extend(children)


def _module_facts(tree: ast.Module) -> _ModuleFacts:
    """One walk over the tree for everything the interpreter needs up front."""
    packages: set[str] = set()
    names: set[str] = set()
    statements = 0
    for node in _statements(tree):
        statements += 1
        if isinstance(node, ast.Global):
            names.update(node.names)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            packages.update(imported_packages(node))
    return _ModuleFacts(frozenset(packages), frozenset(names), statements)


def _run_module(ctx: FileContext, tree: ast.Module) -> None:
    frame = Interpreter(ctx, qualname=MODULE, outer={})
    frame.env = ctx.module_env
    try:
        for stmt in tree.body:
            if frame.exec_block([stmt]) is None:
                break
            _sync_module_env(ctx, frame.env)
            frame.env = ctx.module_env
    finally:
        ctx.events.extend(frame.events)


def _sync_module_env(ctx: FileContext, env: Env) -> None:
    """Keep one module dict: helpers analysed later look names up in it."""
    if env is not ctx.module_env:
        ctx.module_env.clear()
        ctx.module_env.update(env)


def _run_all_functions(ctx: FileContext) -> None:
    done: set[str] = set()
    while pending := [q for q in ctx.defs if q not in done]:
        for qualname in pending:
            done.add(qualname)
            ctx.function_result(qualname)


def analyse_tree(
    tree: ast.Module,
    *,
    words: tuple[str, ...] = (),
    relevant: Callable[[Event], bool] = lambda _event: True,
    record: Callable[[Event], bool] = lambda _event: True,
    links: ProjectLinks | None = None,
) -> FileAnalysis:
    """Interpret a module; `words` are sensitive field names to label (policy checks),
    `relevant` picks the helper events worth replaying at call sites."""
    facts = _module_facts(tree)
    ctx = FileContext(
        packages=facts.packages,
        words=words,
        budget=BASE_BUDGET + BUDGET_PER_STATEMENT * facts.statements,
        mutable_globals=facts.mutable_globals,
        relevant=relevant,
        record=record,
        links=links or ProjectLinks(),
    )
    ctx.run = lambda definition: _run_function(ctx, definition)
    truncated = False
    try:
        _run_module(ctx, tree)
        _run_all_functions(ctx)
    except BudgetExhausted:
        truncated = True
    return FileAnalysis(
        tree=tree,
        events=tuple(ctx.events),
        definitions=dict(ctx.defs),
        classes={name: dict(methods) for name, methods in ctx.classes.items()},
        module_env=dict(ctx.module_env),
        packages=ctx.packages,
        truncated=truncated,
        unreachable=() if truncated else _unreachable(ctx),
        summaries=dict(ctx.results),
    )


def _unreachable(ctx: FileContext) -> tuple[tuple[int, int, str, bool], ...]:
    """Decided arms that no run of any frame entered (a helper replayed with a constant
    may skip an arm its own run entered: that arm is reachable)."""
    arms = dict.fromkeys(ctx.decided_arms)
    return tuple(arm for arm in arms if not any(arm[0] <= line <= arm[1] for line in ctx.executed))
