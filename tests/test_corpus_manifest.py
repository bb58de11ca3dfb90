"""The labelled review corpus is complete and consistent: the dev part
(tests/corpus/dev/manifest.yaml) in full detail, and every heldout manifest that exists
(tests/corpus/heldout/*/manifest.yaml, written blind while this test may run: it checks
whatever is there, and nothing when no manifest exists yet)."""

from __future__ import annotations

import ast
import collections
from pathlib import Path

import pytest

from app.core.sources import detect_language
from app.core.threat_model import load_threat_model
from bench.corpus import (
    CATEGORY_CWES,
    CORPUS_DIR,
    HELDOUT_DIR,
    MANIFEST,
    Case,
    ManifestError,
    display_path,
    heldout_manifests,
    load_manifest,
)

CASES = load_manifest()
BY_PAIR: dict[str, list[Case]] = collections.defaultdict(list)
for _case in CASES:
    BY_PAIR[_case.pair].append(_case)

# The language each top-level corpus folder must be detected as (real file names matter).
FOLDER_LANGUAGE = {
    "python": "python",
    "policy": "python",
    "docker": "dockerfile",
    "terraform": "terraform",
    "actions": "github_actions",
    "sql": "sql",
}


def test_manifest_is_big_enough() -> None:
    files = {case.file for case in CASES}
    assert len(files) >= 200
    assert len(BY_PAIR) >= 100


def test_ids_are_unique() -> None:
    counts = collections.Counter(case.id for case in CASES)
    assert [case_id for case_id, n in counts.items() if n > 1] == []


def test_every_file_exists_inside_the_corpus() -> None:
    root = CORPUS_DIR.resolve()
    for case in CASES:
        path = case.path().resolve()
        assert path.is_relative_to(root), case.id
        assert path.is_file(), f"{case.id}: {case.file} is missing"


def test_every_pair_has_one_vulnerable_and_one_safe_case() -> None:
    for pair, cases in BY_PAIR.items():
        assert sorted(c.label for c in cases) == ["safe", "vulnerable"], pair
        vulnerable, safe = sorted(cases, key=lambda c: c.label != "vulnerable")
        assert vulnerable.category == safe.category, pair
        assert vulnerable.cwe == safe.cwe, pair
        assert vulnerable.id.endswith("-vuln") and safe.id.endswith("-safe"), pair


def test_a_shared_file_differs_by_threat_model_and_a_pair_of_files_by_content() -> None:
    for pair, cases in BY_PAIR.items():
        first, second = cases
        if first.file == second.file:
            assert first.threat_model and second.threat_model, pair
            assert first.threat_model != second.threat_model, pair
        else:
            assert first.threat_model == second.threat_model, pair
            assert first.path().read_text() != second.path().read_text(), pair


def test_file_names_agree_with_labels() -> None:
    for case in CASES:
        shared = len({c.file for c in BY_PAIR[case.pair]}) == 1
        marker = {"vulnerable": "_vuln", "safe": "_safe"}[case.label]
        if not shared:
            assert marker in case.file, case.id
        assert "_vuln" not in case.file or case.vulnerable, case.id
        assert "_safe" not in case.file or not case.vulnerable, case.id


def test_categories_and_cwes_are_consistent() -> None:
    for case in CASES:
        assert case.category in CATEGORY_CWES, f"{case.id}: unknown category {case.category}"
        stray = set(case.cwe) - CATEGORY_CWES[case.category]
        assert not stray, f"{case.id}: CWE {sorted(stray)} is not a {case.category} CWE"
    pairs_per_category = collections.Counter(cases[0].category for cases in BY_PAIR.values())
    assert set(pairs_per_category) <= set(CATEGORY_CWES)  # some categories are heldout-only
    assert len(pairs_per_category) >= 22
    assert min(pairs_per_category.values()) >= 3


def test_threat_models_load_and_threat_model_cases_exist() -> None:
    named = {case.threat_model for case in CASES if case.threat_model}
    for relative in sorted(named):
        assert load_threat_model(CORPUS_DIR / relative).name
    shared_pairs = [p for p, cases in BY_PAIR.items() if len({c.file for c in cases}) == 1]
    assert len(shared_pairs) >= 4
    on_disk = {p.relative_to(CORPUS_DIR).as_posix() for p in CORPUS_DIR.glob("threat_models/*")}
    assert on_disk == named, "every threat model in the folder is used, and only those"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_files_are_small_typed_and_parse(case: Case) -> None:
    text = case.path().read_text(encoding="utf-8")
    assert 5 <= len(text.splitlines()) <= 60, case.file
    expected = FOLDER_LANGUAGE[case.file.split("/", 1)[0]]
    assert detect_language(case.file, text) == expected
    assert detect_language(display_path(case), text) == expected
    if expected == "python":
        ast.parse(text, filename=case.file)


