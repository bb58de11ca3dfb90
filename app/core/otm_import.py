"""Open Threat Model (OTM) documents in: an Airlock threat model plus what did not fit.

Two kinds of document arrive. Ones Airlock wrote carry `airlock` blocks in their attributes and
come back exactly as they went out. Foreign ones (IriusRisk, StartLeft, written by hand) map
onto defaults: trust from trust ratings, classification from confidentiality, components named
in flows; each kind of thing dropped becomes one warning line. Where an OTM field and our
extension disagree (a zone re-rated in another tool after export) the OTM field wins, with a
warning. The result is validated like any Airlock document; every error names the OTM field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field

from app.core import otm_read as read
from app.core.errors import ThreatModelError
from app.core.otm_mapping import (
    EXTENSION_FORMAT,
    EXTENSION_KEY,
    PROJECT_FIELDS,
    READABLE_OTM_VERSIONS,
    SECTIONS,
    classification_for,
    confidentiality_for,
    rating_for_trust,
    trust_for_rating,
)
from app.core.otm_read import At
from app.core.threat_model import (
    CLASSIFICATIONS,
    FORMAT_VERSION,
    TRUST_LEVELS,
    VERSION_KEY,
    ThreatModel,
    threat_model_from_dict,
)

_Record = dict[str, object]

_MAPPED_TOP_LEVEL = ("otmVersion", "project", "assets", "trustZones", "components", "dataflows")
# Whole OTM lists Airlock drops, and why; a warning names each dropped item.
_DROPPED_LISTS = {
    "threats": "threats not imported (Airlock keeps no threat list; reviews look for them in code)",
    "mitigations": "mitigations not imported (Airlock's policies say what code must do instead)",
    "representations": "representations not imported (Airlock has no diagrams or code links)",
}
_PROJECT_EXTENSION = ("format", "unstated", *PROJECT_FIELDS)
_ZONE_EXTENSION = ("trust", "synthetic")
_ASSET_EXTENSION = ("classification", "pii", "credentials")
_COMPONENT_EXTENSION = ("kind", "trust")
_FLOW_EXTENSION = ("protocol", "authentication", "data")
_COMPONENT_KINDS = ("actor", "endpoint")
# An Airlock field path's first step: `policies`, `assets[2]`.
_HEAD = re.compile(r"(\w+(?:\[\d+\])?)(.*)", re.DOTALL)


@dataclass(frozen=True)
class OtmImport:
    """An imported model, the OTM `project.id` and version, and what was not imported."""

    model: ThreatModel
    project_id: str
    otm_version: str
    warnings: tuple[str, ...] = ()


def threat_model_from_otm(document: object, *, source: str = "<OTM>") -> OtmImport:
    """Map a parsed OTM document onto a validated ThreatModel; raises ThreatModelError."""
    return _Importer(At(source)).run(document)


def _flow_description(flow_name: str | None, description: str | None) -> str | None:
    """A foreign flow's name says what it is; Airlock flows have only a description."""
    if not flow_name or not flow_name.strip() or flow_name == description:
        return description
    return flow_name if description is None else f"{flow_name}: {description}"


