"""Interpreter state: the per-file context and one frame per analysed function.

The interpreter is split by concern (expressions, calls, statements) into mixins over this
base; `Frame` declares the entry points each part calls in another, so every module stays
small and type-checked.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from app.scan.python_flow.events import Event, merge_events
from app.scan.python_flow.helper_guards import GuardPath, ParamGuard
from app.scan.python_flow.model import Env, Label, Taint, Value
from app.scan.python_flow.routes import FunctionNode, Route

MAX_LOOP_ROUNDS = 3  # enough for taint to reach a fixpoint in ordinary loops


class BudgetExhausted(Exception):
    """The file needed more interpretation steps than allowed: results are partial."""


@dataclass
class Definition:
    """A function or method defined in the file."""

    node: FunctionNode
    qualname: str
    class_name: str | None
    bound: bool  # called with the instance (or class) as first argument
    scope: Env | None  # enclosing function's names for nested defs; None: module level
    route: Route | None


@dataclass(frozen=True)
class FunctionResult:
    """A function's summary: its parameters, what it returns, the events its params reach."""

    qualname: str
    positional: tuple[str, ...]
    keyword_only: tuple[str, ...]
    vararg: str | None
    kwarg: str | None
    bound: bool
    returns: Value
    param_events: tuple[tuple[Event, frozenset[str]], ...]  # with the params each one sees
    guards: tuple[ParamGuard, ...] = ()  # what its returns guarantee about its parameters
    origin: str = ""  # the file it is defined in, when that is another reviewed module


class ProjectLinks:
    """Functions of the other reviewed modules a file imports (see project.py).

    The default links to nothing: a file reviewed alone sees only its own functions.
    """

    def result(self, ref: str) -> FunctionResult | None:
        """The summary of the project function an imported reference names."""
        return None

    def owns(self, ref: str) -> bool:
        """Whether a reference names something in a reviewed module of the project."""
        return False


@dataclass
class FileContext:
    """Everything shared by the frames analysing one file."""

    packages: frozenset[str]
    words: tuple[str, ...]
    budget: int
    mutable_globals: frozenset[str] = frozenset()
    module_env: Env = field(default_factory=dict)
    defs: dict[str, Definition] = field(default_factory=dict)
    classes: dict[str, dict[str, str]] = field(default_factory=dict)
    class_bases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    results: dict[str, FunctionResult] = field(default_factory=dict)
    active: set[str] = field(default_factory=set)
    events: list[Event] = field(default_factory=list)
    # Branches constants decide: (first line, last line, the test, its value) of the arm
    # that never runs; and the line of every statement that did run, in any frame.
    decided_arms: list[tuple[int, int, str, bool]] = field(default_factory=list)
    executed: set[int] = field(default_factory=set)
    run: Callable[[Definition], FunctionResult] | None = None
    relevant: Callable[[Event], bool] = lambda _event: True
    record: Callable[[Event], bool] = lambda _event: True
    links: ProjectLinks = field(default_factory=ProjectLinks)

    def imported_result(self, ref: str) -> FunctionResult | None:
        return self.links.result(ref)

    def is_project_ref(self, ref: str) -> bool:
        return self.links.owns(ref)

    def tick(self) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise BudgetExhausted

    def function_result(self, qualname: str) -> FunctionResult | None:
        """The (memoised) summary of a same-file function; None while it is recursing."""
        if qualname in self.results:
            return self.results[qualname]
        definition = self.defs.get(qualname)
        if definition is None or qualname in self.active or self.run is None:
            return None
        self.active.add(qualname)
        try:
            result = self.run(definition)
        finally:
            self.active.discard(qualname)
        self.results[qualname] = result
        return result


@dataclass
class LoopExits:
    breaks: list[Env] = field(default_factory=list)
    continues: list[Env] = field(default_factory=list)


