"""Threat-model interchange with the Open Threat Model (OTM), IriusRisk's open standard.

Export writes OTM 0.2.0 as JSON or YAML; import reads OTM 0.1.0 and 0.2.0 and our own format,
telling them apart by OTM's `otmVersion` key. An Airlock -> OTM -> Airlock trip loses nothing
(what OTM has no field for rides in `attributes.airlock`); a foreign OTM file becomes a valid
model plus warnings naming what was not imported. The mapping is in docs/otm.md; the two
directions live in `otm_export` and `otm_import`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import yaml

# The hardened readers of our own format (1 MiB bound, UTF-8, duplicate keys refused, alias
# bombs stopped, JSON read as JSON), so an OTM file gets exactly the same protection.
from app.core.documents import IndentedDumper as _Dumper
from app.core.documents import looks_like_json, parse_json, parse_yaml, read_file_text
from app.core.errors import UserInputError
from app.core.otm_export import threat_model_to_otm
from app.core.otm_import import OtmImport, threat_model_from_otm
from app.core.otm_mapping import OTM_VERSION, READABLE_OTM_VERSIONS
from app.core.threat_model import ThreatModel, threat_model_from_dict

__all__ = [
    "FILE_FORMATS",
    "OTM_SYNTAXES",
    "OTM_VERSION",
    "READABLE_OTM_VERSIONS",
    "LoadedThreatModel",
    "OtmImport",
    "dump_otm",
    "is_otm",
    "load_threat_model_file",
    "parse_otm",
    "threat_model_from_otm",
    "threat_model_to_otm",
]

log = logging.getLogger(__name__)

OTM_SYNTAXES = ("json", "yaml")
FILE_FORMATS = ("auto", "airlock", "otm")


@dataclass(frozen=True)
class LoadedThreatModel:
    """A model read from a file in either format, with what the import had to leave out."""

    model: ThreatModel
    format: str  # "airlock" or "otm"
    warnings: tuple[str, ...] = ()
    project_id: str | None = None  # OTM's project.id


def dump_otm(tm: ThreatModel, syntax: str = "json", *, project_id: str) -> str:
    """The model as an OTM document: JSON (indent 2) or YAML (block style, OTM key order)."""
    document = threat_model_to_otm(tm, project_id=project_id)
    if syntax == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if syntax == "yaml":
        text = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
        return str(text)
    raise UserInputError(f"unknown OTM syntax {syntax!r} (expected json or yaml)")


def _parse_document(text: str, source: str) -> object:
    if source.lower().endswith(".json") or looks_like_json(text):
        return parse_json(text, source)
    return parse_yaml(text, source)


def parse_otm(text: str, *, source: str) -> OtmImport:
    """Parse OTM as JSON (a .json source, or text starting `{"`) or YAML, and import it."""
    return threat_model_from_otm(_parse_document(text, source), source=source)


def is_otm(document: object) -> bool:
    """OTM documents are told apart by their required `otmVersion` key."""
    return isinstance(document, dict) and "otmVersion" in document


def load_threat_model_file(path: Path, *, fmt: str = "auto") -> LoadedThreatModel:
    """Read a threat model in Airlock's format or OTM (`auto`: OTM if it has otmVersion)."""
    if fmt not in FILE_FORMATS:
        raise UserInputError(f"unknown threat-model format {fmt!r} (expected auto, airlock or otm)")
    source = str(path)
    document = _parse_document(read_file_text(path), source)
    if fmt == "otm" or (fmt == "auto" and is_otm(document)):
        result = threat_model_from_otm(document, source=source)
        log.debug(
            "imported OTM %s from %s: %d warnings", result.otm_version, path, len(result.warnings)
        )
        return LoadedThreatModel(result.model, "otm", result.warnings, result.project_id)
    return LoadedThreatModel(threat_model_from_dict(document, source=source), "airlock")
