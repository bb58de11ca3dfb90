"""Conditions that make a value safe inside one branch.

`if name in ALLOWED:` (a constant collection), `if x == "a":`, `if x.isdigit():`,
`if re.fullmatch(r"[a-z]+", x):`, `if url_has_allowed_host_and_scheme(url, ...):` (Django's,
by qualified name), `if helper(x):` by what the reviewed helper's body checks,
`if not full.startswith(BASE):` after `realpath`, `if ".." in name: abort()`. A refinement
is applied to a plain name only: `ext in ALLOWED` after `ext = name.rsplit(".")[1]` checks
the extension, and must not make `name` itself safe for a path.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import replace

from app.scan.python_flow.model import ALL, Value, constant, sanitised
from app.scan.python_flow.routes import dotted

Refinement = tuple[str, Callable[[Value], Value]]
Peek = Callable[[ast.expr], Value]
# A call of a function of the reviewed code: the kinds each plain-name argument is safe for
# when it returned true; None when the callee is not such a function.
HelperGuard = Callable[[ast.Call], list[tuple[str, frozenset[str]]] | None]


def _no_helpers(_call: ast.Call) -> None:
    return None


_EVERYTHING = frozenset({ALL})
_TEXT_CLASS_METHODS = frozenset(
    {"isdigit", "isdecimal", "isnumeric", "isalnum", "isalpha", "isidentifier"}
)
# Library checks, known by their qualified name only: a function of the reviewed code is
# judged by its body (helper_guards.py), whatever it is called.
_LIBRARY_URL_CHECKS = frozenset(
    {"django.utils.http.url_has_allowed_host_and_scheme", "django.utils.http.is_safe_url"}
)
_INJECTION_KINDS = frozenset(
    {"shell", "sql", "code", "template", "path", "redirect", "xss", "ldap", "xpath", "ssrf",
     "session"}
)  # fmt: skip
_URL_KINDS = frozenset({"redirect", "ssrf"})
# Sources a collection must not hold data from to count as the server's own.
_OUTSIDE = frozenset({"request", "route", "socket", "archive", "param", "stdin", "argv"})
HOST_OF = "host-of:"  # mark: this value is the host part of the URL held in a name
URL_OF = "url-of:"  # mark: this value is urlparse() of the URL held in a name
# Regex parts that let ".." or an absolute path through.
_TRAVERSES = re.compile(r"/|\[[^\]]*\.[^\]]*\]|\\\.[*+?{]|\\\.\\\.")
_NUMERIC_TYPES = frozenset({"int", "float", "bool", "UUID", "uuid.UUID", "Decimal"})
_LOOKAROUND = re.compile(r"\(\?<?[=!][^()]*\)")
# Pattern parts that let anything through: ".", \S, \W, \D, negated classes.
_LOOSE_REGEX = re.compile(r"(?<!\\)\.(?![^\[]*\])|\\[SWD]|\[\^")


def _clear(kinds: frozenset[str]) -> Callable[[Value], Value]:
    return lambda value: sanitised(value, kinds)


def _becomes(const: object) -> Callable[[Value], Value]:
    return lambda _value: constant(const)


def is_allow_list(value: Value) -> bool:
    """A constant collection of names (tuple, set, list or dict literal of constants)."""
    if isinstance(value.const, tuple | frozenset):
        return True
    return value.keys is not None and not value.taints


def _server_collection(value: Value) -> bool:
    """A collection the server holds (its configuration, a loaded list): membership makes
    a value one of the server's. Not text (`x in "abc"` is a substring test), and not
    anything carrying a client's or caller's data."""
    if value.known or value.shape in {"str", "strmap"} or value.ref == "http.request":
        return False
    return not any(t.label.source in _OUTSIDE for t in value.taints)


def refinements(
    test: ast.expr, truth: bool, peek: Peek, helper: HelperGuard = _no_helpers
) -> list[Refinement]:
    """What is known about plain names when `test` evaluated to `truth`."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return refinements(test.operand, not truth, peek, helper)
    if isinstance(test, ast.BoolOp):
        if isinstance(test.op, ast.And) == truth:  # all operands had this truth
            found = [r for v in test.values for r in refinements(v, truth, peek, helper)]
            return found + _local_paths([(v, truth) for v in test.values], peek)
        return []
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        if (inner := _none_test(test, truth)) is not None:
            return refinements(inner, True, peek, helper)
        return _compare(test.left, test.ops[0], test.comparators[0], truth, peek)
    if isinstance(test, ast.Call) and truth:
        if dotted(test.func) == "bool" and len(test.args) == 1:
            return refinements(test.args[0], True, peek, helper)
        return _guard_call(test, peek, helper)
    return []