class Frame:
    """One function (or the module body) being interpreted."""

    def __init__(
        self,
        ctx: FileContext,
        *,
        qualname: str,
        outer: Env,
        class_name: str | None = None,
        route: Route | None = None,
    ) -> None:
        self.ctx = ctx
        self.qualname = qualname
        self.outer = outer
        self.class_name = class_name
        self.route = route
        self.env: Env = {}
        self.events: list[Event] = []
        self.returns: list[Value] = []
        self.yields: list[Value] = []
        # `ok = check(x)`: the test a later `if ok:` stands for, and the values it read.
        self.conditions: dict[str, tuple[ast.expr, dict[str, Value]]] = {}
        self.guard_paths: list[GuardPath] = []
        self.loops: list[LoopExits] = []
        self.quiet = 0
        self._replayed: dict[tuple[int, str], int] = {}

    def emit(self, event: Event) -> None:
        if not self.quiet and self.ctx.record(event):
            self.events.append(event)

    def emit_replayed(self, event: Event) -> None:
        """A helper's event seen from here: one per helper node, values joined.

        Without merging, a helper called from several places inside another helper would
        hand each of its events up once per call path, which grows exponentially.
        """
        if self.quiet or not self.ctx.record(event):
            return
        key = (id(event.node), type(event).__name__)
        index = self._replayed.get(key)
        if index is None:
            self._replayed[key] = len(self.events)
            self.events.append(event)
        else:
            self.events[index] = merge_events(self.events[index], event)

    def lookup(self, name: str) -> Value:
        if name in self.env:
            return self.env[name]
        if name in self.outer:
            value = self.outer[name]
            if name in self.ctx.mutable_globals and value.known:
                return Value(taints=value.taints, ref=value.ref, shape=value.shape)
            return value
        return Value(ref=name)  # a builtin, or a name the analysis cannot see

    def peek(self, node: ast.expr) -> Value:
        """Evaluate without recording events or changing names (for guards)."""
        saved = self.env
        self.env = dict(saved)
        self.quiet += 1
        try:
            return self.eval(node)
        finally:
            self.quiet -= 1
            self.env = saved

    def field_taints(self, text: str, line: int, value: Value | None = None) -> frozenset[Taint]:
        """A label for data named like a sensitive word from the threat model (policy use).

        Constants, modules, functions and classes hold no user data (`TOKEN_PATH = "..."`,
        `get_token`), and names ending in a descriptor (`token_name`, `password_length`)
        describe the field rather than hold it.
        """
        if not self.ctx.words or (value is not None and _holds_no_data(value)):
            return frozenset()
        word = sensitive_word(text, self.ctx.words)
        if word is None or _tokens(text)[-1] in FIELD_DESCRIPTORS:
            return frozenset()
        return frozenset({Taint(Label("field", text, line, word))})

    # Implemented by the mixins.
    def eval(self, node: ast.expr) -> Value:
        raise NotImplementedError

    def call(self, node: ast.Call) -> Value:
        raise NotImplementedError

    def assign(self, target: ast.expr, value: Value, stmt: ast.stmt | ast.expr) -> None:
        raise NotImplementedError

    def exec_block(self, body: list[ast.stmt]) -> Env | None:
        raise NotImplementedError

    def attribute_of(self, base: Value, attr: str, line: int) -> Value:
        raise NotImplementedError

    def helper_guard(
        self, call: ast.Call, *, on_return: bool
    ) -> list[tuple[str, frozenset[str]]] | None:
        """What a call of a reviewed-code function guarantees about its plain-name
        arguments; None when the callee is not a function of the reviewed code."""
        raise NotImplementedError


FIELD_DESCRIPTORS = frozenset(
    {"id", "ids", "count", "len", "length", "type", "types", "name", "names", "path", "paths",
     "url", "uri", "file", "dir", "env", "header", "field", "prefix", "suffix", "max", "min",
     "num", "size", "limit", "masked", "redacted", "hash", "hashed", "digest", "fingerprint",
     "expiry", "expires", "ttl", "timeout", "policy", "pattern", "regex", "label", "format",
     "template", "kind", "mode", "index", "idx", "required", "enabled", "valid", "exists",
     "info", "meta", "metadata", "status", "details"}
)  # fmt: skip


def _holds_no_data(value: Value) -> bool:
    """A literal, or a reference to a module, function or class rather than to data."""
    ref = value.ref
    return value.known or (
        ref is not None and not value.taints and "(" not in ref and "[" not in ref
    )


_TOKEN = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def _tokens(identifier: str) -> list[str]:
    """`userPassword_hash`, `USER_PASSWORD_HASH` -> ["user", "password", "hash"]."""
    return [token.lower() for token in _TOKEN.findall(identifier)]


@lru_cache(maxsize=8192)  # identifiers repeat: this runs for every name the code reads
def sensitive_word(identifier: str, words: tuple[str, ...]) -> str | None:
    """The first of `words` that `identifier` contains as whole tokens (plural allowed).

    "api_key" matches `API_KEY`, `apiKey` and `apikey`; "token" matches `csrf_token` but
    not `tokenizer`.
    """
    tokens = _tokens(identifier)
    for word in words:
        wanted = _tokens(word)
        if wanted and (_has_run(tokens, wanted) or _has_joined(tokens, "".join(wanted))):
            return word
    return None


def _has_run(tokens: list[str], wanted: list[str]) -> bool:
    for start in range(len(tokens) - len(wanted) + 1):
        window = tokens[start : start + len(wanted)]
        if window[:-1] == wanted[:-1] and window[-1] in {wanted[-1], wanted[-1] + "s"}:
            return True
    return False


def _has_joined(tokens: list[str], joined: str) -> bool:
    return any(token in {joined, joined + "s"} for token in tokens)
