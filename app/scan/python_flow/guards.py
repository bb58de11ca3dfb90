"""Conditions that make a value safe inside one branch.

`if name in ALLOWED:` (a constant collection), `if x == "a":`, `if x.isdigit():`,
`if re.fullmatch(r"[a-z]+", x):`, `if url_has_allowed_host_and_scheme(url, ...):`,
`if not full.startswith(BASE):` after `realpath`, `if ".." in name: abort()`. A refinement
is applied to a plain name only: `ext in ALLOWED` after `ext = name.rsplit(".")[1]` checks
the extension, and must not make `name` itself safe for a path.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

from app.scan.python_flow.model import ALL, Value, constant, sanitised
from app.scan.python_flow.routes import dotted

Refinement = tuple[str, Callable[[Value], Value]]
Peek = Callable[[ast.expr], Value]

_EVERYTHING = frozenset({ALL})
_TEXT_CLASS_METHODS = frozenset(
    {"isdigit", "isdecimal", "isnumeric", "isalnum", "isalpha", "isidentifier"}
)
_SAFE_URL_CHECKS = frozenset(
    {"is_safe_url", "url_has_allowed_host_and_scheme", "is_safe_redirect_url",
     "is_safe_redirect", "is_local_url"}
)  # fmt: skip
_SAFE_PATH_CHECKS = frozenset({"is_safe_path", "is_within_directory", "is_relative_to"})
_INJECTION_KINDS = frozenset(
    {"shell", "sql", "code", "template", "path", "redirect", "xss", "ldap", "xpath", "ssrf",
     "session"}
)  # fmt: skip
_URL_KINDS = frozenset({"redirect", "ssrf"})
HOST_OF = "host-of:"  # mark: this value is the host part of the URL held in a name
URL_OF = "url-of:"  # mark: this value is urlparse() of the URL held in a name
# A check of a name's URL by a helper named for it: is_local(target), is_safe_url(u).
_URL_CHECK_NAME = re.compile(
    r"^(is_)?(safe|local|internal|relative|allowed|trusted|same_origin)"
    r"(_(url|redirect|target|next|path|host|link|location|destination))?$"
)
# Regex parts that let ".." or an absolute path through.
_TRAVERSES = re.compile(r"/|\[[^\]]*\.[^\]]*\]|\\\.[*+?{]|\\\.\\\.")
_NUMERIC_TYPES = frozenset({"int", "float", "bool", "UUID", "uuid.UUID", "Decimal"})
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


def refinements(test: ast.expr, truth: bool, peek: Peek) -> list[Refinement]:
    """What is known about plain names when `test` evaluated to `truth`."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return refinements(test.operand, not truth, peek)
    if isinstance(test, ast.BoolOp):
        if isinstance(test.op, ast.And) == truth:  # all operands had this truth
            return [r for value in test.values for r in refinements(value, truth, peek)]
        return []
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        return _compare(test.left, test.ops[0], test.comparators[0], truth, peek)
    if isinstance(test, ast.Call) and truth:
        return _guard_call(test, peek)
    return []


def _compare(
    left: ast.expr, op: ast.cmpop, right: ast.expr, truth: bool, peek: Peek
) -> list[Refinement]:
    if isinstance(op, ast.In | ast.NotIn):
        inside = isinstance(op, ast.In) == truth
        if inside and is_allow_list(peek(right)):
            return _allowed_value(left, peek)
        needle = peek(left).const
        if not inside and isinstance(right, ast.Name) and isinstance(needle, str):
            return [(right.id, _clear(frozenset({"path"})))] if ".." in needle else []
        return []
    if isinstance(op, ast.Eq | ast.NotEq) and isinstance(op, ast.Eq) == truth:
        for name, other in ((left, right), (right, left)):
            known = peek(other)
            if isinstance(name, ast.Name) and known.known and not known.taints:
                return [(name.id, _becomes(known.const)), *_host_checked(name, peek)]
            if known.known and not known.taints:
                return _host_checked(name, peek)
    return []


def _allowed_value(checked: ast.expr, peek: Peek) -> list[Refinement]:
    """`x in ALLOWED`: x is one of the constants; if x is a URL's host, the URL is safe."""
    found = [(checked.id, _clear(_EVERYTHING))] if isinstance(checked, ast.Name) else []
    return found + _host_checked(checked, peek)


def _host_checked(checked: ast.expr, peek: Peek) -> list[Refinement]:
    """The host of `urlparse(url)` compared with constants: `url` goes to a known host."""
    marks = peek(checked).marks
    return [(m[len(HOST_OF) :], _clear(_URL_KINDS)) for m in marks if m.startswith(HOST_OF)]


def regex_clears(pattern: object, *, method: str) -> frozenset[str]:
    """Sink kinds a successful `re.<method>(pattern, value)` makes `value` safe for.

    `$` also matches before a final newline, which still separates shell commands; "." or
    "/" inside a class lets `..` and `//host` through, which still traverse and redirect.
    """
    if not isinstance(pattern, str) or _LOOSE_REGEX.search(pattern):
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
    return [(subject.id, _clear(kinds))] if isinstance(subject, ast.Name) and kinds else []


def _guard_call(call: ast.Call, peek: Peek) -> list[Refinement]:
    func = call.func
    tail = dotted(func).rsplit(".", 1)[-1]
    first = call.args[0] if call.args else None
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        receiver = func.value.id
        if func.attr in _TEXT_CLASS_METHODS:
            return [(receiver, _clear(_EVERYTHING))]
        if func.attr in {"startswith", "is_relative_to"} and "norm" in peek(func.value).marks:
            return [(receiver, _clear(frozenset({"path"})))]
    if tail == "isinstance" and isinstance(first, ast.Name) and len(call.args) == 2:
        kinds = call.args[1]
        types = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]
        if all(dotted(t) in _NUMERIC_TYPES for t in types):
            return [(first.id, _clear(_EVERYTHING))]
    if isinstance(first, ast.Name) and (tail in _SAFE_URL_CHECKS or _URL_CHECK_NAME.match(tail)):
        return [(first.id, _clear(frozenset({"redirect", "ssrf"})))]
    if tail in _SAFE_PATH_CHECKS:
        # is_within_directory(base, target): which argument is checked varies; the base
        # is a trusted folder anyway, so every plain name passed in is confined.
        names = [a.id for a in call.args if isinstance(a, ast.Name)]
        return [(name, _clear(frozenset({"path"}))) for name in names]
    return _regex_guard(call, peek)
