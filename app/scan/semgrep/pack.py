"""Airlock's own semgrep rule pack (resources/rules/semgrep/<language>/<class>.yaml).

Each rule carries, beside semgrep's fields, `metadata.cwe` and `metadata.airlock`: the
weakness class, severity, confidence, title and fix text that a finding shows, and for the
rules the threat model switches (`policy`), which policy decides them. The rules' own tests
sit beside them (`<class>.<ext>`, semgrep's `ruleid:` / `ok:` annotations) and run with
`semgrep --test` in `make test`.

A rule with `policy: authentication` names the route in its message (`$ROUTE`, which the
engine fills in with the path literal): the engine's JSON report carries no metavariables,
and the stage needs the path to leave the threat model's public paths alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from app.core.findings import Confidence, Severity
from app.core.resources import resource_path

# Airlock's language names for the files a rule can read, by semgrep's language id.
LANGUAGE_FROM_SEMGREP = {
    "javascript": ("javascript",),
    "js": ("javascript",),
    "typescript": ("typescript",),
    "ts": ("typescript",),
    "java": ("java",),
    "go": ("go",),
    "golang": ("go",),
    "csharp": ("csharp",),
    "c#": ("csharp",),
    # Server-side templates (EJS, Handlebars, Pug): text rules with `paths.include`.
    "generic": ("template",),
}
_SEVERITY_FROM_SEMGREP = {"ERROR": Severity.HIGH, "WARNING": Severity.MEDIUM, "INFO": Severity.LOW}
_CWE = re.compile(r"CWE-(\d+)")
POLICIES = ("authentication", "errors", "file_upload", "secrets")
# libyaml's safe loader when PyYAML has it: the pure-Python one took 3.6 s for the pack, on
# every review (the CLI is a new process each time).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RulePackError(Exception):
    """A rule file that does not load or lacks what a finding needs."""


@dataclass(frozen=True)
class PackRule:
    """What a finding needs to know about one rule of the pack."""

    id: str
    languages: tuple[str, ...]  # Airlock's language names
    cwe: tuple[int, ...]
    severity: Severity
    confidence: Confidence
    title: str
    fix: str
    weakness_class: str
    policy: str | None
    file: str  # relative to the pack folder, for docs/rules.md


def pack_dir() -> Path:
    return resource_path("rules", "semgrep")


@cache
def load_pack(folder: Path) -> dict[str, PackRule]:
    """Every rule of the pack in `folder` by id; RulePackError on a broken or incomplete rule."""
    rules: dict[str, PackRule] = {}
    for path in sorted(folder.rglob("*.yaml")):
        relative = path.relative_to(folder).as_posix()
        for raw in _rules_in(path):
            rule = _read_rule(raw, relative)
            if rule.id in rules:
                raise RulePackError(
                    f"{relative}: rule id {rule.id} is also in {rules[rule.id].file}"
                )
            rules[rule.id] = rule
    return rules


def pack_languages(folder: Path) -> frozenset[str]:
    """The Airlock languages some rule of the pack reads."""
    return frozenset(lang for rule in load_pack(folder).values() for lang in rule.languages)


def _rules_in(path: Path) -> list[dict[str, object]]:
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506
    except (OSError, yaml.YAMLError) as exc:
        raise RulePackError(f"{path.name}: {exc}") from exc
    rules = document.get("rules") if isinstance(document, dict) else None
    if not isinstance(rules, list) or not all(isinstance(rule, dict) for rule in rules):
        raise RulePackError(f"{path.name}: no `rules:` list")
    return rules


def _read_rule(raw: dict[str, object], file: str) -> PackRule:
    rule_id = str(raw.get("id", ""))
    metadata = raw.get("metadata")
    airlock = metadata.get("airlock") if isinstance(metadata, dict) else None
    if not rule_id or not isinstance(metadata, dict) or not isinstance(airlock, dict):
        raise RulePackError(f"{file}: rule {rule_id or '?'} has no metadata.airlock")
    cwe = tuple(int(n) for n in _CWE.findall(str(metadata.get("cwe", ""))))
    languages = tuple(
        dict.fromkeys(
            name
            for language in raw.get("languages") or []  # type: ignore[attr-defined]
            for name in LANGUAGE_FROM_SEMGREP.get(str(language).lower(), ())
        )
    )
    missing = [key for key in ("class", "title", "fix") if not airlock.get(key)]
    if not cwe or not languages or missing:
        what = ", ".join(
            [*(["cwe"] if not cwe else []), *(["languages"] if not languages else []), *missing]
        )
        raise RulePackError(f"{file}: rule {rule_id} lacks {what}")
    policy = airlock.get("policy")
    if policy is not None and policy not in POLICIES:
        raise RulePackError(f"{file}: rule {rule_id} names an unknown policy {policy!r}")
    return PackRule(
        id=rule_id,
        languages=languages,
        cwe=cwe,
        severity=_severity(airlock.get("severity"), raw.get("severity")),
        confidence=Confidence(str(airlock.get("confidence", "medium"))),
        title=str(airlock["title"]).strip(),
        fix=" ".join(str(airlock["fix"]).split()),
        weakness_class=str(airlock["class"]),
        policy=str(policy) if policy else None,
        file=file,
    )


def _severity(ours: object, semgreps: object) -> Severity:
    if ours:
        return Severity(str(ours))
    return _SEVERITY_FROM_SEMGREP.get(str(semgreps), Severity.MEDIUM)


def short_id(check_id: str) -> str:
    """The rule id inside the engine's `check_id`, which prefixes it with the rule file's
    folders ("rules.semgrep.javascript.js-sql-injection")."""
    return check_id.rsplit(".", 1)[-1]
