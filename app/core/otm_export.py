"""An Airlock threat model as an Open Threat Model (OTM 0.2.0) document.

Zones, assets and flows map onto their OTM namesakes; actors become components. What OTM has
no field for (trust levels, classifications, policies, ...) rides along in `airlock` blocks
under `attributes`, so `otm_import` gets back exactly the model that went out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.otm_mapping import (
    ACTOR_TYPE,
    ENDPOINT_TYPE,
    EXTENSION_FORMAT,
    EXTENSION_KEY,
    EXTERNAL_ZONE_DESCRIPTION,
    EXTERNAL_ZONE_ID,
    EXTERNAL_ZONE_NAME,
    EXTERNAL_ZONE_RATING,
    NOT_ASSESSED,
    OTM_VERSION,
    PROJECT_FIELDS,
    SECTIONS,
    IdMaker,
    confidentiality_for,
    rating_for_trust,
)
from app.core.threat_model import Asset, DataFlow, ThreatModel, TrustZone, threat_model_to_dict

_Element = dict[str, object]


def _extension(values: dict[str, object]) -> _Element:
    return {"attributes": {EXTENSION_KEY: values}}


def _stated(**values: object) -> dict[str, object]:
    return {key: value for key, value in values.items() if value is not None}


def _described(element: _Element, description: str | None) -> _Element:
    """The element with its description right after its name, where OTM readers look."""
    if description is None:
        return element
    head = dict(list(element.items())[:2])
    return {**head, "description": description, **element}


@dataclass
class _Components:
    """Flow endpoints as OTM components: OTM flows connect components, ours connect names."""

    ids: IdMaker
    zone_ids: dict[str, str]
    by_name: dict[str, str] = field(default_factory=dict)
    elements: list[_Element] = field(default_factory=list)

    def add_actor(self, name: str, trust: str | None, description: str | None) -> None:
        component_id = self.ids.make("actor", name)
        self.by_name.setdefault(name, component_id)
        element = {
            "id": component_id,
            "name": name,
            "type": ACTOR_TYPE,
            "parent": {"trustZone": EXTERNAL_ZONE_ID},
            **_extension(_stated(kind="actor", trust=trust)),
        }
        self.elements.append(_described(element, description))

    def endpoint(self, name: str) -> str:
        """The component id for a flow endpoint; a zone's name gets a stand-in inside the zone."""
        if name not in self.by_name:
            component_id = self.ids.make("endpoint", name)
            self.by_name[name] = component_id
            self.elements.append(
                {
                    "id": component_id,
                    "name": name,
                    "type": ENDPOINT_TYPE,
                    "parent": {"trustZone": self.zone_ids.get(name, EXTERNAL_ZONE_ID)},
                    **_extension({"kind": "endpoint"}),
                }
            )
        return self.by_name[name]

    def need_external_zone(self) -> bool:
        return any(e["parent"] == {"trustZone": EXTERNAL_ZONE_ID} for e in self.elements)


def _project(tm: ThreatModel, project_id: str) -> _Element:
    body = threat_model_to_dict(tm)
    extension: dict[str, object] = {"format": EXTENSION_FORMAT}
    extension.update({key: body[key] for key in PROJECT_FIELDS if key in body})
    unstated = [section for section in SECTIONS if getattr(tm, section) is None]
    if unstated:
        extension["unstated"] = unstated
    return _described({"name": tm.name, "id": project_id, **_extension(extension)}, tm.description)


def _asset(asset: Asset, asset_id: str) -> _Element:
    stated = asset.classification or "not stated"
    risk = {
        "confidentiality": confidentiality_for(asset.classification),
        "integrity": NOT_ASSESSED,
        "availability": NOT_ASSESSED,
        "comment": f"Airlock classification: {stated}; integrity and availability not assessed.",
    }
    extension = _stated(
        classification=asset.classification, pii=asset.pii, credentials=asset.credentials
    )
    element = {"id": asset_id, "name": asset.name, "risk": risk, **_extension(extension)}
    return _described(element, asset.description)


def _zone(zone: TrustZone, zone_id: str) -> _Element:
    element = {
        "id": zone_id,
        "name": zone.name,
        "risk": {"trustRating": rating_for_trust(zone.trust)},
        **_extension(_stated(trust=zone.trust)),
    }
    return _described(element, zone.description)


def _external_zone() -> _Element:
    return {
        "id": EXTERNAL_ZONE_ID,
        "name": EXTERNAL_ZONE_NAME,
        "description": EXTERNAL_ZONE_DESCRIPTION,
        "risk": {"trustRating": EXTERNAL_ZONE_RATING},
        **_extension({"synthetic": True}),
    }


def _flow(
    flow: DataFlow, flow_id: str, components: _Components, asset_ids: dict[str, str]
) -> _Element:
    element: _Element = {
        "id": flow_id,
        "name": f"{flow.source} -> {flow.destination}",
        "source": components.endpoint(flow.source),
        "destination": components.endpoint(flow.destination),
    }
    extension = _stated(protocol=flow.protocol, authentication=flow.authentication)
    if flow.data is not None:
        # OTM flows carry asset ids; names of undeclared assets only fit in the extension.
        if all(name in asset_ids for name in flow.data):
            element["assets"] = [asset_ids[name] for name in flow.data]
        else:
            extension["data"] = list(flow.data)
    return _described({**element, **_extension(extension)}, flow.description)


def threat_model_to_otm(tm: ThreatModel, *, project_id: str) -> dict[str, object]:
    """The OTM document for a model; `project_id` becomes `project.id`."""
    ids = IdMaker()
    asset_ids = {asset.name: ids.make("asset", asset.name) for asset in tm.assets or ()}
    zone_ids = {zone.name: ids.make("zone", zone.name) for zone in tm.trust_zones or ()}
    components = _Components(ids, zone_ids)
    for actor in tm.actors or ():
        components.add_actor(actor.name, actor.trust, actor.description)
    flows = [
        _flow(flow, f"flow-{number}", components, asset_ids)
        for number, flow in enumerate(tm.data_flows or (), start=1)
    ]
    zones = [_zone(zone, zone_ids[zone.name]) for zone in tm.trust_zones or ()]
    if components.need_external_zone():
        zones.append(_external_zone())
    return {
        "otmVersion": OTM_VERSION,
        "project": _project(tm, project_id),
        "assets": [_asset(asset, asset_ids[asset.name]) for asset in tm.assets or ()],
        "trustZones": zones,
        "components": components.elements,
        "dataflows": flows,
    }
