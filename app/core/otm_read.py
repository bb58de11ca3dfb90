"""Small readers for OTM documents, and the list of what an import left behind.

Each reader checks one raw value and, when it is wrong, raises a ThreatModelError naming the
OTM field (`dataflows[2].source`), like the readers of our own format do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# The same wording as errors in our own format ("got the text 'yes'").
from app.core.documents import At, clip, describe
from app.core.otm_mapping import EXTENSION_KEY

__all__ = ["At", "Notes", "UniqueNames", "clip", "describe"]


def one_of(options: Sequence[str]) -> str:
    return "one of " + ", ".join(options)


def mapping(value: object, at: At) -> dict[str, object]:
    if not isinstance(value, dict):
        at.fail(f"got {describe(value)}", "a mapping")
    for key in value:
        if not isinstance(key, str):
            at.fail(f"key {describe(key)} is not a field name", "text keys")
    return value


def optional_mapping(value: object, at: At) -> dict[str, object] | None:
    """OTM writes `attributes:` with no value for "none"; so does its own example."""
    return None if value is None else mapping(value, at)


def items(value: object, at: At) -> list[object] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        at.fail(f"got {describe(value)}", "a list")
    return value


def required(element: dict[str, object], key: str, at: At) -> object:
    if key not in element:
        at.fail(f"missing required key {key!r}")
    return element[key]


def text(value: object, at: At) -> str:
    if not isinstance(value, str):
        at.fail(f"got {describe(value)}", "a string")
    return value


def optional_text(value: object, at: At) -> str | None:
    return None if value is None else text(value, at)


def name(value: object, at: At) -> str:
    result = text(value, at)
    if not result.strip():
        at.fail("is empty", "a non-empty string")
    return result


def flag(value: object, at: At) -> bool | None:
    if value is not None and not isinstance(value, bool):
        at.fail(f"got {describe(value)}", "true or false")
    return value


def rating(value: object, at: At) -> float:
    """OTM's 0-100 scales (trustRating, confidentiality)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        at.fail(f"got {describe(value)}", "a number from 0 to 100")
    return value


def choice(value: object, options: Sequence[str], at: At) -> str:
    if not isinstance(value, str) or value not in options:
        at.fail(f"got {describe(value)}", one_of(options))
    return value


def is_empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def label_of(item: object) -> str | None:
    """How a warning names an OTM element: its name, else its id."""
    if isinstance(item, dict):
        for key in ("name", "id"):
            if isinstance(item.get(key), str):
                return str(item[key])
    return None


class Notes:
    """Warnings, one line per kind of loss, naming the elements it hit."""

    _SHOWN = 5

    def __init__(self) -> None:
        self._labels: dict[str, list[str]] = {}

    def add(self, message: str, label: str | None = None) -> None:
        labels = self._labels.setdefault(message, [])
        if label is not None and label not in labels:
            labels.append(label)

    def dropped(
        self, top: dict[str, object], mapped: Sequence[str], reasons: Mapping[str, str]
    ) -> None:
        """Top-level lists Airlock does not read (threats, mitigations, ...), item by item."""
        for key, value in top.items():
            if key in mapped or is_empty(value):
                continue
            message = reasons.get(key, f"{key} not imported (not an OTM field Airlock reads)")
            labels = [label_of(item) for item in value] if isinstance(value, list) else [None]
            for label in labels:
                self.add(message, label)

    def extra_fields(
        self,
        section: str,
        element: dict[str, object],
        mapped: Sequence[str],
        label: str | None,
        *,
        prefix: str = "",
    ) -> None:
        """One note per field of `element` that Airlock does not keep."""
        for key, value in element.items():
            if key == "attributes":
                if isinstance(value, dict) and any(k != EXTENSION_KEY for k in value):
                    self._field(section, f"attributes other than {EXTENSION_KEY}", label)
            elif key not in mapped and not is_empty(value):
                self._field(section, prefix + key, label)

    def _field(self, section: str, what: str, label: str | None) -> None:
        """`assets: risk.comment not imported: Card data`; a lone element lists its fields."""
        if label is None:
            self.add(f"{section}: fields not imported", what)
        else:
            self.add(f"{section}: {what} not imported", label)

    def lines(self) -> tuple[str, ...]:
        return tuple(self._line(message, labels) for message, labels in self._labels.items())

    def _line(self, message: str, labels: list[str]) -> str:
        if not labels:
            return message
        shown = ", ".join(clip(label, 40) for label in labels[: self._SHOWN])
        more = len(labels) - self._SHOWN
        return f"{message}: {shown}" + (f" and {more} more" if more > 0 else "")


@dataclass
class UniqueNames:
    """Airlock needs unique names per section, OTM only unique ids: rename, do not refuse."""

    section: str
    notes: Notes
    taken: set[str] = field(default_factory=set)

    def take(self, name: str) -> str:
        unique, number = name, 2
        while unique in self.taken:
            unique, number = f"{name} ({number})", number + 1
        if unique != name:
            message = f"{self.section}: duplicate names renamed (Airlock needs unique names)"
            self.notes.add(message, f"{name!r} -> {unique!r}")
        self.taken.add(unique)
        return unique
