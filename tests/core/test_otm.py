"""Open Threat Model interchange: lossless round trips, schema-valid exports, foreign imports."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import threat_model as tm
from app.core.errors import ThreatModelError, UserInputError
from app.core.otm import (
    dump_otm,
    load_threat_model_file,
    parse_otm,
    threat_model_from_otm,
    threat_model_to_otm,
)
from app.core.threat_model import dump_threat_model, list_templates, load_template
from tests.core.test_threat_model_properties import models
from tests.otm import FOREIGN_SAMPLE, schema_errors, unknown_fields


def exported(template: str = "web-api") -> dict[str, Any]:
    return threat_model_to_otm(load_template(template), project_id="demo")


def assert_round_trips(model: tm.ThreatModel) -> None:
    document = threat_model_to_otm(model, project_id="p")
    assert schema_errors(document) == []
    assert unknown_fields(document) == []
    back = threat_model_from_otm(document)
    assert (back.model, back.warnings, back.project_id) == (model, (), "p")
    for syntax, source in (("json", "x.json"), ("yaml", "x.yaml"), ("json", "<stdin>")):
        assert parse_otm(dump_otm(model, syntax, project_id="p"), source=source).model == model


# --- Airlock -> OTM -> Airlock ---


@pytest.mark.parametrize("template", list_templates())
def test_every_template_round_trips_through_otm_json_and_yaml_without_warnings(
    template: str,
) -> None:
    assert_round_trips(load_template(template))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_any_valid_model_survives_airlock_otm_airlock(model: tm.ThreatModel) -> None:
    assert_round_trips(model)


def test_unstated_sections_stay_unstated_and_empty_ones_stay_empty() -> None:
    actor = tm.Actor("visitor", trust="untrusted")
    unstated = tm.ThreatModel("x", actors=(actor,))
    empty = tm.ThreatModel("x", assets=(), actors=(actor,), trust_zones=(), data_flows=())
    for model in (unstated, empty, tm.ThreatModel("x", actors=())):
        assert_round_trips(model)
    # The actor needs a zone in OTM: the stand-in zone is added, and dropped on the way back.
    zones = threat_model_to_otm(unstated, project_id="p")["trustZones"]
    assert [zone["id"] for zone in zones] == ["airlock-external"]


def test_flow_data_naming_undeclared_assets_rides_in_the_extension() -> None:
    flow = tm.DataFlow("a", "b", data=("photos",))
    model = tm.ThreatModel("x", data_flows=(flow,))
    (exported_flow,) = threat_model_to_otm(model, project_id="p")["dataflows"]
    assert "assets" not in exported_flow
    assert exported_flow["attributes"]["airlock"]["data"] == ["photos"]
    assert_round_trips(model)


def test_an_actor_and_a_zone_with_the_same_name_get_distinct_ids() -> None:
    model = tm.ThreatModel(
        "x",
        actors=(tm.Actor("ops"), tm.Actor("Ops!")),
        trust_zones=(tm.TrustZone("ops", trust="privileged"),),
        data_flows=(tm.DataFlow("ops", "Ops!"),),
    )
    document = threat_model_to_otm(model, project_id="p")
    ids = [e["id"] for key in ("trustZones", "components") for e in document[key]]
    assert len(ids) == len(set(ids))
    assert [c["id"] for c in document["components"]] == ["actor-ops", "actor-ops-2"]
    assert_round_trips(model)


def test_the_export_maps_levels_onto_otm_ratings() -> None:
    document = exported()
    ratings = {z["name"]: z["risk"]["trustRating"] for z in document["trustZones"]}
    assert ratings == {
        "internet": 1,
        "API service": 50,
        "database": 100,
        "External (added by Airlock)": 1,
    }
    confidentiality = {a["name"]: a["risk"]["confidentiality"] for a in document["assets"]}
    assert confidentiality["public catalogue"] == 0
    assert confidentiality["customer records"] == 67
    assert document["project"]["attributes"]["airlock"]["policies"]["secrets"] == {
        "source": "environment"
    }


def test_the_schema_check_catches_a_broken_document() -> None:
    document = exported()
    del document["trustZones"][0]["risk"]
    document["dataflows"][0]["bidirectional"] = "yes"
    document["components"][0]["colour"] = "red"
    assert len(schema_errors(document)) == 2
    assert unknown_fields(document) == ["$.components[0].colour"]


# --- Foreign OTM files ---


def foreign() -> Any:
    return yaml.safe_load(FOREIGN_SAMPLE.read_text(encoding="utf-8"))


def test_the_foreign_sample_is_valid_otm() -> None:
    assert schema_errors(foreign()) == []


def test_a_foreign_file_becomes_a_valid_model_with_sensible_defaults() -> None:
    result = threat_model_from_otm(foreign(), source="shop.yaml")
    model = result.model
    assert (model.name, result.project_id, result.otm_version) == (
        "Online shop",
        "online-shop",
        "0.1.0",
    )
    assert [(z.name, z.trust) for z in model.trust_zones or ()] == [
        ("Internet", "untrusted"),
        ("DMZ", "authenticated"),
        ("Private Secured", "privileged"),
        ("Internet (2)", "untrusted"),
    ]
    assert [(a.name, a.classification, a.pii) for a in model.assets or ()] == [
        ("Card data", "restricted", None),
        ("Product catalogue", "public", None),
    ]
    flows = [(f.source, f.destination, f.data, f.description) for f in model.data_flows or ()]
    assert flows == [
        ("Browser", "Shop web app", ("Card data", "Product catalogue"), "Browse and pay"),
        ("Shop web app", "Browser", ("Card data", "Product catalogue"), "Browse and pay"),
        ("Shop web app", "Orders database", ("Product catalogue",),
         "Store orders: Orders are written over TLS."),
        ("Orders database", "DMZ", None, "Backups leave the private zone"),
    ]  # fmt: skip
    assert (model.actors, model.policies, model.exposure) == (None, None, None)


def test_a_foreign_import_lists_what_it_dropped_one_line_per_kind() -> None:
    warnings = threat_model_from_otm(foreign()).warnings
    expected = [
        "project: fields not imported: owner, ownerContact, tags, attributes other than airlock",
        "representations not imported",
        "threats not imported (Airlock keeps no threat list; reviews look for them in code):"
        " Cross-site scripting, SQL injection",
        "mitigations not imported",
        "assets: risk.integrity not imported: Card data, Product catalogue",
        "assets: risk.comment not imported: Card data",
        "trustZones: parent not imported: Private Secured",
        "trustZones: duplicate names renamed (Airlock needs unique names):"
        " 'Internet' -> 'Internet (2)'",
        "components not imported (Airlock has no component list; flows name them):"
        " Browser, Shop web app, Orders database",
        "dataflows: tags not imported: Browse and pay",
        "dataflows: bidirectional flows imported as two, one each way: Browse and pay",
        "dataflows: threats not imported: Store orders",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in warnings), start
    assert len(warnings) == len(set(warnings))


def test_a_foreign_import_exported_again_comes_back_unchanged_and_quiet() -> None:
    first = threat_model_from_otm(foreign()).model
    assert_round_trips(first)


def test_a_minimal_foreign_document_is_a_model_with_only_a_name() -> None:
    document = {"otmVersion": "0.2.0", "project": {"name": "x", "id": "x"}}
    result = threat_model_from_otm(document)
    assert result.model == tm.ThreatModel("x")
    assert result.warnings == ()


def test_null_fields_as_otm_tools_write_them_are_read_as_absent() -> None:
    document = {
        "otmVersion": "0.2.0",
        "project": {"name": "x", "id": "x", "description": None, "attributes": None},
        "assets": None,
        "trustZones": [{"id": "z", "name": "Z", "risk": {"trustRating": 70}, "attributes": None}],
        "components": [
            {"id": "c", "name": "C", "type": "t", "parent": {"trustZone": "z"}, "tags": None}
        ],
        "dataflows": [{"id": "f", "name": "", "source": "c", "destination": "z", "assets": [None]}],
        "threats": None,
    }
    model = threat_model_from_otm(document).model
    assert model.trust_zones == (tm.TrustZone("Z", trust="privileged"),)
    assert model.data_flows == (tm.DataFlow("C", "Z", data=()),)
    assert model.assets is None


def test_a_rating_changed_after_export_wins_over_the_extension_with_a_warning() -> None:
    document = exported()
    document["trustZones"][1]["risk"]["trustRating"] = 90  # API service, was authenticated
    document["assets"][3]["risk"]["confidentiality"] = 40  # public catalogue, was public
    result = threat_model_from_otm(document)
    zones = {z.name: z.trust for z in result.model.trust_zones or ()}
    assert zones["API service"] == "privileged"
    assets = {a.name: a.classification for a in result.model.assets or ()}
    assert assets["public catalogue"] == "internal"
    assert any(
        "trustRating changed since export" in w and "API service" in w for w in result.warnings
    )
    assert any("confidentiality changed since export" in w for w in result.warnings)


# --- Errors name the OTM field ---


_DELETE = object()
_EXT = "attributes.airlock"
_DAMAGE = [
    ("otmVersion", "1.0", "demo.json: otmVersion: unsupported version: the text '1.0'"),
    ("otmVersion", _DELETE, "demo.json: missing required key 'otmVersion'"),
    ("project.name", _DELETE, "project: missing required key 'name'"),
    ("project.name", " ", "project.name: is empty"),
    (
        "dataflows.0.source",
        "x",
        "dataflows[0].source: 'x' is not the id of a component or trust zone",
    ),
    ("dataflows.1.assets.0", "x", "dataflows[1].assets[0]: 'x' is not the id of an asset"),
    (
        "components.0.parent.trustZone",
        "x",
        "components[0].parent.trustZone: 'x' is not the id of a trust zone",
    ),
    ("trustZones.1.id", "zone-internet", "trustZones[1].id: 'zone-internet' is used twice"),
    ("dataflows.2.id", "flow-1", "dataflows[2].id: 'flow-1' is used twice"),
    (
        "trustZones.0.risk.trustRating",
        150,
        "trustZones[0].risk.trustRating: got the number 150 (expected a number from 0 to 100)",
    ),
    ("assets.0.risk", "high", "assets[0].risk: got the text 'high' (expected a mapping)"),
    (
        f"project.{_EXT}.policies.errors.show",
        True,
        f"project.{_EXT}.policies.errors.show: unknown key",
    ),
    (f"project.{_EXT}.exposure", "space", f"project.{_EXT}.exposure: 'space' is not allowed"),
    (f"project.{_EXT}.format", 2, f"project.{_EXT}.format: unsupported version"),
    (f"project.{_EXT}.name", "x", f"project.{_EXT}.name: unknown key"),
    (f"trustZones.0.{_EXT}.trust", "root", f"trustZones[0].{_EXT}.trust: got the text 'root'"),
    (f"components.0.{_EXT}.trust", "root", f"components[0].{_EXT}.trust: 'root' is not allowed"),
    (f"components.0.{_EXT}.kind", "robot", f"components[0].{_EXT}.kind: got the text 'robot'"),
    (f"assets.0.{_EXT}.pii", "yes", f"assets[0].{_EXT}.pii: got the text 'yes'"),
    (f"dataflows.2.{_EXT}.protocl", "TLS", f"dataflows[2].{_EXT}.protocl: unknown key"),
    (
        f"dataflows.2.{_EXT}.data",
        ["gold"],
        f"dataflows[2].{_EXT}.data[0]: 'gold' is not a declared asset",
    ),
    (f"dataflows.0.{_EXT}", None, f"dataflows[0].{_EXT}: got no value (expected a mapping)"),
]


def _damage(document: Any, path: str, value: object) -> None:
    """Set (or delete) the value at a dotted path such as `dataflows.0.source`."""
    *parents, last = path.split(".")
    target = document
    for step in parents:
        target = target[int(step)] if isinstance(target, list) else target[step]
    key: Any = int(last) if isinstance(target, list) else last
    if value is _DELETE:
        del target[key]
    else:
        target[key] = value


@pytest.mark.parametrize(("path", "value", "message"), _DAMAGE)
def test_errors_name_the_otm_field(path: str, value: object, message: str) -> None:
    document = exported()
    _damage(document, path, value)
    with pytest.raises(ThreatModelError) as caught:
        threat_model_from_otm(document, source="demo.json")
    assert message in str(caught.value)
    assert str(caught.value).startswith("demo.json: ")


def test_a_document_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(ThreatModelError, match="the document is a list, not a mapping"):
        threat_model_from_otm([1, 2], source="x.json")


@pytest.mark.parametrize(
    ("text", "source", "message"),
    [
        ('{"otmVersion": "0.2.0",', "x.json", "x.json: invalid JSON at line 1"),
        ("otmVersion: [0.2.0\n", "x.yaml", "x.yaml: invalid YAML at line 2"),
        ("otmVersion: 0.2.0\notmVersion: 0.1.0\n", "x.yaml", "duplicate key 'otmVersion'"),
    ],
)
def test_broken_text_gets_the_same_errors_as_our_own_format(
    text: str, source: str, message: str
) -> None:
    with pytest.raises(ThreatModelError, match=message):
        parse_otm(text, source=source)


def test_dump_refuses_an_unknown_syntax() -> None:
    with pytest.raises(UserInputError, match="unknown OTM syntax 'xml'"):
        dump_otm(load_template("web-api"), "xml", project_id="p")


# --- Reading files in either format ---


def test_files_are_told_apart_by_the_otm_version_key(tmp_path: Path) -> None:
    model = load_template("data-store")
    otm_file = tmp_path / "store.otm.yaml"
    otm_file.write_text(dump_otm(model, "yaml", project_id="store"), encoding="utf-8")
    ours = tmp_path / "store.json"
    ours.write_text(dump_threat_model(model, "json"), encoding="utf-8")

    from_otm = load_threat_model_file(otm_file)
    assert (from_otm.model, from_otm.format, from_otm.project_id) == (model, "otm", "store")
    from_ours = load_threat_model_file(ours)
    assert (from_ours.model, from_ours.format, from_ours.project_id) == (model, "airlock", None)

    with pytest.raises(ThreatModelError, match="missing required key 'otmVersion'"):
        load_threat_model_file(ours, fmt="otm")
    with pytest.raises(ThreatModelError, match="missing required key 'airlock_threat_model'"):
        load_threat_model_file(otm_file, fmt="airlock")
    with pytest.raises(UserInputError, match="unknown threat-model format 'xml'"):
        load_threat_model_file(ours, fmt="xml")


def test_a_missing_otm_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ThreatModelError, match=r"nope\.json: file not found"):
        load_threat_model_file(tmp_path / "nope.json")


# --- Anything else fails cleanly ---

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 200), st.floats(allow_nan=False), st.text(max_size=6)
)
_trees = st.recursive(
    _scalars | st.sampled_from(["zone-internet", "asset-public-catalogue", "actor-administrator"]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["id", "name", "risk", "trustRating", "attributes", "airlock", "trust"])
            | st.text(max_size=4),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["assets", "trustZones", "components", "dataflows", "project"]),
    st.integers(0, 3),
    st.sampled_from(["id", "name", "risk", "source", "assets", "attributes", "parent"]),
    _trees,
)
def test_any_damage_to_an_exported_document_imports_or_fails_cleanly(
    section: str, index: int, key: str, value: object
) -> None:
    document = copy.deepcopy(_EXPORTED)
    target = document[section]
    if isinstance(target, list):
        target = target[index % len(target)]
    target[key] = value
    try:
        result = threat_model_from_otm(document, source="fuzz.json")
    except ThreatModelError as exc:
        assert str(exc).startswith("fuzz.json: ")
        return
    assert_round_trips(result.model)  # whatever imports, exports and comes back the same


_EXPORTED = exported()
