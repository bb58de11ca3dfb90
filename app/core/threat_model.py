"""The threat model: what an application protects, from whom, and the rules its code must keep.

Airlock reads it from YAML or JSON (`airlock_threat_model: 1`), validates it strictly so that a
typo never silently weakens a review, writes it back without loss, and hands a compact rendering
of it to the prompts (`threat_model_render`). The format reference is docs/threat-model.md.
"""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import yaml

from app.core.documents import MAX_FILE_BYTES as MAX_FILE_BYTES
from app.core.documents import MAX_NODES as MAX_NODES
from app.core.documents import SCALAR_ERRORS
from app.core.documents import At as _At
from app.core.documents import IndentedDumper as _IndentedDumper
from app.core.documents import clip as _clip
from app.core.documents import describe as _describe
from app.core.documents import looks_like_json as _looks_like_json
from app.core.documents import parse_json as _parse_json
from app.core.documents import parse_yaml as _parse_yaml
from app.core.documents import read_file_text as _read_file_text
from app.core.documents import yaml_problem as _yaml_problem
from app.core.errors import UserInputError
from app.core.resources import resource_path
from app.core.threat_model_render import render_for_prompt as render_for_prompt

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
VERSION_KEY = "airlock_threat_model"

EXPOSURES = ("internet", "internal", "local")
CLASSIFICATIONS = ("public", "internal", "confidential", "restricted")
TRUST_LEVELS = ("untrusted", "authenticated", "privileged")
SECRET_SOURCES = ("environment", "vault", "kms", "file")


# --- The model. Field order is the document's key order; None means "not stated". ---


@dataclass(frozen=True)
class Asset:
    """Something worth protecting: data, credentials, a service."""

    name: str
    classification: str | None = None
    pii: bool | None = None
    credentials: bool | None = None
    description: str | None = None


@dataclass(frozen=True)
class Actor:
    """Someone or something that interacts with the system."""

    name: str
    trust: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class TrustZone:
    """A part of the system within which everything shares one trust level."""

    name: str
    trust: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class DataFlow:
    """Data moving from one actor, zone or component to another."""

    source: str
    destination: str
    protocol: str | None = None
    authentication: str | None = None
    data: tuple[str, ...] | None = None
    description: str | None = None


@dataclass(frozen=True)
class AuthenticationPolicy:
    required: bool | None = None
    public_paths: tuple[str, ...] | None = None
    methods: tuple[str, ...] | None = None


@dataclass(frozen=True)
class FileUploadPolicy:
    allowed_extensions: tuple[str, ...] | None = None
    max_bytes: int | None = None
    storage: str | None = None
    executable: bool | None = None
    overwrite: bool | None = None
    malware_scan: bool | None = None


@dataclass(frozen=True)
class LoggingPolicy:
    forbidden_fields: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ErrorsPolicy:
    expose_details: bool | None = None


@dataclass(frozen=True)
class CryptoPolicy:
    password_hashing: tuple[str, ...] | None = None
    forbidden: tuple[str, ...] | None = None


@dataclass(frozen=True)
class SecretsPolicy:
    source: str | None = None


@dataclass(frozen=True)
class RateLimitingPolicy:
    required: bool | None = None
    requests_per_minute: int | None = None


@dataclass(frozen=True)
class CorsPolicy:
    allowed_origins: tuple[str, ...] | None = None
    allow_credentials: bool | None = None


@dataclass(frozen=True)
class Policies:
    """The rules the code must keep; each one is optional."""

    authentication: AuthenticationPolicy | None = None
    file_upload: FileUploadPolicy | None = None
    logging: LoggingPolicy | None = None
    errors: ErrorsPolicy | None = None
    crypto: CryptoPolicy | None = None
    secrets: SecretsPolicy | None = None
    rate_limiting: RateLimitingPolicy | None = None
    cors: CorsPolicy | None = None


@dataclass(frozen=True)
class EntryPointsSection:
    """Where caller input enters code that defines no routes (docs/threat-model.md)."""

    library_parameters: bool | None = None  # public functions of library code: default on
    functions: tuple[str, ...] | None = None  # "name", "Class.method" or "module:name"


@dataclass(frozen=True)
class ThreatModel:
    """One application's threat model. Only `name` is required."""

    name: str
    description: str | None = None
    exposure: str | None = None
    compliance: tuple[str, ...] | None = None
    assets: tuple[Asset, ...] | None = None
    actors: tuple[Actor, ...] | None = None
    trust_zones: tuple[TrustZone, ...] | None = None
    data_flows: tuple[DataFlow, ...] | None = None
    policies: Policies | None = None
    assumptions: tuple[str, ...] | None = None
    notes: str | None = None
    entry_points: EntryPointsSection | None = None


