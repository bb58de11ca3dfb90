"""Stage: detect-secrets over every file, in-process, with verification made impossible.

detect-secrets can "verify" a candidate by sending it to the service it belongs to (Slack,
Stripe, AWS, ...). Airlock must never do that: the secret would leave the machine. So this
stage drives the plugins itself instead of going through `scan_file`:

- each plugin instance gets a `verify` that returns UNVERIFIED without any I/O, so even if
  something else in the process turned detect-secrets' verification filter on (its plugins
  consult that global setting), nothing is sent;
- the only filters run are the offline heuristics listed here, called directly; the
  verification filter is never among them, nor is the allowlist comment (in code under
  review, `pragma: allowlist secret` is the author's claim, not a verdict);
- no global detect-secrets settings are changed, so nothing leaks into other callers.

The secret value is masked (first characters then `****`) in every message and snippet,
because findings are stored and exported.
"""

from __future__ import annotations

import importlib
import logging
import re
import warnings
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import accumulate, pairwise
from typing import Any

from app.core.findings import Confidence, Finding, ReviewWarning, Severity, StageResult
from app.core.sources import SourceFile
from app.scan.base import StageContext
from app.scan.rules.common import cancelled_warning, mask_secret, names_a_non_secret, redact

log = logging.getLogger(__name__)

SOURCE = "detect-secrets"
CWE = (798,)
# Not credentials: a public IP address is not a secret.
_EXCLUDED_PLUGINS = frozenset({"IPPublicDetector"})
_KEYWORD = "Secret Keyword"
_GENERIC_TYPES = {
    _KEYWORD: Confidence.MEDIUM,
    "Base64 High Entropy String": Confidence.LOW,
    "Hex High Entropy String": Confidence.LOW,
}
_FIX = (
    "Remove the secret from the code and its history, rotate it (it must be treated as "
    "leaked), and load it at run time from the environment or a secret store."
)


class SecretsStage:
    """detect-secrets' plugins over every file, line by line, never verifying.

    Pure Python and slow on many files: for reviews of many files the pipeline runs it in
    the child process that runs bandit, next to the in-process stages (app/scan/offload.py).
    """

    name = SOURCE
    languages = None  # every file
    by_rules = False  # secrets only: not a weakness review
    runs_in_child = True

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        result = StageResult()
        try:
            scanner = _Scanner()
        except ImportError:
            message = "detect-secrets is not installed: files were not scanned for secrets"
            result.warnings.append(ReviewWarning("stage_failed", message, stage=self.name))
            return result
        for index, file in enumerate(files):
            context.on_file(index, len(files))
            if context.should_cancel():
                result.warnings.append(cancelled_warning(self.name, len(files) - index))
                break
            try:
                scanner.scan(file, into=result)
            except Exception as exc:  # a plugin crash on hostile input: report, go on
                log.debug("detect-secrets failed on %s", file.path, exc_info=True)
                message = f"detect-secrets failed on this file ({type(exc).__name__})"
                result.warnings.append(
                    ReviewWarning("stage_failed", message, file=file.path, stage=self.name)
                )
        return result


class _OfflineVerification:
    """Stands in for every plugin's `verify`: no network, always UNVERIFIED.

    A bound method rather than a function, because detect-secrets' argument injection only
    works out the parameters of methods.
    """

    def __init__(self) -> None:
        from detect_secrets.constants import VerifiedResult

        self.result = VerifiedResult.UNVERIFIED

    def verify(self, secret: str) -> Any:
        return self.result


