"""Editing one value of a threat-model document by its dotted key path."""

from __future__ import annotations

import pytest

from app.core.errors import ThreatModelError
from app.core.threat_model import set_key_path, threat_model_from_dict
from tests.core.threat_model_example import example_dict

MINIMAL: dict[str, object] = {"airlock_threat_model": 1, "name": "Minimal"}


def set_error(data: dict[str, object], key_path: str, raw_value: str) -> str:
    with pytest.raises(ThreatModelError) as caught:
        set_key_path(data, key_path, raw_value, source="photo.yaml")
    return str(caught.value)


def test_setting_a_list_items_field_replaces_it_and_leaves_the_input_alone() -> None:
    original = example_dict()

    changed = set_key_path(original, "assets.0.classification", "restricted")

    assert changed["assets"][0]["classification"] == "restricted"  # type: ignore[index]
    assert original == example_dict()
    assert threat_model_from_dict(changed).assets[0].classification == "restricted"  # type: ignore[index]


def test_numbers_are_read_as_numbers() -> None:
    changed = set_key_path(example_dict(), "policies.file_upload.max_bytes", "10485760")

    assert changed["policies"]["file_upload"]["max_bytes"] == 10485760  # type: ignore[index]


def test_a_flow_list_is_read_as_a_list() -> None:
    changed = set_key_path(MINIMAL, "compliance", "[GDPR, HIPAA]")

    assert changed["compliance"] == ["GDPR", "HIPAA"]


def test_a_plain_word_is_read_as_text() -> None:
    assert set_key_path(MINIMAL, "exposure", "internal")["exposure"] == "internal"


def test_missing_mappings_on_the_way_are_created() -> None:
    changed = set_key_path(MINIMAL, "policies.errors.expose_details", "false")

    assert changed["policies"] == {"errors": {"expose_details": False}}
    assert threat_model_from_dict(changed).policies is not None


def test_a_flow_mapping_sets_a_whole_section() -> None:
    changed = set_key_path(MINIMAL, "policies.secrets", "{source: vault}")

    assert changed["policies"] == {"secrets": {"source": "vault"}}


def test_the_index_one_past_the_end_appends() -> None:
    changed = set_key_path(example_dict(), "assets.2.name", "API keys")

    assert changed["assets"][2] == {"name": "API keys"}  # type: ignore[index]


def test_null_removes_a_key() -> None:
    changed = set_key_path(example_dict(), "policies.crypto", "null")

    assert "crypto" not in changed["policies"]  # type: ignore[operator]
    assert "logging" in changed["policies"]  # type: ignore[operator]


def test_null_removes_a_list_item() -> None:
    changed = set_key_path(example_dict(), "actors.0", "~")

    assert changed["actors"] == [{"name": "signed-in user", "trust": "authenticated"}]


def test_removing_something_absent_changes_nothing() -> None:
    assert set_key_path(MINIMAL, "policies.cors.allow_credentials", "null") == MINIMAL


def test_a_key_whose_value_is_null_is_treated_as_missing_on_the_way() -> None:
    changed = set_key_path({**MINIMAL, "policies": None}, "policies.errors.expose_details", "true")

    assert changed["policies"] == {"errors": {"expose_details": True}}


def test_the_result_is_revalidated_by_the_caller() -> None:
    changed = set_key_path(example_dict(), "assets.1.classification", "secret")

    with pytest.raises(ThreatModelError, match=r"assets\[1\]\.classification: 'secret'"):
        threat_model_from_dict(changed, source="photo.yaml")


def test_an_index_out_of_range_names_the_path() -> None:
    message = set_error(example_dict(), "assets.5.name", "x")

    assert message == (
        "photo.yaml: assets.5.name: index 5 is out of range (2 items) "
        "(expected an index from 0 to 2)"
    )


def test_a_word_used_as_a_list_index_names_the_path() -> None:
    message = set_error(example_dict(), "assets.first.name", "x")

    assert message.startswith("photo.yaml: assets.first.name: 'first' is not a list index")


def test_a_negative_index_is_refused() -> None:
    assert "'-1' is not a list index" in set_error(example_dict(), "assets.-1.name", "x")


def test_indexing_into_a_plain_value_names_the_path() -> None:
    message = set_error(example_dict(), "exposure.level", "high")

    assert message == (
        "photo.yaml: exposure.level: cannot go into the text 'internet' "
        "(expected a mapping or a list)"
    )


def test_removing_past_the_end_of_a_list_is_an_error() -> None:
    assert "index 2 is out of range" in set_error(example_dict(), "assets.2", "null")


@pytest.mark.parametrize("key_path", ["", "policies..errors", ".name", "name."])
def test_an_empty_path_segment_is_an_error(key_path: str) -> None:
    assert "has an empty segment" in set_error(MINIMAL, key_path, "x")


def test_an_empty_value_is_an_error_that_mentions_null() -> None:
    assert "no value given (expected a value, or null to remove the key)" in set_error(
        MINIMAL, "notes", "  "
    )


def test_a_value_that_is_not_valid_yaml_names_the_path() -> None:
    message = set_error(MINIMAL, "compliance", "[GDPR")

    assert message.startswith("photo.yaml: compliance: cannot read the value '[GDPR': invalid YAML")
    assert "\n" not in message


def test_a_value_that_is_an_impossible_date_is_an_error() -> None:
    assert "cannot read the value" in set_error(MINIMAL, "notes", "2024-13-45")