# --- Validation: small readers, each turning one raw value into a typed one or failing. ---


_T = TypeVar("_T")
_D = TypeVar("_D", bound="DataclassInstance")
_Reader = Callable[[object, _At], _T]


def _one_of(options: tuple[str, ...] | list[str]) -> str:
    return "one of " + ", ".join(options)


def _read_text(value: object, at: _At) -> str:
    if not isinstance(value, str):
        at.fail(f"got {_describe(value)}", "a string")
    return value


def _read_name(value: object, at: _At) -> str:
    text = _read_text(value, at)
    if not text.strip():
        at.fail("is empty", "a non-empty string")
    return text


def _read_flag(value: object, at: _At) -> bool:
    if not isinstance(value, bool):
        at.fail(f"got {_describe(value)}", "true or false")
    return value


def _read_positive_int(value: object, at: _At) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        at.fail(f"got {_describe(value)}", "a whole number greater than 0")
    return value


def _choice(options: tuple[str, ...]) -> _Reader[str]:
    def read(value: object, at: _At) -> str:
        if not isinstance(value, str):
            at.fail(f"got {_describe(value)}", _one_of(options))
        if value not in options:
            at.fail(f"{_clip(value)!r} is not allowed", _one_of(options))
        return value

    return read


def _matching(is_valid: Callable[[str], bool], expected: str) -> _Reader[str]:
    def read(value: object, at: _At) -> str:
        text = _read_name(value, at)
        if not is_valid(text):
            at.fail(f"{_clip(text)!r} is not allowed", expected)
        return text

    return read


def _list_of(read_item: _Reader[_T]) -> _Reader[tuple[_T, ...]]:
    def read(value: object, at: _At) -> tuple[_T, ...]:
        if not isinstance(value, list):
            at.fail(f"got {_describe(value)}", "a list")
        return tuple(read_item(item, at.index(i)) for i, item in enumerate(value))

    return read


def _mapping(value: object, at: _At, allowed: Mapping[str, object]) -> dict[str, object]:
    if not isinstance(value, dict):
        at.fail(f"got {_describe(value)}", "a mapping")
    for key in value:
        if not isinstance(key, str):
            at.fail(f"key {_describe(key)} is not a field name", _one_of(list(allowed)))
        if key not in allowed:
            at.key(key).fail("unknown key", _one_of(list(allowed)))
    return value


def _record(cls: type[_D], readers: Mapping[str, _Reader[object]]) -> _Reader[_D]:
    """A reader for one dataclass; its required keys are the fields without a default."""
    required = [f.name for f in fields(cls) if f.default is MISSING]

    def read(value: object, at: _At) -> _D:
        mapping = _mapping(value, at, readers)
        for key in required:
            if key not in mapping:
                at.fail(f"missing required key {key!r}")
        return cls(**{key: readers[key](item, at.key(key)) for key, item in mapping.items()})

    return read


def _is_extension(text: str) -> bool:
    return not text.startswith(".") and not any(c.isspace() or c in "/\\*" for c in text)


_read_names = _list_of(_read_name)
_read_extension = _matching(_is_extension, "a file extension without the dot, e.g. png")
_read_url_path = _matching(lambda text: text.startswith("/"), "a path starting with /")
_read_origin = _matching(
    lambda text: text == "*" or text.startswith(("https://", "http://")),
    "'*' or an origin such as https://app.example.com",
)
_read_trust = _choice(TRUST_LEVELS)

