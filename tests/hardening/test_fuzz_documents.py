"""Fuzzing what a user gives us: threat-model files as text and as bytes.

Random YAML and JSON (broken syntax, tags that would construct objects, alias bombs, deep
nesting, odd scalars, bytes that are not UTF-8) either load or fail with a ThreatModelError
that names the file. Nothing else may escape. The existing property tests
(tests/core/test_threat_model_properties.py) cover random trees; these cover the text and the
file on the way to them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import ThreatModelError
from app.core.threat_model import MAX_FILE_BYTES, load_threat_model, parse_threat_model
from tests.hardening.fuzz_strategies import alias_bomb, nested, yaml_texts

CI_DOCUMENTS = 1_000
_FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_document(text: str, source: str) -> None:
    """Loads, or fails with a ThreatModelError naming the source; nothing else escapes."""
    try:
        model = parse_threat_model(text, source=source)
    except ThreatModelError as exc:
        assert str(exc).startswith(f"{source}: ") or str(exc).startswith(f"{source} ")
        return
    assert model.name


@settings(_FUZZ, max_examples=CI_DOCUMENTS)
@given(yaml_texts, st.sampled_from(["model.yaml", "model.json", "<stdin>"]))
def test_any_threat_model_text_loads_or_fails_with_a_threat_model_error(
    text: str, source: str
) -> None:
    check_document(text, source)


@settings(_FUZZ, max_examples=200)
@given(st.binary(max_size=400))
def test_any_bytes_in_a_threat_model_file_load_or_fail_cleanly(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes
) -> None:
    path = tmp_path_factory.mktemp("tm") / "model.yaml"
    path.write_bytes(raw)
    try:
        load_threat_model(path)
    except ThreatModelError as exc:
        assert str(path) in str(exc)


@pytest.mark.parametrize(("levels", "width"), [(9, 9), (30, 2)])
def test_a_yaml_alias_bomb_is_refused_quickly(levels: int, width: int) -> None:
    with pytest.raises(ThreatModelError, match="aliases that expand without end"):
        parse_threat_model(alias_bomb(levels, width), source="bomb.yaml")


@pytest.mark.parametrize(("opener", "closer"), [("[", "]"), ("{a: ", "}")])
def test_nesting_deeper_than_the_parser_can_follow_is_refused(opener: str, closer: str) -> None:
    with pytest.raises(ThreatModelError, match=r"bomb\.yaml"):
        parse_threat_model(nested(5_000, opener, closer), source="bomb.yaml")


def test_deep_json_nesting_is_refused() -> None:
    text = '{"airlock_threat_model": 1, "name": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(ThreatModelError, match="nested too deeply"):
        parse_threat_model(text, source="deep.json")


def test_yaml_tags_never_construct_objects() -> None:
    text = "airlock_threat_model: 1\nname: !!python/object/apply:os.system ['touch pwned']\n"
    with pytest.raises(ThreatModelError, match=r"model\.yaml"):
        parse_threat_model(text, source="model.yaml")


def test_a_threat_model_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # sparse: no real disk used
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(ThreatModelError, match="file is too large"):
        load_threat_model(path)
    assert path.stat().st_size > MAX_FILE_BYTES