def test_display_paths_do_not_give_the_label_away() -> None:
    for case in CASES:
        shown = display_path(case).lower()
        assert "vuln" not in shown and "safe" not in shown, case.id
        if FOLDER_LANGUAGE[case.file.split("/", 1)[0]] == "python":
            assert case.category not in shown, case.id


def test_the_manifest_rejects_malformed_cases(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.yaml"
    text = MANIFEST.read_text(encoding="utf-8")
    manifest.write_text(text.replace("label: safe", "label: fine", 1), encoding="utf-8")
    with pytest.raises(ManifestError, match="label"):
        load_manifest(manifest)
    manifest.write_text(text.replace("cwe: [89]", "cwe: []", 1), encoding="utf-8")
    with pytest.raises(ManifestError, match="cwe"):
        load_manifest(manifest)
    manifest.write_text("- {id: x}\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="missing"):
        load_manifest(manifest)


# --- heldout: every manifest that exists now -------------------------------------------------

# Held-out manifests (paths relative to heldout/), and the manifest of held-out cases moved
# into dev once they had exposed a capability (same layout, paths relative to dev/).
HELDOUT_MANIFESTS = heldout_manifests()
# Manifests in the held-out layout: the held-out ones, and in dev/ the moved cases and one
# per language besides Python (paths relative to dev/).
DEV_LAYOUT_MANIFESTS = sorted(CORPUS_DIR.glob("*/manifest.yaml"))
LAYOUT_MANIFESTS = [*HELDOUT_MANIFESTS, *DEV_LAYOUT_MANIFESTS]


def _label(manifest: Path) -> str:
    return manifest.parent.name


def _root(manifest: Path) -> Path:
    return CORPUS_DIR if manifest in DEV_LAYOUT_MANIFESTS else HELDOUT_DIR


def _heldout_cases() -> list[Case]:
    return [case for manifest in HELDOUT_MANIFESTS for case in load_manifest(manifest)]


def _check_heldout_file(case: Case, base: Path) -> None:
    """A file case names a file, a folder case (`file` ending in "/") a folder holding files;
    both inside the part's folder."""
    root = base.resolve()
    path = case.path(base).resolve()
    assert path.is_relative_to(root), f"{case.id}: {case.file} is outside {root}"
    if case.is_folder:
        assert path.is_dir(), f"{case.id}: folder {case.file} is missing"
        assert any(p.is_file() for p in path.rglob("*")), f"{case.id}: {case.file} is empty"
    else:
        assert path.is_file(), f"{case.id}: {case.file} is missing"


@pytest.mark.parametrize("manifest", LAYOUT_MANIFESTS, ids=_label)
def test_heldout_files_and_threat_models_exist_inside_the_corpus(manifest: Path) -> None:
    base = _root(manifest)
    root = base.resolve()
    for case in load_manifest(manifest):
        _check_heldout_file(case, base)
        if case.threat_model:
            model = (base / case.threat_model).resolve()
            assert model.is_relative_to(root) and model.is_file(), f"{case.id}: threat model"
            assert load_threat_model(model).name, case.id


@pytest.mark.parametrize("manifest", LAYOUT_MANIFESTS, ids=_label)
def test_heldout_categories_are_known_and_cwes_allowed(manifest: Path) -> None:
    for case in load_manifest(manifest):
        assert case.category in CATEGORY_CWES, f"{case.id}: unknown category {case.category}"
        stray = set(case.cwe) - CATEGORY_CWES[case.category]
        assert not stray, f"{case.id}: CWE {sorted(stray)} is not a {case.category} CWE"


@pytest.mark.parametrize("manifest", LAYOUT_MANIFESTS, ids=_label)
def test_heldout_pairs_have_one_vulnerable_and_one_safe_case(manifest: Path) -> None:
    pairs: dict[str, list[Case]] = collections.defaultdict(list)
    for case in load_manifest(manifest):
        pairs[case.pair].append(case)
    for pair, cases in pairs.items():
        assert sorted(c.label for c in cases) == ["safe", "vulnerable"], pair
        assert len({c.category for c in cases}) == 1, f"{pair}: one category per pair"


@pytest.mark.parametrize("manifest", LAYOUT_MANIFESTS, ids=_label)
def test_heldout_display_paths_do_not_give_the_label_away(manifest: Path) -> None:
    for case in load_manifest(manifest):
        shown = display_path(case).lower()
        assert "vuln" not in shown and "safe" not in shown, case.id


def test_ids_and_pairs_are_unique_across_both_parts() -> None:
    heldout = _heldout_cases()
    moved = [case for path in DEV_LAYOUT_MANIFESTS for case in load_manifest(path)]
    counts = collections.Counter(case.id for case in [*CASES, *moved, *heldout])
    assert [case_id for case_id, n in counts.items() if n > 1] == []
    dev_pairs = {c.pair for c in [*CASES, *moved]}
    assert not dev_pairs & {c.pair for c in heldout}, "a pair id in both parts"
