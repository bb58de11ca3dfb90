"""Abstract execution of statements, in order, with branches and loops.

Each handler returns the environment after the statement, or None when control cannot go
on (return, raise, abort(), break, continue). Branches whose condition is a known constant
(`if 2 + 2 == 5:`, `if DEBUG:`) run only the live arm; otherwise both arms run on copies and
are joined. Loops iterate to a small fixpoint.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import replace
from functools import reduce
from typing import Any

from app.scan.python_flow import consts
from app.scan.python_flow.events import ReturnEvent, StoreEvent
from app.scan.python_flow.exprs import REQUEST_GLOBALS, combine, element_of
from app.scan.python_flow.frame import MAX_LOOP_ROUNDS, Definition, Frame, LoopExits
from app.scan.python_flow.guards import refinements
from app.scan.python_flow.helper_guards import GuardPath
from app.scan.python_flow.model import (
    Env,
    Value,
    constant,
    join_envs,
    sanitised,
)
from app.scan.python_flow.routes import FunctionNode, dotted, is_view_class, route_of
from app.scan.python_flow.sources import HTTP_REQUEST, exception_value

# Calls after which the current path ends (they raise or exit).
_TERMINATORS = frozenset(
    {"flask.abort", "abort", "werkzeug.exceptions.abort", "sys.exit", "exit", "quit",
     "os._exit", "quart.abort", "bottle.abort", "django.shortcuts.get_object_or_404.abort"}
)  # fmt: skip


# Expressions whose value a later `if name:` may stand for.
_TESTS = (ast.Call, ast.Compare, ast.BoolOp, ast.UnaryOp)


def _join_all(envs: list[Env | None]) -> Env | None:
    return reduce(join_envs, envs, None)


class StmtMixin(Frame):
    def exec_block(self, body: list[ast.stmt]) -> Env | None:
        for stmt in body:
            self.ctx.tick()
            self.ctx.executed.add(stmt.lineno)
            handler = _HANDLERS.get(type(stmt))
            result = handler(self, stmt) if handler else self._other(stmt)
            if result is None:
                return None
            self.env = result
        return self.env

    def _other(self, stmt: ast.stmt) -> Env | None:
        for child in ast.iter_child_nodes(stmt):
            if isinstance(child, ast.expr):
                self.eval(child)
        return self.env

    # --- assignment ----------------------------------------------------------------------

    def assign(self, target: ast.expr, value: Value, stmt: ast.stmt | ast.expr) -> None:
        if isinstance(target, ast.Name):
            self.conditions.pop(target.id, None)
            self.env[target.id] = value
            self.emit(StoreEvent(stmt, self.qualname, target.id, None, value))
        elif isinstance(target, ast.Tuple | ast.List):
            self._unpack(target.elts, value, stmt)
        elif isinstance(target, ast.Starred):
            self.assign(target.value, Value(taints=value.taints), stmt)
        elif isinstance(target, ast.Attribute):
            self._store_attribute(target, value, stmt)
        elif isinstance(target, ast.Subscript):
            self._store_item(target, value, stmt)

    def _unpack(self, targets: list[ast.expr], value: Value, stmt: ast.stmt | ast.expr) -> None:
        exact = value.items is not None and len(value.items) == len(targets)
        starred = any(isinstance(t, ast.Starred) for t in targets)
        for position, target in enumerate(targets):
            if exact and not starred and value.items is not None:
                self.assign(target, value.items[position], stmt)
            else:
                self.assign(target, element_of(value), stmt)

    def _store_attribute(
        self, target: ast.Attribute, value: Value, stmt: ast.stmt | ast.expr
    ) -> None:
        owner = self.eval(target.value)
        if isinstance(target.value, ast.Name):
            self.env[f"{target.value.id}.{target.attr}"] = value
        where = f"{owner.ref or dotted(target.value)}.{target.attr}"
        self.emit(StoreEvent(stmt, self.qualname, where, None, value))

    def _store_item(self, target: ast.Subscript, value: Value, stmt: ast.stmt | ast.expr) -> None:
        owner = self.eval(target.value)
        key = self.eval(target.slice)
        where = owner.ref or dotted(target.value)
        self.emit(StoreEvent(stmt, self.qualname, where, key.const if key.known else None, value))
        if not isinstance(target.value, ast.Name):
            return
        name = target.value.id
        if owner.keys is not None and key.known:
            keys = dict(owner.keys)
            keys[key.const] = value
            self.env[name] = Value(
                taints=owner.taints | value.taints, keys=tuple(keys.items()), ref=owner.ref
            )
        else:
            self.env[name] = Value(
                taints=owner.taints | value.taints, ref=owner.ref, shape=owner.shape
            )

    def _assign_stmt(self, stmt: ast.Assign) -> Env | None:
        value = self.eval(stmt.value)
        for target in stmt.targets:
            self.assign(target, value, stmt)
        single = stmt.targets[0] if len(stmt.targets) == 1 else None
        if isinstance(single, ast.Name) and isinstance(stmt.value, _TESTS):
            self._remember_condition(single.id, stmt.value)
        return self.env

    def _remember_condition(self, name: str, test: ast.expr) -> None:
        """`allowed = url_has_allowed_host_and_scheme(url, ...)`; later `if not allowed:`
        guards like the call itself, while the names it read still hold the same values."""
        read = {n.id for n in ast.walk(test) if isinstance(n, ast.Name)}
        self.conditions[name] = (test, {n: self.lookup(n) for n in read})

    def _expanded(self, test: ast.expr) -> ast.expr:
        """`test` with remembered conditions put back where a name stands for one."""
        if isinstance(test, ast.Name):
            stored = self.conditions.get(test.id)
            if stored is None:
                return test
            condition, seen = stored
            fresh = all(self.lookup(n) is value for n, value in seen.items())
            return condition if fresh else test
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return ast.UnaryOp(op=test.op, operand=self._expanded(test.operand))
        if isinstance(test, ast.BoolOp):
            return ast.BoolOp(op=test.op, values=[self._expanded(v) for v in test.values])
        return test

    def _annassign(self, stmt: ast.AnnAssign) -> Env | None:
        if stmt.value is not None:
            value = self.eval(stmt.value)
            if not value.known and not (value.ref or "").endswith("()"):
                # `session: aiohttp.ClientSession = request.app["http"]`: the annotation says
                # what the value is when no constructor call does (its methods are sinks).
                annotated = self.peek(stmt.annotation).ref
                if annotated and "." in annotated and not annotated.startswith(("def:", ".")):
                    value = replace(value, ref=f"{annotated}()")
            self.assign(stmt.target, value, stmt)
        return self.env

    def _augassign(self, stmt: ast.AugAssign) -> Env | None:
        current = self.eval(_as_load(stmt.target))
        self.assign(stmt.target, combine(stmt.op, current, self.eval(stmt.value)), stmt)
        return self.env

    def _delete(self, stmt: ast.Delete) -> Env | None:
        for target in stmt.targets:
            if isinstance(target, ast.Name):
                self.env.pop(target.id, None)
            else:
                self.eval(_as_load(target))
        return self.env

    # --- simple statements ---------------------------------------------------------------

    def _expr(self, stmt: ast.Expr) -> Env | None:
        self.eval(stmt.value)
        call = stmt.value.value if isinstance(stmt.value, ast.Await) else stmt.value
        if isinstance(call, ast.Call):
            if self._terminates(call):
                return None
            self._validated_by(call)
        return self.env

    def _validated_by(self, call: ast.Call) -> None:
        """`check_name(name)` as a statement: a reviewed validator that raises on bad input
        leaves its argument safe for what every normal return of it guarantees."""
        for name, kinds in self.helper_guard(call, on_return=True) or ():
            self.env[name] = sanitised(self.lookup(name), kinds)

    def _terminates(self, call: ast.Call) -> bool:
        callee = self.peek(call.func)
        return (callee.ref or "") in _TERMINATORS

    def _return(self, stmt: ast.Return) -> Env | None:
        value = self.eval(stmt.value) if stmt.value is not None else constant(None)
        self.returns.append(value)
        self.emit(ReturnEvent(stmt, self.qualname, value))
        self._note_guard_path(stmt.value, value)
        return None

    def _note_guard_path(self, returned: ast.expr | None, value: Value) -> None:
        """Remember what this way out of the function knows (see helper_guards.py)."""
        may_be_true = consts.truth(value.const) is not False
        when_true = dict(self.env)
        if returned is not None and may_be_true:
            for name, change in refinements(returned, True, self.peek, self._helper_truth):
                when_true[name] = change(when_true.get(name) or self.lookup(name))
        self.guard_paths.append(GuardPath(may_be_true, when_true, dict(self.env)))

    def _helper_truth(self, call: ast.Call) -> list[tuple[str, frozenset[str]]] | None:
        return self.helper_guard(call, on_return=False)

    def _raise(self, stmt: ast.Raise) -> Env | None:
        self._other(stmt)
        return None

    def _assert(self, stmt: ast.Assert) -> Env | None:
        self.eval(stmt.test)
        self._refine(stmt.test, truth=True)
        return self.env

    def _break(self, stmt: ast.Break) -> Env | None:
        if self.loops:
            self.loops[-1].breaks.append(dict(self.env))
        return None

    def _continue(self, stmt: ast.Continue) -> Env | None:
        if self.loops:
            self.loops[-1].continues.append(dict(self.env))
        return None

    def _pass(self, stmt: ast.stmt) -> Env | None:
        return self.env

    def _import(self, stmt: ast.Import) -> Env | None:
        for alias in stmt.names:
            if alias.asname:
                self.env[alias.asname] = Value(ref=alias.name)
            else:
                top = alias.name.split(".")[0]
                self.env[top] = Value(ref=top)
        return self.env

    def _import_from(self, stmt: ast.ImportFrom) -> Env | None:
        module = "." * stmt.level + (stmt.module or "")
        for alias in stmt.names:
            full = f"{module}.{alias.name}"
            ref = HTTP_REQUEST if full in REQUEST_GLOBALS else full
            self.env[alias.asname or alias.name] = Value(ref=ref)
        return self.env

    # --- branches ------------------------------------------------------------------------

    def _refine(self, test: ast.expr, *, truth: bool) -> None:
        test = self._expanded(test)
        for name, change in refinements(test, truth, self.peek, self._helper_truth):
            self.env[name] = change(self.lookup(name))

    def _arm(
        self, base: Env, test: ast.expr | None, truth: bool, body: list[ast.stmt]
    ) -> Env | None:
        self.env = dict(base)
        if test is not None:
            self._refine(test, truth=truth)
        return self.exec_block(body)

    def _if(self, stmt: ast.If) -> Env | None:
        decided = consts.truth(self.eval(stmt.test).const)
        if decided is not None:
            self._skipped_arm(stmt.test, decided, stmt.orelse if decided else stmt.body)
        base = self.env
        then_env = self._arm(base, stmt.test, True, stmt.body) if decided is not False else None
        else_env = self._arm(base, stmt.test, False, stmt.orelse) if decided is not True else None
        return join_envs(then_env, else_env)

    def _skipped_arm(self, test: ast.expr, value: bool, arm: list[ast.stmt]) -> None:
        """Note the arm a constant test never enters (reported only if no run enters it)."""
        if arm:
            last = arm[-1].end_lineno or arm[-1].lineno
            self.ctx.decided_arms.append((arm[0].lineno, last, ast.unparse(test), value))

    def _try(self, stmt: ast.Try | Any) -> Env | None:
        start = dict(self.env)
        body = self.exec_block(stmt.body)
        # An exception may come from any point in the body: handlers see before or after.
        entry = join_envs(start, body) or start
        outcomes: list[Env | None] = []
        if body is not None:
            outcomes.append(self._arm(body, None, True, stmt.orelse))
        for handler in stmt.handlers:
            outcomes.append(self._handler(handler, entry))
        result = _join_all(outcomes)
        if not stmt.finalbody:
            return result
        after = self._arm(result or entry, None, True, stmt.finalbody)
        return after if result is not None else None

    def _handler(self, handler: ast.ExceptHandler, entry: Env) -> Env | None:
        self.env = dict(entry)
        if handler.type is not None:
            self.eval(handler.type)
        if handler.name:
            self.env[handler.name] = exception_value(handler.name, handler.lineno)
        return self.exec_block(handler.body)

    def _with(self, stmt: ast.With | ast.AsyncWith) -> Env | None:
        for item in stmt.items:
            value = self.eval(item.context_expr)
            if item.optional_vars is not None:
                self.assign(item.optional_vars, value, stmt)
        return self.exec_block(stmt.body)

    def _match(self, stmt: ast.Match) -> Env | None:
        subject = self.eval(stmt.subject)
        base = self.env
        outcomes: list[Env | None] = [] if _has_catch_all(stmt) else [dict(base)]
        for case in stmt.cases:
            self.env = dict(base)
            for node in ast.walk(case.pattern):
                captured = getattr(node, "name", None)
                if isinstance(captured, str):
                    self.env[captured] = subject if node is case.pattern else element_of(subject)
            if case.guard is not None:
                self.eval(case.guard)
            outcomes.append(self.exec_block(case.body))
        return _join_all(outcomes)

    # --- loops ---------------------------------------------------------------------------

    def _loop(
        self, run_body: Callable[[], Env | None], orelse: list[ast.stmt], *, endless: bool
    ) -> Env | None:
        state = dict(self.env)
        exits = LoopExits()
        self.loops.append(exits)
        try:
            for _ in range(MAX_LOOP_ROUNDS):
                self.env = dict(state)
                after_body = join_envs(run_body(), _join_all(list(exits.continues)))
                exits.continues.clear()
                grown = join_envs(state, after_body) or state
                if grown == state:
                    break
                state = grown
        finally:
            self.loops.pop()
        normal_exit = None if endless else self._arm(state, None, True, orelse)
        return join_envs(normal_exit, _join_all(list(exits.breaks)))

    def _for(self, stmt: ast.For | ast.AsyncFor) -> Env | None:
        element = element_of(self.eval(stmt.iter))

        def body() -> Env | None:
            self.assign(stmt.target, element, stmt)
            return self.exec_block(stmt.body)

        return self._loop(body, stmt.orelse, endless=False)

    def _while(self, stmt: ast.While) -> Env | None:
        decided = consts.truth(self.eval(stmt.test).const)
        if decided is False:
            self._skipped_arm(stmt.test, False, stmt.body)
            return self.exec_block(stmt.orelse)

        def body() -> Env | None:
            self.eval(stmt.test)
            self._refine(stmt.test, truth=True)
            return self.exec_block(stmt.body)

        return self._loop(body, stmt.orelse, endless=decided is True)

    # --- definitions ---------------------------------------------------------------------

    def _function_def(self, stmt: FunctionNode) -> Env | None:
        for decorator in stmt.decorator_list:
            self.eval(decorator)
        qualname = stmt.name if self.qualname == "<module>" else f"{self.qualname}.{stmt.name}"
        nested = self.qualname != "<module>"
        scope = {**self.outer, **self.env} if nested else None
        route = route_of(stmt, self.ctx.packages)
        self.ctx.defs[qualname] = Definition(stmt, qualname, None, False, scope, route)
        self.env[stmt.name] = Value(ref=f"def:{qualname}")
        return self.env

    def _class_def(self, stmt: ast.ClassDef) -> Env | None:
        for node in (*stmt.bases, *stmt.decorator_list):
            self.eval(node)
        view = is_view_class(stmt)
        methods: dict[str, str] = {}
        nested = self.qualname != "<module>"
        scope = {**self.outer, **self.env} if nested else None
        for item in stmt.body:
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                qualname = f"{stmt.name}.{item.name}"
                static = any(dotted(d) == "staticmethod" for d in item.decorator_list)
                route = route_of(item, self.ctx.packages, in_view_class=view)
                self.ctx.defs[qualname] = Definition(
                    item, qualname, stmt.name, not static, scope, route
                )
                methods[item.name] = qualname
        self.ctx.classes[stmt.name] = methods
        self.ctx.class_bases[stmt.name] = tuple(dotted(b) for b in stmt.bases)
        self.env[stmt.name] = Value(ref=f"class:{stmt.name}")
        return self.env


def _as_load(target: ast.expr) -> ast.expr:
    """The same target read instead of written (for `x += 1` and `del x[k]`)."""
    if isinstance(target, ast.Name):
        return ast.Name(
            id=target.id, ctx=ast.Load(), lineno=target.lineno, col_offset=target.col_offset
        )
    return target


def _has_catch_all(stmt: ast.Match) -> bool:
    last = stmt.cases[-1].pattern if stmt.cases else None
    return isinstance(last, ast.MatchAs) and last.pattern is None and stmt.cases[-1].guard is None


_HANDLERS: dict[type[ast.stmt], Callable[[StmtMixin, Any], Env | None]] = {
    ast.Assign: StmtMixin._assign_stmt,
    ast.AnnAssign: StmtMixin._annassign,
    ast.AugAssign: StmtMixin._augassign,
    ast.Delete: StmtMixin._delete,
    ast.Expr: StmtMixin._expr,
    ast.Return: StmtMixin._return,
    ast.Raise: StmtMixin._raise,
    ast.Assert: StmtMixin._assert,
    ast.Break: StmtMixin._break,
    ast.Continue: StmtMixin._continue,
    ast.Pass: StmtMixin._pass,
    ast.Global: StmtMixin._pass,
    ast.Nonlocal: StmtMixin._pass,
    ast.Import: StmtMixin._import,
    ast.ImportFrom: StmtMixin._import_from,
    ast.If: StmtMixin._if,
    ast.Try: StmtMixin._try,
    ast.TryStar: StmtMixin._try,
    ast.With: StmtMixin._with,
    ast.AsyncWith: StmtMixin._with,
    ast.Match: StmtMixin._match,
    ast.For: StmtMixin._for,
    ast.AsyncFor: StmtMixin._for,
    ast.While: StmtMixin._while,
    ast.FunctionDef: StmtMixin._function_def,
    ast.AsyncFunctionDef: StmtMixin._function_def,
    ast.ClassDef: StmtMixin._class_def,
}