_read_asset = _record(
    Asset,
    {
        "name": _read_name,
        "classification": _choice(CLASSIFICATIONS),
        "pii": _read_flag,
        "credentials": _read_flag,
        "description": _read_text,
    },
)
_read_actor = _record(Actor, {"name": _read_name, "trust": _read_trust, "description": _read_text})
_read_zone = _record(
    TrustZone, {"name": _read_name, "trust": _read_trust, "description": _read_text}
)
_read_flow = _record(
    DataFlow,
    {
        "source": _read_name,
        "destination": _read_name,
        "protocol": _read_name,
        "authentication": _read_name,
        "data": _read_names,
        "description": _read_text,
    },
)
_read_policies = _record(
    Policies,
    {
        "authentication": _record(
            AuthenticationPolicy,
            {
                "required": _read_flag,
                "public_paths": _list_of(_read_url_path),
                "methods": _read_names,
            },
        ),
        "file_upload": _record(
            FileUploadPolicy,
            {
                "allowed_extensions": _list_of(_read_extension),
                "max_bytes": _read_positive_int,
                "storage": _read_name,
                "executable": _read_flag,
                "overwrite": _read_flag,
                "malware_scan": _read_flag,
            },
        ),
        "logging": _record(LoggingPolicy, {"forbidden_fields": _read_names}),
        "errors": _record(ErrorsPolicy, {"expose_details": _read_flag}),
        "crypto": _record(
            CryptoPolicy, {"password_hashing": _read_names, "forbidden": _read_names}
        ),
        "secrets": _record(SecretsPolicy, {"source": _choice(SECRET_SOURCES)}),
        "rate_limiting": _record(
            RateLimitingPolicy, {"required": _read_flag, "requests_per_minute": _read_positive_int}
        ),
        "cors": _record(
            CorsPolicy,
            {"allowed_origins": _list_of(_read_origin), "allow_credentials": _read_flag},
        ),
    },
)
_read_body = _record(
    ThreatModel,
    {
        "name": _read_name,
        "description": _read_text,
        "exposure": _choice(EXPOSURES),
        "compliance": _read_names,
        "assets": _list_of(_read_asset),
        "actors": _list_of(_read_actor),
        "trust_zones": _list_of(_read_zone),
        "data_flows": _list_of(_read_flow),
        "policies": _read_policies,
        "assumptions": _read_names,
        "notes": _read_text,
        "entry_points": _record(
            EntryPointsSection, {"library_parameters": _read_flag, "functions": _read_names}
        ),
    },
)


def _top_level(data: object, at: _At) -> dict[object, object]:
    expected = f"a mapping with {VERSION_KEY}: {FORMAT_VERSION} and a name"
    if data is None:
        at.fail("the document is empty", expected)
    if not isinstance(data, dict):
        at.fail(f"the document is {_describe(data)}, not a mapping", expected)
    return data


def _check_version(document: dict[object, object], at: _At) -> None:
    if VERSION_KEY not in document:
        at.fail(f"missing required key {VERSION_KEY!r}", f"{VERSION_KEY}: {FORMAT_VERSION}")
    version = document[VERSION_KEY]
    if isinstance(version, bool) or version != FORMAT_VERSION or not isinstance(version, int):
        at.key(VERSION_KEY).fail(f"unsupported version: {_describe(version)}", str(FORMAT_VERSION))


def _check_unique_names(model: ThreatModel, at: _At) -> None:
    sections: dict[str, tuple[Asset | Actor | TrustZone, ...] | None] = {
        "assets": model.assets,
        "actors": model.actors,
        "trust_zones": model.trust_zones,
    }
    for section, records in sections.items():
        seen: set[str] = set()
        for i, record in enumerate(records or ()):
            if record.name in seen:
                at.key(section).index(i).key("name").fail(
                    f"{_clip(record.name)!r} is declared twice", "unique names"
                )
            seen.add(record.name)


def _check_flow_data(model: ThreatModel, at: _At) -> None:
    """Flows may only carry declared assets (when the model declares any)."""
    if model.assets is None:
        return
    declared = [asset.name for asset in model.assets]
    expected = _one_of(declared) if declared else "an asset declared under assets"
    for i, flow in enumerate(model.data_flows or ()):
        for j, name in enumerate(flow.data or ()):
            if name not in declared:
                where = at.key("data_flows").index(i).key("data").index(j)
                where.fail(f"{_clip(name)!r} is not a declared asset", expected)


def threat_model_from_dict(data: object, *, source: str = "<threat model>") -> ThreatModel:
    """Validate a parsed document and build the model; raises ThreatModelError naming the field."""
    at = _At(source)
    document = _top_level(data, at)
    _check_version(document, at)
    model = _read_body({k: v for k, v in document.items() if k != VERSION_KEY}, at)
    _check_unique_names(model, at)
    _check_flow_data(model, at)
    return model


def _plain(value: object) -> object:
    """Dataclasses to dicts (leaving out None), tuples to lists."""
    if is_dataclass(value) and not isinstance(value, type):
        pairs = ((f.name, getattr(value, f.name)) for f in fields(value))
        return {name: _plain(item) for name, item in pairs if item is not None}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def threat_model_to_dict(tm: ThreatModel) -> dict[str, object]:
    """The document for a model, keys in format order; threat_model_from_dict's inverse."""
    body = _plain(tm)
    assert isinstance(body, dict)
    return {VERSION_KEY: FORMAT_VERSION, **body}


def parse_threat_model(text: str, *, source: str) -> ThreatModel:
    """Parse YAML or JSON text (JSON for a .json source or text starting `{"`) and validate it."""
    if source.lower().endswith(".json") or _looks_like_json(text):
        document = _parse_json(text, source)
    else:
        document = _parse_yaml(text, source)
    return threat_model_from_dict(document, source=source)