@dataclass
class _Importer:
    root: At
    notes: read.Notes = field(default_factory=read.Notes)
    # Airlock field prefix (`assets[0]`) -> the OTM path of the extension it came from.
    origins: dict[str, str] = field(default_factory=dict)
    asset_names: dict[str, str] = field(default_factory=dict)  # OTM id -> Airlock name
    zone_names: dict[str, str] = field(default_factory=dict)
    component_names: dict[str, str] = field(default_factory=dict)
    parents: list[tuple[object, At]] = field(default_factory=list)

    def run(self, document: object) -> OtmImport:
        if not isinstance(document, dict):
            expected = "an OTM document: a mapping with otmVersion and project"
            self.root.fail(f"the document is {read.describe(document)}, not a mapping", expected)
        top = read.mapping(document, self.root)
        version = self._version(top)
        head, project_id, unstated = self._project(top)
        self.notes.dropped(top, _MAPPED_TOP_LEVEL, _DROPPED_LISTS)
        found = {
            "assets": self._assets(top),
            "trust_zones": self._zones(top),
            "actors": self._components(top),
            "data_flows": self._flows(top),
        }
        body = {**head, **self._sections(found, unstated)}
        try:
            model = threat_model_from_dict(body, source=self.root.source)
        except ThreatModelError as exc:
            raise self._relocated(exc) from None
        return OtmImport(model, project_id, version, self.notes.lines())

    # --- The document and the project ---

    def _version(self, top: dict[str, object]) -> str:
        value = read.required(top, "otmVersion", self.root)
        if not isinstance(value, str) or value not in READABLE_OTM_VERSIONS:
            where = self.root.key("otmVersion")
            where.fail(
                f"unsupported version: {read.describe(value)}", read.one_of(READABLE_OTM_VERSIONS)
            )
        return value

    def _extension(
        self, element: dict[str, object], at: At, allowed: Sequence[str]
    ) -> dict[str, object] | None:
        """The element's `attributes.airlock` block, or None for an element we did not write."""
        attributes = read.optional_mapping(element.get("attributes"), at.key("attributes"))
        if attributes is None or EXTENSION_KEY not in attributes:
            return None
        where = at.key("attributes").key(EXTENSION_KEY)
        extension = read.mapping(attributes[EXTENSION_KEY], where)
        for key in extension:
            if key not in allowed:
                where.key(key).fail("unknown key", read.one_of(allowed))
        return extension

    def _project(self, top: dict[str, object]) -> tuple[dict[str, object], str, set[str] | None]:
        """The Airlock document's top level, OTM's project id, and the sections ours left
        unstated (None: not written by Airlock)."""
        at = self.root.key("project")
        project = read.mapping(read.required(top, "project", self.root), at)
        head: dict[str, object] = {
            VERSION_KEY: FORMAT_VERSION,
            "name": read.name(read.required(project, "name", at), at.key("name")),
        }
        project_id = read.text(read.required(project, "id", at), at.key("id"))
        description = read.optional_text(project.get("description"), at.key("description"))
        if description is not None:
            head["description"] = description
        self.notes.extra_fields("project", project, ("name", "id", "description"), None)
        extension = self._extension(project, at, _PROJECT_EXTENSION)
        if extension is None:
            return head, project_id, None
        return head, project_id, self._project_extension(extension, at, head)

    def _project_extension(
        self, extension: dict[str, object], at: At, head: dict[str, object]
    ) -> set[str]:
        """Moves our top-level fields into `head`; returns the sections left unstated."""
        where = at.key("attributes").key(EXTENSION_KEY)
        version = extension.get("format", EXTENSION_FORMAT)
        if isinstance(version, bool) or version != EXTENSION_FORMAT:
            problem = f"unsupported version: {read.describe(version)}"
            where.key("format").fail(problem, str(EXTENSION_FORMAT))
        self.origins.update({key: where.key(key).path for key in PROJECT_FIELDS})
        head.update({key: extension[key] for key in PROJECT_FIELDS if key in extension})
        unstated_at = where.key("unstated")
        listed = read.items(extension.get("unstated"), unstated_at) or []
        return {read.choice(s, SECTIONS, unstated_at.index(i)) for i, s in enumerate(listed)}

    def _sections(
        self, found: dict[str, list[_Record] | None], unstated: set[str] | None
    ) -> dict[str, object]:
        """OTM cannot say "not stated" for every list; ours name those under `unstated`,
        and a foreign document has not stated what it leaves out."""
        sections: dict[str, object] = {}
        for section in SECTIONS:
            records = found[section]
            if records or (unstated is None and records is not None):
                sections[section] = records
            elif unstated is not None and section not in unstated:
                sections[section] = []
        return sections

    # --- What could not be carried over ---

    def _relocated(self, error: ThreatModelError) -> ThreatModelError:
        """An error in the assembled Airlock document, pointed back at the OTM field."""
        if error.field is None:
            return error
        match = _HEAD.match(error.field)
        head, rest = match.groups() if match else (error.field, "")
        origin = self.origins.get(head)
        where = origin + rest if origin else error.field
        return ThreatModelError(
            error.problem, source=error.source, field=where, expected=error.expected
        )

    def _reconcile(
        self,
        extension: dict[str, object] | None,
        key: str,
        native: float,
        *,
        at: At,
        scale: tuple[Sequence[str], Callable[[str | None], int], Callable[[float], str]],
        message: str,
        label: str,
    ) -> str | None:
        """A level OTM also rates: the extension's, unless the rating was changed since."""
        options, to_rating, from_rating = scale
        if extension is None:
            return from_rating(native)
        where = at.key("attributes").key(EXTENSION_KEY).key(key)
        stated = read.choice(extension[key], options, where) if key in extension else None
        if to_rating(stated) == native:
            return stated
        derived = from_rating(native)
        self.notes.add(message, f"{label} -> {derived}")
        return derived

    # --- The sections ---

    def _new_id(self, element: dict[str, object], at: At, seen: Container[str]) -> str:
        value = read.name(read.required(element, "id", at), at.key("id"))
        if value in seen:
            at.key("id").fail(f"{read.clip(value)!r} is used twice", "unique ids")
        return value

    def _described(self, record: _Record, element: dict[str, object], at: At) -> _Record:
        description = read.optional_text(element.get("description"), at.key("description"))
        return record if description is None else {**record, "description": description}

    def _assets(self, top: dict[str, object]) -> list[_Record] | None:
        at = self.root.key("assets")
        raw = read.items(top.get("assets"), at)
        if raw is None:
            return None
        names = read.UniqueNames("assets", self.notes)
        records: list[_Record] = []
        for i, item in enumerate(raw):
            records.append(self._asset(item, at.index(i), names, position=len(records)))
        return records

    def _asset(self, item: object, at: At, names: read.UniqueNames, *, position: int) -> _Record:
        element = read.mapping(item, at)
        asset_id = self._new_id(element, at, self.asset_names)
        name = names.take(read.name(read.required(element, "name", at), at.key("name")))
        self.asset_names[asset_id] = name
        extension = self._extension(element, at, _ASSET_EXTENSION)
        risk_at = at.key("risk")
        risk = read.mapping(read.required(element, "risk", at), risk_at)
        confidentiality = read.rating(
            read.required(risk, "confidentiality", risk_at), risk_at.key("confidentiality")
        )
        classification = self._reconcile(
            extension,
            "classification",
            confidentiality,
            at=at,
            scale=(CLASSIFICATIONS, confidentiality_for, classification_for),
            message="assets: risk.confidentiality changed since export; classification follows it",
            label=name,
        )
        record: _Record = {"name": name}
        if classification is not None:
            record["classification"] = classification
        record.update({k: v for k, v in (extension or {}).items() if k in ("pii", "credentials")})
        self.origins[f"assets[{position}]"] = at.key("attributes").key(EXTENSION_KEY).path
        if extension is None:
            self.notes.extra_fields("assets", risk, ("confidentiality",), name, prefix="risk.")
        self.notes.extra_fields("assets", element, ("id", "name", "description", "risk"), name)
        return self._described(record, element, at)

    def _zones(self, top: dict[str, object]) -> list[_Record] | None:
        at = self.root.key("trustZones")
        raw = read.items(top.get("trustZones"), at)
        if raw is None:
            return None
        names = read.UniqueNames("trustZones", self.notes)
        records: list[_Record] = []
        for i, item in enumerate(raw):
            record = self._zone(item, at.index(i), names, position=len(records))
            if record is not None:
                records.append(record)
        return records

    def _zone(
        self, item: object, at: At, names: read.UniqueNames, *, position: int
    ) -> _Record | None:
        element = read.mapping(item, at)
        zone_id = self._new_id(element, at, self.zone_names)
        name = read.name(read.required(element, "name", at), at.key("name"))
        extension = self._extension(element, at, _ZONE_EXTENSION)
        risk_at = at.key("risk")
        risk = read.mapping(read.required(element, "risk", at), risk_at)
        trust_rating = read.rating(
            read.required(risk, "trustRating", risk_at), risk_at.key("trustRating")
        )
        self.parents.append((element.get("parent"), at.key("parent")))
        synthetic_at = at.key("attributes").key(EXTENSION_KEY).key("synthetic")
        if extension is not None and read.flag(extension.get("synthetic"), synthetic_at):
            self.zone_names[zone_id] = name  # our stand-in: flows may still name it
            return None
        name = self.zone_names[zone_id] = names.take(name)
        trust = self._reconcile(
            extension,
            "trust",
            trust_rating,
            at=at,
            scale=(TRUST_LEVELS, rating_for_trust, trust_for_rating),
            message="trustZones: risk.trustRating changed since export; trust follows it",
            label=name,
        )
        self.notes.extra_fields("trustZones", element, ("id", "name", "description", "risk"), name)
        self.origins[f"trust_zones[{position}]"] = at.key("attributes").key(EXTENSION_KEY).path
        record: _Record = {"name": name} if trust is None else {"name": name, "trust": trust}
        return self._described(record, element, at)

    def _components(self, top: dict[str, object]) -> list[_Record] | None:
        """Our actors come back as actors; every other component only names flow endpoints."""
        at = self.root.key("components")
        names = read.UniqueNames("actors", self.notes)
        actors: list[_Record] = []
        for i, item in enumerate(read.items(top.get("components"), at) or []):
            actor = self._component(item, at.index(i), names, position=len(actors))
            if actor is not None:
                actors.append(actor)
        self._check_parents()
        return actors or None

    def _component(
        self, item: object, at: At, names: read.UniqueNames, *, position: int
    ) -> _Record | None:
        element = read.mapping(item, at)
        component_id = self._new_id(element, at, self.component_names)
        name = self.component_names[component_id] = read.name(
            read.required(element, "name", at), at.key("name")
        )
        self.parents.append((element.get("parent"), at.key("parent")))
        extension = self._extension(element, at, _COMPONENT_EXTENSION)
        if extension is None:
            message = "components not imported (Airlock has no component list; flows name them)"
            self.notes.add(message, name)
            return None
        where = at.key("attributes").key(EXTENSION_KEY)
        kind = read.choice(
            read.required(extension, "kind", where), _COMPONENT_KINDS, where.key("kind")
        )
        mapped = ("id", "name", "type", "parent")
        if kind == "endpoint":
            self.notes.extra_fields("components", element, mapped, name)
            return None
        name = self.component_names[component_id] = names.take(name)
        self.notes.extra_fields("components", element, (*mapped, "description"), name)
        self.origins[f"actors[{position}]"] = where.path
        record: _Record = {"name": name}
        if "trust" in extension:
            record["trust"] = extension["trust"]
        return self._described(record, element, at)

    def _check_parents(self) -> None:
        """A parent is a trust zone or a component of this document, like the schema says."""
        targets = {"trustZone": self.zone_names, "component": self.component_names}
        for value, at in self.parents:
            parent = read.optional_mapping(value, at) or {}
            for kind, known in targets.items():
                if kind in parent:
                    target = read.text(parent[kind], at.key(kind))
                    if target not in known:
                        wanted = "a trust zone" if kind == "trustZone" else "a component"
                        at.key(kind).fail(f"{read.clip(target)!r} is not the id of {wanted}")

    def _flows(self, top: dict[str, object]) -> list[_Record] | None:
        at = self.root.key("dataflows")
        raw = read.items(top.get("dataflows"), at)
        if raw is None:
            return None
        seen: set[str] = set()
        records: list[_Record] = []
        for i, item in enumerate(raw):
            records.extend(self._flow(item, at.index(i), seen, position=len(records)))
        return records

    def _flow(self, item: object, at: At, seen: set[str], *, position: int) -> list[_Record]:
        element = read.mapping(item, at)
        seen.add(self._new_id(element, at, seen))
        extension = self._extension(element, at, _FLOW_EXTENSION)
        source = self._endpoint(read.required(element, "source", at), at.key("source"))
        destination = self._endpoint(
            read.required(element, "destination", at), at.key("destination")
        )
        record: _Record = {"source": source, "destination": destination}
        record.update({k: v for k, v in (extension or {}).items() if k != "data"})
        data = self._flow_data(element, extension, at)
        if data is not None:
            record["data"] = data
        description = read.optional_text(element.get("description"), at.key("description"))
        if extension is None:
            flow_name = read.optional_text(element.get("name"), at.key("name"))
            description = _flow_description(flow_name, description)
        if description is not None:
            record["description"] = description
        label = read.label_of(element) or f"{source} -> {destination}"
        mapped = ("id", "name", "description", "source", "destination", "assets", "bidirectional")
        self.notes.extra_fields("dataflows", element, mapped, label)
        flows = [record]
        if read.flag(element.get("bidirectional"), at.key("bidirectional")):
            self.notes.add("dataflows: bidirectional flows imported as two, one each way", label)
            flows.append({**record, "source": destination, "destination": source})
        for offset in range(len(flows)):
            origin = at.key("attributes").key(EXTENSION_KEY).path
            self.origins[f"data_flows[{position + offset}]"] = origin
        return flows

    def _endpoint(self, value: object, at: At) -> str:
        """Flows connect components; Airlock's name zones too, so accept a zone's id as well."""
        endpoint_id = read.text(value, at)
        found = self.component_names.get(endpoint_id, self.zone_names.get(endpoint_id))
        if found is None:
            at.fail(f"{read.clip(endpoint_id)!r} is not the id of a component or trust zone")
        return found

    def _flow_data(
        self, element: dict[str, object], extension: dict[str, object] | None, at: At
    ) -> object:
        if extension is not None and "data" in extension:
            return extension["data"]  # checked with the rest of the model
        assets_at = at.key("assets")
        raw = read.items(element.get("assets"), assets_at)
        if raw is None:
            return None
        names: list[str] = []
        for j, item in enumerate(raw):
            if item is None:  # the schema allows null entries; they name nothing
                continue
            asset_id = read.text(item, assets_at.index(j))
            if asset_id not in self.asset_names:
                assets_at.index(j).fail(f"{read.clip(asset_id)!r} is not the id of an asset")
            names.append(self.asset_names[asset_id])
        return names