def _none_test(test: ast.Compare, truth: bool) -> ast.expr | None:
    """`m is not None` known true (or `m is None` known false): `m` itself was true-ish
    for a match object, so `re.fullmatch(P, x) is not None` guards like the call does."""
    right = test.comparators[0]
    if not (isinstance(right, ast.Constant) and right.value is None):
        return None
    op = test.ops[0]
    if (isinstance(op, ast.IsNot) and truth) or (isinstance(op, ast.Is) and not truth):
        return test.left
    return None


def _compare(
    left: ast.expr, op: ast.cmpop, right: ast.expr, truth: bool, peek: Peek
) -> list[Refinement]:
    if isinstance(op, ast.In | ast.NotIn):
        inside = isinstance(op, ast.In) == truth
        if inside and (is_allow_list(peek(right)) or _server_collection(peek(right))):
            return _allowed_value(left, peek)
        needle = peek(left).const
        if not inside and isinstance(right, ast.Name) and isinstance(needle, str):
            return [(right.id, _clear(frozenset({"path"})))] if ".." in needle else []
        return []
    if isinstance(op, ast.Eq | ast.NotEq) and isinstance(op, ast.Eq) == truth:
        if confined := _common_path(left, peek) or _common_path(right, peek):
            return confined
        for name, other in ((left, right), (right, left)):
            known = peek(other)
            if isinstance(name, ast.Name) and known.known and not known.taints:
                return [(name.id, _becomes(known.const)), *_host_checked(name, peek)]
            if known.known and not known.taints:
                return _host_checked(name, peek)
    return []


def _common_path(node: ast.expr, peek: Peek) -> list[Refinement]:
    """`os.path.commonpath([target, root]) == root` with `target` normalised: it stays
    under root (one side of the comparison is the root, the other the common path)."""
    if not (isinstance(node, ast.Call) and dotted(node.func).endswith("commonpath")):
        return []
    listed = node.args[0] if node.args else None
    if not isinstance(listed, ast.List | ast.Tuple):
        return []
    names = [e.id for e in listed.elts if isinstance(e, ast.Name) and "norm" in peek(e).marks]
    return [(name, _clear(frozenset({"path"}))) for name in names]


def _allowed_value(checked: ast.expr, peek: Peek) -> list[Refinement]:
    """`x in ALLOWED`: x is one of the constants; if x is a URL's host, the URL is safe."""
    found = [(checked.id, _clear(_EVERYTHING))] if isinstance(checked, ast.Name) else []
    return found + _host_checked(checked, peek)


def _host_checked(checked: ast.expr, peek: Peek) -> list[Refinement]:
    """The host of `urlparse(url)` compared with constants: `url` goes to a known host, and
    so does the parsed object itself (`u = httpx.URL(raw); u.host in HOSTS; get(u)`)."""
    marks = peek(checked).marks
    found = [(m[len(HOST_OF) :], _clear(_URL_KINDS)) for m in marks if m.startswith(HOST_OF)]
    parsed = _parsed_object(checked)
    if found and parsed is not None:
        found.append((parsed, _clear(_URL_KINDS)))
    return found


def _parsed_object(checked: ast.expr) -> str | None:
    """The name of the parsed URL whose host is checked: `parts` in `parts.hostname`,
    `(parts.hostname or "").lower()`."""
    node = checked
    while True:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and not node.args:
            node = node.func.value  # .lower(), .strip()
        elif isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
            node = node.values[0]  # `host or ""`
        else:
            break
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.value.id
    return None


