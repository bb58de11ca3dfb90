"""Reading structured documents (threat models, OTM files): safely, with one clear line when
they are broken.

Files are read with a size bound and must be UTF-8; JSON and YAML are parsed with duplicate
keys refused (PyYAML would keep the last one silently, and a lost policy is worse) and YAML
alias bombs bounded. `At` names where a value sits (`policies.file_upload.max_bytes`) so every
error says which file and which field. Shared by app.core.threat_model and app.core.otm.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import yaml

from app.core.errors import ThreatModelError

MAX_FILE_BYTES = 1024 * 1024
# A real threat model has a few hundred values; this bound stops YAML alias bombs.
MAX_NODES = 100_000


@dataclass(frozen=True)
class At:
    """Where a value sits: the document's name and the field path inside it."""

    source: str
    path: str = ""

    def key(self, name: str) -> At:
        if not name.isidentifier():  # keeps a stray key with spaces or newlines on one line
            return At(self.source, f"{self.path}[{clip(name)!r}]")
        return At(self.source, f"{self.path}.{name}" if self.path else name)

    def index(self, position: int) -> At:
        return At(self.source, f"{self.path}[{position}]")

    def fail(self, problem: str, expected: str | None = None) -> NoReturn:
        raise ThreatModelError(
            problem, source=self.source, field=self.path or None, expected=expected
        )


def clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe(value: object) -> str:
    """Name a raw value for an error message, e.g. "the text 'yes'" or "a list"."""
    if value is None:
        return "no value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the text {clip(value)!r}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


# --- Text: YAML or JSON in, one clear line out when it is broken. ---


def yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    if isinstance(exc, yaml.MarkedYAMLError) and mark is not None:
        problem = " ".join((exc.problem or "cannot be read").split())
        return f"invalid YAML at line {mark.line + 1}, column {mark.column + 1}: {problem}"
    first_line = (str(exc).splitlines() or ["cannot be read"])[0]
    return f"invalid YAML: {first_line}"


def _check_unique_keys(node: yaml.MappingNode, source: str) -> None:
    """YAML says keys are unique, but PyYAML keeps the last one; a lost policy is worse."""
    seen: set[tuple[str, object]] = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            if (key.tag, key.value) in seen:
                line = key.start_mark.line + 1
                raise ThreatModelError(f"line {line}: duplicate key {key.value!r}", source=source)
            seen.add((key.tag, key.value))


def _check_nodes(root: yaml.Node, source: str) -> None:
    """Duplicate keys, and a bound on values counted with aliases expanded."""
    pending = [root]
    visited = 0
    while pending:
        node = pending.pop()
        visited += 1
        if visited > MAX_NODES:
            problem = "too many values, or aliases that expand without end"
            raise ThreatModelError(problem, source=source, expected=f"at most {MAX_NODES} values")
        if isinstance(node, yaml.MappingNode):
            _check_unique_keys(node, source)
            pending.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)


def parse_json(text: str, source: str) -> object:
    def unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
        document = dict(pairs)
        if len(document) < len(pairs):
            names = [name for name, _ in pairs]
            duplicate = next(name for name in names if names.count(name) > 1)
            raise ThreatModelError(f"duplicate key {duplicate!r}", source=source)
        return document

    try:
        return json.loads(text, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as exc:
        problem = f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise ThreatModelError(problem, source=source) from None
    except RecursionError:
        raise ThreatModelError("nested too deeply", source=source) from None


def parse_yaml(text: str, source: str) -> object:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ThreatModelError(yaml_problem(exc), source=source) from None
    except RecursionError:
        raise ThreatModelError("nested too deeply", source=source) from None
    if root is not None:
        _check_nodes(root, source)
    return _construct_yaml(text, source)


# What PyYAML's safe constructors raise, besides YAMLError, for a scalar they cannot read:
# `!!int 12x` ValueError, an empty `!!float` IndexError, `!!timestamp x` AttributeError.
SCALAR_ERRORS = (ValueError, OverflowError, RecursionError, IndexError, AttributeError, TypeError)


def _construct_yaml(text: str, source: str) -> object:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ThreatModelError(yaml_problem(exc), source=source) from None
    except SCALAR_ERRORS as exc:  # e.g. the date 2024-13-01, or an empty `!!int`
        raise ThreatModelError(f"invalid value: {clip(str(exc))}", source=source) from None


def looks_like_json(text: str) -> bool:
    """`{"` or `{}`: read as JSON, because PyYAML (YAML 1.1) misreads some valid JSON
    (tabs, U+0085 in strings) and a JSON message is the clearer one for broken JSON."""
    return re.match(r'\s*\{\s*["}]', text) is not None


def _read_bounded(path: Path) -> bytes:
    source = str(path)
    if path.is_dir():
        raise ThreatModelError("is a directory", source=source, expected="a .yaml or .json file")
    if not path.exists():
        raise ThreatModelError("file not found", source=source)
    if not path.is_file():
        raise ThreatModelError("is not a regular file", source=source)
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ThreatModelError(f"cannot read: {exc.strerror or exc}", source=source) from None


def read_file_text(path: Path) -> str:
    raw = _read_bounded(path)
    if len(raw) > MAX_FILE_BYTES:
        expected = f"at most {MAX_FILE_BYTES} bytes (1 MiB)"
        raise ThreatModelError("file is too large", source=str(path), expected=expected)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = f"is not UTF-8 text (bad byte at offset {exc.start})"
        raise ThreatModelError(problem, source=str(path), expected="a UTF-8 file") from None


class IndentedDumper(yaml.SafeDumper):
    """Indents list items under their key, as people write YAML by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_list(dumper: yaml.SafeDumper, items: list[object]) -> yaml.Node:
    """Short lists of short words on one line (`[png, jpg]`); sentences one per line."""
    words = [item for item in items if isinstance(item, str) and len(item) <= 30]
    flow = len(words) == len(items) and sum(len(word) + 2 for word in words) <= 60
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    # PyYAML writes these line breaks unquoted, then reads them back folded into spaces.
    style = '"' if any(char in text for char in "\r\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


IndentedDumper.add_representer(list, _represent_list)
IndentedDumper.add_representer(str, _represent_text)