class _Scanner:
    """The plugins and offline filters, set up once per stage run."""

    def __init__(self) -> None:
        _import_detect_secrets()
        from detect_secrets.filters import heuristic
        from detect_secrets.util.code_snippet import get_code_snippet

        self.plugins = _offline_plugins()
        self.snippet_of = get_code_snippet
        self.skip_file: tuple[Callable[[str], bool], ...] = (
            heuristic.is_lock_file,
            heuristic.is_swagger_file,
        )
        self.skip_line: Callable[[str], bool] = heuristic.is_indirect_reference
        self.skip_secret: tuple[Callable[[str], bool], ...] = (
            heuristic.is_sequential_string,
            heuristic.is_potential_uuid,
            heuristic.is_templated_secret,
            heuristic.is_prefixed_with_dollar_sign,
            heuristic.is_not_alphanumeric_string,
            is_character_set,
        )
        self.is_id = heuristic.is_likely_id_string
        # What each plugin needs on a line before it can report anything (see _gates).
        self.gates = _Gates.build(self.plugins)

    def scan(self, file: SourceFile, *, into: StageResult) -> None:
        if any(skip(file.path) for skip in self.skip_file):
            message = "lock or API-spec file (hashes and examples): not scanned for secrets"
            into.warnings.append(ReviewWarning("skipped", message, file=file.path, stage=SOURCE))
            return
        lines = [line.rstrip() for line in file.lines]
        keyword_gate = self.gates.keyword_gate
        keyword_lines = keyword_gate.lines(lines) if keyword_gate is not None else None
        for number, line in enumerate(lines, start=1):
            if not line:
                continue
            plugins = self._plugins_for(line, number, keyword_lines)
            # `url_passwords` needs a `://`, `connection_string_passwords` a `=`.
            if not plugins and "://" not in line and "=" not in line:
                continue
            found = self._line_findings(file, lines, number, line, plugins)
            # The indirect-reference filter is a slow regex: only lines with a candidate
            # need it, and filtering after the plugins gives the same result.
            if found and not self.skip_line(line):
                into.findings.extend(found)

    def _plugins_for(self, line: str, number: int, keyword_lines: set[int] | None) -> list[Any]:
        """The plugins that can find something on this line, in their usual order."""
        asked = set(self.gates.always)
        if self.gates.keyword is not None and (keyword_lines is None or number in keyword_lines):
            asked.add(self.gates.keyword)
        for index, search in self.gates.searches:
            if index not in asked and search(line) is not None:
                asked.add(index)
        return [self.plugins[index] for index in sorted(asked)]

    def _line_findings(
        self, file: SourceFile, lines: list[str], number: int, line: str, plugins: list[Any]
    ) -> list[Finding]:
        context = self.snippet_of(lines, number)
        best: dict[str, str] = {}  # secret value -> most specific secret type
        for plugin in plugins:
            found = plugin.analyze_line(
                filename=file.path, line=line, line_number=number, context=context
            )
            for value, kind in _in_line_order(line, found):
                if self._keep(value, line, plugin):
                    best[value] = _more_specific(best.get(value), kind)
        for value in url_passwords(line):
            if value not in best and not any(skip(value) for skip in self.skip_secret):
                best[value] = _URL_CREDENTIALS
        for value in connection_string_passwords(line):
            if value not in best and not any(skip(value) for skip in self.skip_secret):
                best[value] = _CONNECTION_STRING
        return [_finding(file, number, value, kind) for value, kind in best.items()]

    def _keep(self, secret: str, line: str, plugin: Any) -> bool:
        if any(skip(secret) for skip in self.skip_secret) or _is_type_name_check(secret, line):
            return False
        return not self.is_id(secret, line, plugin)


# Asking all ~25 plugins about every line (a Python call chain each) was most of this
# stage's time on real code. A plugin can only report a value its own regular expressions
# find on the line, so each line goes to the plugins whose expressions match it, called
# exactly as before: the findings are the same (tests/scan/test_secrets_stage.py compares
# with asking every plugin). A plugin whose shape we do not know is asked about every line.
class _Gates:
    """Which plugins to ask about a line: `always` (plugin indexes), `keyword` (the keyword
    plugin's index, asked on the lines its gate finds) and `searches` ((plugin index, its
    expression's search) pairs: the plugin is asked when one of its expressions matches)."""

    def __init__(self) -> None:
        self.always: list[int] = []
        self.keyword: int | None = None
        self.keyword_gate: _KeywordGate | None = None
        self.searches: list[tuple[int, Callable[[str], object]]] = []

    @classmethod
    def build(cls, plugins: Sequence[Any]) -> _Gates:
        from detect_secrets.plugins.base import BasePlugin, RegexBasedDetector
        from detect_secrets.plugins.high_entropy_strings import HighEntropyStringsPlugin
        from detect_secrets.plugins.jwt import JwtTokenDetector
        from detect_secrets.plugins.keyword import KeywordDetector

        # analyze_string implementations that only report what `denylist` finds.
        denylist_only = (RegexBasedDetector.analyze_string, JwtTokenDetector.analyze_string)
        gates = cls()
        for index, plugin in enumerate(plugins):
            kind = type(plugin)
            if (
                isinstance(plugin, RegexBasedDetector)
                and kind.analyze_line is BasePlugin.analyze_line
                and kind.analyze_string in denylist_only
            ):
                gates.searches.extend((index, pattern.search) for pattern in plugin.denylist)
            elif (
                isinstance(plugin, HighEntropyStringsPlugin)
                and kind.analyze_line is HighEntropyStringsPlugin.analyze_line
                and kind.analyze_string is HighEntropyStringsPlugin.analyze_string
            ):
                # We never ask analyze_line for its eager (unquoted) search.
                gates.searches.append((index, plugin.regex.search))
            elif (
                kind is KeywordDetector
                and plugin.keyword_exclude is None
                and gates.keyword is None
                and (keyword_gate := _KeywordGate.build()) is not None
            ):
                gates.keyword, gates.keyword_gate = index, keyword_gate
            else:
                gates.always.append(index)  # a shape we do not know: asked about every line
        return gates

    @classmethod
    def ungated(cls, plugins: Sequence[Any]) -> _Gates:
        """Every plugin asked about every line: what the gates must not change (tests)."""
        gates = cls()
        gates.always.extend(range(len(plugins)))
        return gates