def regex_clears(pattern: object, *, method: str) -> frozenset[str]:
    """Sink kinds a successful `re.<method>(pattern, value)` makes `value` safe for.

    `$` also matches before a final newline, which still separates shell commands; "." or
    "/" inside a class lets `..` and `//host` through, which still traverse and redirect.
    """
    if not isinstance(pattern, str):
        return frozenset()
    # Lookarounds (`(?=.{1,253}$)`) admit no characters of their own: only what the rest
    # of the pattern matches gets through.
    pattern = _LOOKAROUND.sub("", pattern)
    if _LOOSE_REGEX.search(pattern):
        return frozenset()
    whole = method == "fullmatch"
    if not (whole or method == "match" or pattern.startswith(("^", "\\A"))):
        return frozenset()
    if whole or pattern.endswith("\\Z"):
        kinds = set(_INJECTION_KINDS)
    elif pattern.endswith("$"):
        kinds = set(_INJECTION_KINDS - {"shell"})
    else:
        return frozenset()
    if "." in pattern or "/" in pattern:
        kinds -= {"redirect", "ssrf"}
    if _TRAVERSES.search(pattern):
        kinds -= {"path"}
    return frozenset(kinds)


def _regex_guard(call: ast.Call, peek: Peek) -> list[Refinement]:
    """`re.fullmatch(PATTERN, x)` or `COMPILED.match(x)` with a strict pattern."""
    name = dotted(call.func)
    method = name.rsplit(".", 1)[-1]
    if method not in {"match", "fullmatch", "search"}:
        return []
    if name.startswith("re.") and len(call.args) >= 2:
        pattern, subject = peek(call.args[0]).const, call.args[1]
    elif isinstance(call.func, ast.Attribute) and call.args:
        marks = peek(call.func.value).marks
        pattern = next((m[len("regex:") :] for m in marks if m.startswith("regex:")), None)
        subject = call.args[0]
    else:
        return []
    kinds = regex_clears(pattern, method=method)
    if isinstance(subject, ast.NamedExpr):  # `P.fullmatch(key := request.args["k"])`
        subject = subject.target
    return [(subject.id, _clear(kinds))] if isinstance(subject, ast.Name) and kinds else []


def _mac_verified(args: list[ast.expr], peek: Peek) -> list[Refinement]:
    """`hmac.compare_digest(signature, sign(data))` true, where `sign` computes a keyed
    digest (hmac.new) of `data`: the data is the server's own, authenticated. Only the names
    whose data the digest covers are cleared; the claimed signature is not."""
    found: list[Refinement] = []
    for side in args:
        digest = peek(side)
        if "mac" not in digest.marks:
            continue
        covered = {t.label for t in digest.taints}
        for node in ast.walk(side):
            if isinstance(node, ast.Name) and node is not side:
                labels = {t.label for t in peek(node).taints}
                if labels and labels <= covered:
                    found.append((node.id, _clear(_EVERYTHING)))
    return found


def _checks_normalised_path(func: ast.expr, peek: Peek) -> bool:
    return (
        isinstance(func, ast.Attribute)
        and func.attr in {"startswith", "is_relative_to"}
        and "norm" in peek(func.value).marks
    )


