"""OTM test data: the published OTM 0.2.0 JSON schema (see README.md) and a foreign sample."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema

HERE = Path(__file__).parent
SCHEMA_FILE = HERE / "otm-0.2.0.schema.json"
# The reviewed copy: iriusrisk/OpenThreatModel otm_schema.json, $id otm-0.2.0, unchanged.
SCHEMA_SHA256 = "349394d3fd38f0492cef7c154014c623db7b858a5cb16180b26f0af8b6098660"
FOREIGN_SAMPLE = HERE / "foreign-shop.otm.yaml"


@functools.cache
def _schema() -> dict[str, Any]:
    raw = SCHEMA_FILE.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SCHEMA_SHA256, "the OTM schema copy changed"
    schema: dict[str, Any] = json.loads(raw)
    jsonschema.Draft7Validator.check_schema(schema)
    return schema


def schema_errors(document: object) -> list[str]:
    """Every way `document` breaks the OTM 0.2.0 schema, as `path: message` lines."""
    validator = jsonschema.Draft7Validator(_schema())
    return sorted(f"{e.json_path}: {e.message}" for e in validator.iter_errors(document))


def unknown_fields(document: object) -> list[str]:
    """Keys the schema does not define. It allows any (no additionalProperties: false), so
    this is the stricter check that our export only writes fields OTM defines."""
    found: list[str] = []
    _walk(document, _schema(), "$", found)
    return found


def _walk(value: object, schema: dict[str, Any], path: str, found: list[str]) -> None:
    if "$ref" in schema:
        schema = _schema()["definitions"][schema["$ref"].rsplit("/", 1)[-1]]
    properties = schema.get("properties")
    if isinstance(value, dict) and properties is not None:
        for key, item in value.items():
            if key not in properties:
                found.append(f"{path}.{key}")
            elif key != "attributes":  # free-form by definition
                _walk(item, properties[key], f"{path}.{key}", found)
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            _walk(item, schema["items"], f"{path}[{i}]", found)