class _KeywordGate:
    """The lines of a file where the keyword plugin can find something.

    Each of its expressions (one set per file type) requires, as a group of its own, one
    of the words of `keyword.DENYLIST` (password, secret, api_key, ...), matched case-
    insensitively: a line without any of them is not asked. The words cannot span lines,
    so one search over the file finds every line that has one.
    """

    def __init__(self, words: str) -> None:
        self.any_case = re.compile(words, re.IGNORECASE)
        # On ASCII text, lowering the text and matching the lower-case words is the same
        # test and ten times faster than a case-insensitive search.
        self.lower = re.compile(words) if words == words.lower() else None

    @classmethod
    def build(cls) -> _KeywordGate | None:
        """The gate, or None when the installed detect-secrets is not shaped as expected."""
        try:
            from detect_secrets.plugins import keyword

            words = "|".join(keyword.DENYLIST)
            if not re.fullmatch(r"[\w?|]+", words):  # words only: no line breaks, no anchors
                return None
            tables = [
                keyword.QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP,
                *keyword.REGEX_BY_FILETYPE.values(),
            ]
            for table in tables:
                for pattern in table:
                    if not _requires_group(pattern, words):
                        log.debug("keyword pattern without its word group: %s", pattern.pattern)
                        return None
        except Exception:  # a different detect-secrets or Python: no gate, same findings
            log.debug("no keyword gate", exc_info=True)
            return None
        return cls(words)

    def lines(self, lines: Sequence[str]) -> set[int]:
        text = "\n".join(lines)
        if self.lower is not None and text.isascii():
            matches = self.lower.finditer(text.lower())
        else:
            matches = self.any_case.finditer(text)
        starts = [m.start() for m in matches]
        if not starts:
            return set()
        offsets = list(accumulate((len(line) + 1 for line in lines), initial=0))
        return {bisect_right(offsets, start) for start in starts}  # 1-based line numbers


def _requires_group(pattern: re.Pattern[str], alternatives: str) -> bool:
    """Whether every match of `pattern` holds a match of `(alternatives)`: the group is one
    of the steps of the expression's top-level sequence (not inside a branch or a repeat).
    Read from Python's own parse of the expression (re._parser, as the re module does)."""
    parser: Any = importlib.import_module("re._parser")
    wanted = repr(parser.parse(alternatives, pattern.flags))
    return any(
        op is parser.SUBPATTERN and repr(value[-1]) == wanted
        for op, value in parser.parse(pattern.pattern, pattern.flags)
    )


# detect-secrets' basic-auth pattern stops at characters a URL should percent-encode, so it
# misses `postgresql://app:Wq7!vR2#pL9@db/orders`, which drivers accept as written.
_URL_WITH_PASSWORD = re.compile(
    r"\b[a-z][a-z0-9+.-]*://[^\s:/@'\"]*:([^\s'\"]+)@[A-Za-z0-9_.-]+", re.IGNORECASE
)
_PLACEHOLDER = re.compile(r"^(?:[$%{<*]|x+$|password$|pass$|secret$|changeme$)", re.IGNORECASE)
_URL_CREDENTIALS = "Basic Auth Credentials"


def is_character_set(value: str) -> bool:
    """A token alphabet (`ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789`): every
    character once, in a few ascending runs. High entropy, but it is the set of characters a
    generator draws from, not a secret; detect-secrets' sequential-string check misses it once
    look-alike characters (I, l, O, 0, 1) are left out."""
    if len(value) < 16 or len(set(value)) != len(value):
        return False
    runs = 1 + sum(1 for before, after in pairwise(value) if after <= before)
    return runs <= 4


# `typeof password !== 'string'` compares a type name, not a password (JavaScript/TypeScript).
_TYPE_NAMES = frozenset(
    {"string", "number", "boolean", "object", "undefined", "function", "symbol", "bigint"}
)


def _is_type_name_check(secret: str, line: str) -> bool:
    if secret not in _TYPE_NAMES:
        return False
    return re.search(rf"typeof\s+[\w.$\[\]'\"]+\s*[!=]==?\s*['\"`]{secret}['\"`]", line) is not None