def load_threat_model(path: Path) -> ThreatModel:
    """Read, parse and validate a threat-model file; every failure names the file."""
    model = parse_threat_model(_read_file_text(path), source=str(path))
    log.debug("loaded threat model %r from %s", model.name, path)
    return model


def dump_threat_model(tm: ThreatModel, fmt: str = "yaml") -> str:
    """The model as YAML (block style, format key order) or JSON (indent 2)."""
    data = threat_model_to_dict(tm)
    if fmt == "yaml":
        text = yaml.dump(
            data, Dumper=_IndentedDumper, sort_keys=False, allow_unicode=True, width=100
        )
        return str(text)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    raise UserInputError(f"unknown threat-model format {fmt!r} (expected yaml or json)")


# --- set_key_path: edit one value of a document, e.g. from `airlock threat-model set`. ---


def _split_key_path(key_path: str, at: _At) -> list[str]:
    segments = key_path.strip().split(".")
    if not all(segments):
        at.fail("has an empty segment", "names and indices joined by dots, e.g. assets.0.name")
    return segments


def _parse_raw_value(raw_value: str, at: _At) -> object:
    if not raw_value.strip():
        at.fail("no value given", "a value, or null to remove the key")
    try:
        return yaml.safe_load(raw_value)
    except yaml.YAMLError as exc:
        at.fail(f"cannot read the value {_clip(raw_value)!r}: {_yaml_problem(exc)}")
    except SCALAR_ERRORS as exc:
        at.fail(f"cannot read the value {_clip(raw_value)!r}: {_clip(str(exc))}")


def _list_index(items: list[object], segment: str, at: _At, *, appending: bool) -> int:
    """A list position; `len(items)` is allowed when appending."""
    last = len(items) if appending else len(items) - 1
    expected = f"an index from 0 to {last}" if last >= 0 else "no index: the list is empty"
    if not (segment.isascii() and segment.isdigit()):
        at.fail(f"{segment!r} is not a list index", expected)
    if int(segment) > last:
        at.fail(f"index {segment} is out of range ({len(items)} items)", expected)
    return int(segment)


def _descend(container: object, segment: str, at: _At, *, create: bool) -> object:
    """The child at `segment`, creating a missing mapping (or appended item) when `create`."""
    if isinstance(container, dict):
        if container.get(segment) is None and create:
            container[segment] = {}
        return container.get(segment)
    if isinstance(container, list):
        index = _list_index(container, segment, at, appending=create)
        if index == len(container):
            container.append({})
        return container[index]
    at.fail(f"cannot go into {_describe(container)}", "a mapping or a list")


def _assign(container: object, segment: str, value: object, at: _At) -> None:
    """Set `segment` to `value`; None removes it."""
    if isinstance(container, dict):
        if value is None:
            container.pop(segment, None)
        else:
            container[segment] = value
    elif isinstance(container, list):
        index = _list_index(container, segment, at, appending=value is not None)
        if value is None:
            del container[index]
        elif index == len(container):
            container.append(value)
        else:
            container[index] = value
    else:
        at.fail(f"cannot go into {_describe(container)}", "a mapping or a list")


def set_key_path(
    data: dict[str, object], key_path: str, raw_value: str, *, source: str = "<set>"
) -> dict[str, object]:
    """A copy of `data` with the value at a dotted path (`assets.0.classification`) replaced.

    `raw_value` is read as YAML (`10485760`, `false`, `[GDPR, HIPAA]`); `null` removes the
    key or list item. Missing mappings on the way are created, and the index one past the
    end of a list appends. The result is not validated: pass it to threat_model_from_dict.
    """
    at = _At(source, key_path.strip())
    segments = _split_key_path(key_path, at)
    value = _parse_raw_value(raw_value, at)
    result = copy.deepcopy(data)
    container: object = result
    for segment in segments[:-1]:
        container = _descend(container, segment, at, create=value is not None)
        if container is None:  # removing something that is not there
            return result
    _assign(container, segments[-1], value, at)
    return result


# --- Templates shipped under resources/threat_models/. ---


def list_templates() -> list[str]:
    """The names of the shipped templates, without extension, sorted."""
    return sorted(path.stem for path in resource_path("threat_models").glob("*.yaml"))


def load_template(name: str) -> ThreatModel:
    """A shipped template by name (see list_templates)."""
    available = list_templates()
    if name not in available:
        choices = ", ".join(available) or "none installed"
        raise UserInputError(f"unknown threat-model template {name!r} (available: {choices})")
    return load_threat_model(resource_path("threat_models", f"{name}.yaml"))