def _guard_call(call: ast.Call, peek: Peek, helper: HelperGuard) -> list[Refinement]:
    judged = helper(call)
    if judged is not None:  # a function of the reviewed code: only its body counts
        return [(name, _clear(kinds)) for name, kinds in judged]
    func = call.func
    tail = dotted(func).rsplit(".", 1)[-1]
    first = call.args[0] if call.args else None
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        receiver = func.value.id
        if func.attr in _TEXT_CLASS_METHODS:
            return [(receiver, _clear(_EVERYTHING))]
        if func.attr in {"startswith", "is_relative_to"} and "norm" in peek(func.value).marks:
            return [(receiver, _clear(frozenset({"path"})))]
    elif _checks_normalised_path(func, peek):
        # `(BASE / name).resolve().is_relative_to(BASE)`: the names the normalised path was
        # built from stay under the base when joined the same way again.
        assert isinstance(func, ast.Attribute)
        names = {n.id for n in ast.walk(func.value) if isinstance(n, ast.Name)}
        return [(name, _clear(frozenset({"path"}))) for name in sorted(names)]
    if tail == "isinstance" and isinstance(first, ast.Name) and len(call.args) == 2:
        kinds = call.args[1]
        types = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]
        if all(dotted(t) in _NUMERIC_TYPES for t in types):
            return [(first.id, _clear(_EVERYTHING))]
    if tail == "compare_digest" and len(call.args) == 2:
        return _mac_verified(call.args, peek)
    if isinstance(first, ast.Name) and peek(func).ref in _LIBRARY_URL_CHECKS:
        return [(first.id, _clear(_URL_KINDS))]
    return _regex_guard(call, peek)


def _local_paths(checks: list[tuple[ast.expr, bool]], peek: Peek) -> list[Refinement]:
    """`x.startswith("/") and not x.startswith("//") and "\\\\" not in x` all hold (or the
    `or` of their negations is false): `x` is a path on this site. Each part alone is not
    enough (`//evil`, `/\\\\evil` leave it)."""
    facts: dict[str, set[str]] = {}
    for check, truth in checks:
        negated = isinstance(check, ast.UnaryOp) and isinstance(check.op, ast.Not)
        inner = check.operand if isinstance(check, ast.UnaryOp) and negated else check
        holds = truth != negated  # whether `inner` itself is true
        found = _local_path_fact(inner, holds, peek)
        if found is not None:
            facts.setdefault(found[0], set()).add(found[1])
    # The facts may come from separate checks (`if ...: return` one after another): each is
    # kept on the value, and the URL kinds are cleared once all three hold.
    return [(name, _with_local_facts(found)) for name, found in facts.items()]


_LOCAL_FACTS = frozenset({"local:slash", "local:no-double", "local:no-backslash"})


def _with_local_facts(found: set[str]) -> Callable[[Value], Value]:
    def change(value: Value) -> Value:
        marks = value.marks | {f"local:{fact}" for fact in found}
        refined = replace(value, marks=marks)
        return sanitised(refined, _URL_KINDS) if marks >= _LOCAL_FACTS else refined

    return change


def _local_path_fact(test: ast.expr, holds: bool, peek: Peek) -> tuple[str, str] | None:
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Attribute) and test.args:
        name = test.func.value
        if test.func.attr != "startswith" or not isinstance(name, ast.Name):
            return None
        prefix = peek(test.args[0]).const
        key = (prefix if isinstance(prefix, str) else "", holds)
        fact = {("/", True): "slash", ("//", False): "no-double"}.get(key)
        return (name.id, fact) if fact else None
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        op, right = test.ops[0], test.comparators[0]
        excluded = isinstance(op, ast.NotIn) == holds
        if isinstance(right, ast.Name) and excluded and peek(test.left).const == "\\":
            return (right.id, "no-backslash")
    if not holds and isinstance(test, ast.Call) and dotted(test.func) == "any":
        return _no_character_of(test, peek)
    return None


def _no_character_of(call: ast.Call, peek: Peek) -> tuple[str, str] | None:
    """`any(ch in x for ch in "\\\\\r\n")` known false: x holds no backslash."""
    gen = call.args[0] if len(call.args) == 1 else None
    if not isinstance(gen, ast.GeneratorExp) or len(gen.generators) != 1:
        return None
    loop, test = gen.generators[0], gen.elt
    chars = peek(loop.iter).const
    if not (isinstance(chars, str) and "\\" in chars and isinstance(loop.target, ast.Name)):
        return None
    if not (isinstance(test, ast.Compare) and isinstance(test.ops[0], ast.In)):
        return None
    left, right = test.left, test.comparators[0]
    if isinstance(left, ast.Name) and left.id == loop.target.id and isinstance(right, ast.Name):
        return (right.id, "no-backslash")
    return None