def url_passwords(line: str) -> list[str]:
    """Passwords written into URLs on this line (`scheme://user:password@host`)."""
    return [
        match.group(1)
        for match in _URL_WITH_PASSWORD.finditer(line)
        if not _PLACEHOLDER.match(match.group(1))
    ]


# A password inside a connection string, in any language: ADO.NET and ODBC
# (`Server=db;User Id=sa;Password=...;`), JDBC and DSN query strings (`?user=app&password=...`),
# libpq keyword strings (`host=db password=...`). The keyword plugin reads `name = "value"`
# assignments, not a key inside a string literal.
_CONNECTION_PASSWORD = re.compile(
    r"(?:^|[;?&\s\"'])(?:password|passwd|pwd)\s*=\s*([^;&\s\"'<>{}$]{4,})", re.IGNORECASE
)
# Something that shows the key=value pairs are a connection string, not a form field or a log.
_CONNECTION_CONTEXT = re.compile(
    r"(?:server|data source|host|user id|uid|user|database|dbname|initial catalog)\s*=|jdbc:|\?",
    re.IGNORECASE,
)
_CONNECTION_STRING = "Connection String Password"


def connection_string_passwords(line: str) -> list[str]:
    """Passwords written into connection strings on this line."""
    if not _CONNECTION_CONTEXT.search(line):
        return []
    return [
        match.group(1)
        for match in _CONNECTION_PASSWORD.finditer(line)
        if not _PLACEHOLDER.match(match.group(1))
    ]


def _import_detect_secrets() -> None:
    """Import detect-secrets without keeping its process-wide side effect.

    Its logging module calls `logging.captureWarnings(True)` on import, which would send
    every Python warning of the app into logging. Undo that unless it was already so.
    """
    before = warnings.showwarning
    import detect_secrets.core.log  # noqa: F401

    if warnings.showwarning is not before:
        logging.captureWarnings(False)


def _offline_plugins() -> list[Any]:
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    offline = _OfflineVerification()
    plugins = []
    plugin_class: Any
    for plugin_class in get_mapping_from_secret_type_to_class().values():
        # Built-in plugins only: a custom plugin path in someone's settings is code we
        # have not read.
        if not plugin_class.__module__.startswith("detect_secrets.plugins."):
            continue
        if plugin_class.__name__ in _EXCLUDED_PLUGINS:
            continue
        plugin = plugin_class()
        plugin.verify = offline.verify  # the instance's verify shadows the networked one
        plugins.append(plugin)
    return plugins


def _in_line_order(line: str, found: Any) -> list[tuple[str, str]]:
    """(value, type) of a plugin's candidates, in the order they appear on the line.

    A plugin returns a set, whose order follows the process's string hashing (a new seed in
    every process): taken as it comes, two secrets on one line were reported in a different
    order, so with a different first snippet and fingerprint, from one run to the next.
    """
    candidates = {(c.secret_value, str(c.type)) for c in found if c.secret_value}
    return sorted(candidates, key=lambda pair: (line.find(pair[0]), pair))


def _more_specific(current: str | None, candidate: str) -> str:
    if current is None:
        return candidate
    rank = {kind: place for place, kind in enumerate(_GENERIC_TYPES)}
    # Lower rank wins; a specific detector (not in the generic list) ranks first.
    return candidate if rank.get(candidate, -1) < rank.get(current, -1) else current


def _finding(file: SourceFile, number: int, secret: str, kind: str) -> Finding:
    masked = mask_secret(secret)
    finding = Finding(
        rule_id=f"secrets.{_slug(kind)}",
        title=f"Possible secret: {kind}",
        cwe=CWE,
        severity=Severity.HIGH,
        confidence=_GENERIC_TYPES.get(kind, Confidence.HIGH),
        sources=(SOURCE,),
        file=file.path,
        start_line=number,
        end_line=number,
        snippet=redact(file.line(number), secret),
        message=f"{kind} found in the code: {masked}",
        fix=_FIX,
    )
    return _described_not_held(finding, file.line(number), kind)


def _described_not_held(finding: Finding, line: str, kind: str) -> Finding:
    """A keyword match on `TOKEN_HEADER = "X-Request-Token"` names a credential's header,
    template or field, not the credential: kept as an info note saying so. Specific
    detectors (AWS keys, private keys, ...) judge the value itself and are never lowered."""
    name = names_a_non_secret(line) if kind == _KEYWORD else None
    if name is None:
        return finding
    note = f"{name} describes a credential (its header, template or field) rather than holding one."
    return replace(
        finding,
        severity=Severity.INFO,
        confidence=Confidence.LOW,
        message=f"{finding.message}. {note}",
    )


def _slug(kind: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", kind.lower()).strip("-")
