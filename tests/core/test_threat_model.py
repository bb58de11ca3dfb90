"""Loading, validating and writing threat models."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from app.core import threat_model as tm_module
from app.core.errors import ThreatModelError, UserInputError
from app.core.threat_model import (
    FORMAT_VERSION,
    Asset,
    AuthenticationPolicy,
    FileUploadPolicy,
    ThreatModel,
    dump_threat_model,
    list_templates,
    load_template,
    load_threat_model,
    parse_threat_model,
    threat_model_from_dict,
    threat_model_to_dict,
)
from tests.core.threat_model_example import EXAMPLE_YAML, example_dict

MINIMAL = {"airlock_threat_model": 1, "name": "Minimal"}


def error_for(document: object, source: str = "photo.yaml") -> str:
    with pytest.raises(ThreatModelError) as caught:
        threat_model_from_dict(document, source=source)
    return str(caught.value)


def with_changes(**changes: object) -> dict[str, object]:
    document = example_dict()
    document.update(changes)
    return document


# --- The example loads and round-trips ---


def test_the_example_from_the_format_loads_into_typed_fields() -> None:
    model = parse_threat_model(EXAMPLE_YAML, source="photo.yaml")

    assert model.name == "Photo sharing API"
    assert model.exposure == "internet"
    assert model.compliance == ("GDPR",)
    assert model.assets is not None
    assert model.assets[0] == Asset("user photos", classification="confidential", pii=True)
    assert model.assets[1].credentials is True
    assert model.policies is not None
    assert model.policies.authentication == AuthenticationPolicy(
        required=True, public_paths=("/health", "/login"), methods=("session",)
    )
    assert model.policies.file_upload == FileUploadPolicy(
        allowed_extensions=("png", "jpg"),
        max_bytes=5242880,
        storage="object storage outside the web root",
        executable=False,
        overwrite=False,
        malware_scan=True,
    )
    assert model.policies.secrets is not None
    assert model.policies.secrets.source == "environment"
    assert model.policies.cors is None


def test_the_example_round_trips_to_a_dict_without_loss_and_in_format_order() -> None:
    document = example_dict()

    again = threat_model_to_dict(threat_model_from_dict(document))

    assert again == document
    assert list(again) == list(document)
    assert list(again["policies"]) == list(document["policies"])  # type: ignore[call-overload]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_the_example_round_trips_through_a_dump(fmt: str) -> None:
    model = parse_threat_model(EXAMPLE_YAML, source="photo.yaml")

    text = dump_threat_model(model, fmt)

    assert parse_threat_model(text, source=f"again.{fmt}") == model
    assert parse_threat_model(text, source="<stdin>") == model


def test_a_json_dump_is_indented_json_in_format_order() -> None:
    model = parse_threat_model(EXAMPLE_YAML, source="photo.yaml")

    text = dump_threat_model(model, "json")

    assert text.startswith('{\n  "airlock_threat_model": 1,\n  "name": "Photo sharing API",')
    assert json.loads(text) == example_dict()


def test_a_yaml_dump_is_block_style_and_keeps_unicode_readable() -> None:
    model = ThreatModel(name="Fotodienst für Ärzte", assumptions=("A long sentence. " * 3,))

    text = dump_threat_model(model)

    assert text.splitlines()[:2] == ["airlock_threat_model: 1", "name: Fotodienst für Ärzte"]
    assert "assumptions:\n  - " in text


def test_dumping_to_an_unknown_format_is_a_user_error() -> None:
    model = ThreatModel(name="x")

    with pytest.raises(UserInputError, match="toml"):
        dump_threat_model(model, "toml")


def test_a_model_with_only_the_required_keys_loads_with_every_section_absent() -> None:
    model = threat_model_from_dict(MINIMAL)

    assert model == ThreatModel(name="Minimal")
    assert threat_model_to_dict(model) == MINIMAL


def test_empty_sections_stay_empty_rather_than_absent() -> None:
    document = {**MINIMAL, "compliance": [], "assets": [], "policies": {"errors": {}}}

    model = threat_model_from_dict(document)

    assert model.compliance == ()
    assert threat_model_to_dict(model) == document


def test_extensions_load_and_round_trip() -> None:
    document = with_changes(
        trust_zones=[{"name": "dmz", "trust": "untrusted", "description": "reverse proxy"}],
        policies={
            "rate_limiting": {"required": True, "requests_per_minute": 60},
            "cors": {"allowed_origins": ["https://a.example"], "allow_credentials": False},
        },
    )

    assert threat_model_to_dict(threat_model_from_dict(document)) == document


RECORD_PLACES: list[tuple[type, dict[str, object]]] = [
    (tm_module.ThreatModel, {}),
    (tm_module.Asset, {"assets": [{"name": "a", "?": 1}]}),
    (tm_module.Actor, {"actors": [{"name": "a", "?": 1}]}),
    (tm_module.TrustZone, {"trust_zones": [{"name": "a", "?": 1}]}),
    (tm_module.DataFlow, {"data_flows": [{"source": "a", "destination": "b", "?": 1}]}),
    (tm_module.Policies, {"policies": {"?": 1}}),
]
POLICY_CLASSES = {
    "authentication": tm_module.AuthenticationPolicy,
    "file_upload": tm_module.FileUploadPolicy,
    "logging": tm_module.LoggingPolicy,
    "errors": tm_module.ErrorsPolicy,
    "crypto": tm_module.CryptoPolicy,
    "secrets": tm_module.SecretsPolicy,
    "rate_limiting": tm_module.RateLimitingPolicy,
    "cors": tm_module.CorsPolicy,
}
RECORD_PLACES += [(cls, {"policies": {name: {"?": 1}}}) for name, cls in POLICY_CLASSES.items()]


@pytest.mark.parametrize(("cls", "place"), RECORD_PLACES)
def test_each_record_accepts_exactly_its_dataclass_fields_in_order(
    cls: type, place: dict[str, object]
) -> None:
    document = {**MINIMAL, **place} if place else {**MINIMAL, "?": 1}

    names = [field.name for field in dataclasses.fields(cls)]

    assert error_for(document).endswith(f"unknown key (expected one of {', '.join(names)})")


def test_every_policy_class_is_covered() -> None:
    assert list(POLICY_CLASSES) == [f.name for f in dataclasses.fields(tm_module.Policies)]


# --- Templates ---


def test_five_templates_are_shipped() -> None:
    assert list_templates() == [
        "ci-cd-pipeline",
        "data-store",
        "file-upload-service",
        "internal-cli-tool",
        "web-api",
    ]


@pytest.mark.parametrize("name", list_templates())
def test_each_template_loads_and_round_trips(name: str) -> None:
    model = load_template(name)

    assert model.name
    assert model.assets and model.actors and model.data_flows and model.policies
    assert parse_threat_model(dump_threat_model(model), source=name) == model


def test_an_unknown_template_names_the_available_ones() -> None:
    with pytest.raises(UserInputError) as caught:
        load_template("../secrets")

    assert "'../secrets'" in str(caught.value)
    assert "web-api" in str(caught.value)
    assert not isinstance(caught.value, ThreatModelError)


# --- Validation errors name the file, the field and what was expected ---


def test_a_wrong_enum_value_names_file_field_and_allowed_values() -> None:
    document = example_dict()
    document["assets"][1]["classification"] = "secret"  # type: ignore[index]

    assert error_for(document) == (
        "photo.yaml: assets[1].classification: 'secret' is not allowed "
        "(expected one of public, internal, confidential, restricted)"
    )


def test_an_unknown_top_level_key_is_named() -> None:
    message = error_for(with_changes(owner="team-a"))

    assert message.startswith("photo.yaml: owner: unknown key (expected one of name, description,")


def test_an_unknown_nested_key_is_named_with_its_path() -> None:
    document = example_dict()
    document["policies"]["file_upload"]["max_size"] = 10  # type: ignore[index]

    assert error_for(document) == (
        "photo.yaml: policies.file_upload.max_size: unknown key (expected one of "
        "allowed_extensions, max_bytes, storage, executable, overwrite, malware_scan)"
    )


def test_an_unknown_key_that_is_not_a_plain_name_is_quoted_on_one_line() -> None:
    message = error_for({**MINIMAL, "policies": {"errors": {"expose\ndetails": False}}})

    assert message.startswith("photo.yaml: policies.errors['expose\\ndetails']: unknown key")


def test_a_non_string_key_is_an_error_not_a_crash() -> None:
    assert "policies: key the number 1 is not a field name" in error_for(
        {**MINIMAL, "policies": {1: {}}}
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"name": ""}, "photo.yaml: name: is empty (expected a non-empty string)"),
        ({"name": ["a"]}, "photo.yaml: name: got a list (expected a string)"),
        ({"notes": None}, "photo.yaml: notes: got no value (expected a string)"),
        ({"notes": 3}, "photo.yaml: notes: got the number 3 (expected a string)"),
        ({"compliance": "GDPR"}, "photo.yaml: compliance: got the text 'GDPR' (expected a list)"),
        ({"assets": {"name": "x"}}, "photo.yaml: assets: got a mapping (expected a list)"),
        ({"exposure": "public"}, "photo.yaml: exposure: 'public' is not allowed"),
        ({"policies": []}, "photo.yaml: policies: got a list (expected a mapping)"),
    ],
)
def test_wrong_types_at_the_top_level_are_named(change: dict[str, object], expected: str) -> None:
    assert error_for(with_changes(**change)).startswith(expected)


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (
            {"errors": {"expose_details": "no"}},
            "policies.errors.expose_details: got the text 'no' (expected true or false)",
        ),
        (
            {"errors": {"expose_details": 0}},
            "policies.errors.expose_details: got the number 0 (expected true or false)",
        ),
        (
            {"file_upload": {"max_bytes": True}},
            "policies.file_upload.max_bytes: got true (expected a whole number greater than 0)",
        ),
        (
            {"file_upload": {"max_bytes": 0}},
            "policies.file_upload.max_bytes: got the number 0 (expected a whole number greater",
        ),
        (
            {"file_upload": {"max_bytes": 1.5}},
            "policies.file_upload.max_bytes: got the number 1.5",
        ),
        (
            {"file_upload": {"max_bytes": "5MB"}},
            "policies.file_upload.max_bytes: got the text '5MB'",
        ),
        (
            {"file_upload": {"allowed_extensions": [".png"]}},
            "policies.file_upload.allowed_extensions[0]: '.png' is not allowed "
            "(expected a file extension without the dot, e.g. png)",
        ),
        (
            {"authentication": {"public_paths": ["health"]}},
            "policies.authentication.public_paths[0]: 'health' is not allowed",
        ),
        (
            {"secrets": {"source": "git"}},
            "policies.secrets.source: 'git' is not allowed "
            "(expected one of environment, vault, kms, file)",
        ),
        (
            {"cors": {"allowed_origins": ["example.com"]}},
            "policies.cors.allowed_origins[0]: 'example.com' is not allowed",
        ),
        (
            {"rate_limiting": {"requests_per_minute": -1}},
            "policies.rate_limiting.requests_per_minute: got the number -1",
        ),
    ],
)
def test_wrong_policy_values_are_named_with_their_path(
    policy: dict[str, object], expected: str
) -> None:
    assert error_for({**MINIMAL, "policies": policy}).startswith(f"photo.yaml: {expected}")


def test_a_missing_required_key_in_a_list_item_is_named() -> None:
    document = {**MINIMAL, "data_flows": [{"source": "a", "destination": "b"}, {"source": "a"}]}

    assert error_for(document) == "photo.yaml: data_flows[1]: missing required key 'destination'"


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"name": "x"}, "photo.yaml: missing required key 'airlock_threat_model'"),
        ({"airlock_threat_model": 2, "name": "x"}, "airlock_threat_model: unsupported version"),
        ({"airlock_threat_model": True, "name": "x"}, "airlock_threat_model: unsupported"),
        ({"airlock_threat_model": "1", "name": "x"}, "airlock_threat_model: unsupported"),
        ({"airlock_threat_model": 1.0, "name": "x"}, "airlock_threat_model: unsupported"),
        ({"airlock_threat_model": 1}, "photo.yaml: missing required key 'name'"),
    ],
)
def test_the_version_and_the_name_are_required(document: object, expected: str) -> None:
    assert expected in error_for(document)


def test_an_unsupported_version_is_reported_before_unknown_keys() -> None:
    message = error_for({"airlock_threat_model": 2, "name": "x", "future_section": {}})

    assert message == (
        f"photo.yaml: airlock_threat_model: unsupported version: the number 2 "
        f"(expected {FORMAT_VERSION})"
    )


def test_a_data_flow_naming_an_undeclared_asset_is_an_error() -> None:
    document = example_dict()
    document["data_flows"][0]["data"] = ["user photos", "photos"]  # type: ignore[index]

    assert error_for(document) == (
        "photo.yaml: data_flows[0].data[1]: 'photos' is not a declared asset "
        "(expected one of user photos, session cookies)"
    )


def test_data_flows_may_name_any_data_when_no_assets_are_declared() -> None:
    document = {**MINIMAL, "data_flows": [{"source": "a", "destination": "b", "data": ["x"]}]}

    assert threat_model_from_dict(document).data_flows is not None


def test_a_name_declared_twice_is_an_error() -> None:
    document = with_changes(actors=[{"name": "admin"}, {"name": "user"}, {"name": "admin"}])

    assert error_for(document) == (
        "photo.yaml: actors[2].name: 'admin' is declared twice (expected unique names)"
    )


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (None, "photo.yaml: the document is empty"),
        ([1, 2], "photo.yaml: the document is a list, not a mapping"),
        ("text", "photo.yaml: the document is the text 'text', not a mapping"),
    ],
)
def test_a_document_that_is_not_a_mapping_is_an_error(document: object, expected: str) -> None:
    assert error_for(document).startswith(expected)


# --- Parsing text ---


def test_a_yaml_syntax_error_is_one_line_with_file_and_line_number() -> None:
    text = "airlock_threat_model: 1\nname: x\nexposure: internet: yes\n"

    with pytest.raises(ThreatModelError) as caught:
        parse_threat_model(text, source="photo.yaml")

    message = str(caught.value)
    assert "\n" not in message
    assert message == (
        "photo.yaml: invalid YAML at line 3, column 19: mapping values are not allowed here"
    )


def test_a_json_syntax_error_names_the_line_and_the_problem() -> None:
    text = '{\n  "airlock_threat_model": 1,\n  "name": "x"\n  "notes": "y"\n}\n'

    with pytest.raises(ThreatModelError) as caught:
        parse_threat_model(text, source="photo.json")

    assert str(caught.value) == (
        "photo.json: invalid JSON at line 4, column 3: Expecting ',' delimiter"
    )


def test_broken_json_without_a_json_file_name_still_gets_a_json_message() -> None:
    text = '{"airlock_threat_model": 1 "name": "x"}'

    with pytest.raises(ThreatModelError, match="invalid JSON at line 1"):
        parse_threat_model(text, source="<stdin>")


def test_json_with_tabs_that_yaml_rejects_still_loads() -> None:
    text = '{\n\t"airlock_threat_model": 1,\n\t"name": "x"\n}'

    assert parse_threat_model(text, source="<stdin>").name == "x"


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        ("airlock_threat_model: 1\nname: a\nname: b\n", "t.yaml", "line 3: duplicate key 'name'"),
        ('{"airlock_threat_model": 1, "name": "a", "name": "b"}', "t.json", "duplicate key 'name'"),
    ],
)
def test_a_duplicate_key_is_an_error_instead_of_a_silent_override(
    text: str, source: str, expected: str
) -> None:
    with pytest.raises(ThreatModelError) as caught:
        parse_threat_model(text, source=source)

    assert str(caught.value) == f"{source}: {expected}"


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_an_empty_document_is_a_clear_error(text: str) -> None:
    with pytest.raises(ThreatModelError, match=r"photo.yaml: the document is empty"):
        parse_threat_model(text, source="photo.yaml")


def test_a_top_level_list_is_a_clear_error() -> None:
    with pytest.raises(ThreatModelError, match="the document is a list, not a mapping"):
        parse_threat_model("- a\n- b\n", source="photo.yaml")


def test_an_unquoted_date_where_text_is_expected_is_named() -> None:
    text = "airlock_threat_model: 1\nname: x\nnotes: 2024-05-01\n"

    with pytest.raises(ThreatModelError, match="notes: got a date \\(expected a string\\)"):
        parse_threat_model(text, source="photo.yaml")


def test_an_impossible_date_is_an_error_not_a_crash() -> None:
    text = "airlock_threat_model: 1\nname: x\nnotes: 2024-13-45\n"

    with pytest.raises(ThreatModelError, match=r"photo.yaml: invalid value"):
        parse_threat_model(text, source="photo.yaml")


def test_yaml_tags_that_build_python_objects_are_refused() -> None:
    text = "airlock_threat_model: 1\nname: !!python/object/apply:os.system [echo hi]\n"

    with pytest.raises(ThreatModelError, match=r"photo.yaml: invalid YAML at line 2"):
        parse_threat_model(text, source="photo.yaml")


def test_an_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    text = "\n".join(lines)

    with pytest.raises(ThreatModelError, match="too many values"):
        parse_threat_model(text, source="bomb.yaml")


def test_deeply_nested_input_is_an_error_not_a_crash() -> None:
    with pytest.raises(ThreatModelError, match=r"bomb.yaml"):
        parse_threat_model("[" * 100_000, source="bomb.yaml")


def test_aliases_within_reason_are_fine() -> None:
    text = (
        "airlock_threat_model: 1\nname: x\nassets: [{name: a}, {name: b}]\n"
        "data_flows:\n  - {source: u, destination: v, data: &both [a, b]}\n"
        "  - {source: v, destination: w, data: *both}\n"
    )

    model = parse_threat_model(text, source="x.yaml")

    assert model.data_flows is not None
    assert model.data_flows[1].data == ("a", "b")


# --- Loading files ---


def test_a_file_loads_and_errors_name_it(tmp_path: Path) -> None:
    path = tmp_path / "photo.yaml"
    path.write_text(EXAMPLE_YAML.replace("confidential", "secret", 1), encoding="utf-8")

    with pytest.raises(ThreatModelError) as caught:
        load_threat_model(path)

    assert str(caught.value).startswith(f"{path}: assets[0].classification: 'secret'")


def test_a_file_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + EXAMPLE_YAML.encode())

    assert load_threat_model(path).name == "Photo sharing API"


def test_a_json_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "photo.json"
    path.write_text(json.dumps(example_dict()), encoding="utf-8")

    assert load_threat_model(path) == parse_threat_model(EXAMPLE_YAML, source="x")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"

    with pytest.raises(ThreatModelError, match=r"nope.yaml: file not found"):
        load_threat_model(path)


def test_a_directory_is_named(tmp_path: Path) -> None:
    with pytest.raises(ThreatModelError) as caught:
        load_threat_model(tmp_path)

    assert str(caught.value) == f"{tmp_path}: is a directory (expected a .yaml or .json file)"


def test_a_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("airlock_threat_model: 1\nname: Café\n".encode("latin-1"))

    with pytest.raises(ThreatModelError) as caught:
        load_threat_model(path)

    assert str(caught.value) == (
        f"{path}: is not UTF-8 text (bad byte at offset 33) (expected a UTF-8 file)"
    )


def test_a_file_over_one_mebibyte_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"airlock_threat_model: 1\nname: x\n" + b"#" * (1024 * 1024))

    with pytest.raises(ThreatModelError) as caught:
        load_threat_model(path)

    assert str(caught.value).startswith(f"{path}: file is too large")


def test_a_file_of_exactly_one_mebibyte_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    head = b"airlock_threat_model: 1\nname: x\n#"
    path.write_bytes(head + b"#" * (1024 * 1024 - len(head)))

    assert load_threat_model(path).name == "x"


def test_a_yaml_error_in_a_file_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("airlock_threat_model: 1\nname: [unclosed\n", encoding="utf-8")

    with pytest.raises(ThreatModelError) as caught:
        load_threat_model(path)

    assert str(caught.value).startswith(f"{path}: invalid YAML at line 3")
