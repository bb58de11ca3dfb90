"""The threat model's `entry_points` section: read strictly, like every other section."""

from __future__ import annotations

import pytest

from app.core.errors import ThreatModelError
from app.core.threat_model import threat_model_from_dict


def _doc(entry_points: object) -> dict[str, object]:
    return {"airlock_threat_model": 1, "name": "t", "entry_points": entry_points}


def test_entry_points_are_read_into_the_model() -> None:
    model = threat_model_from_dict(
        _doc({"library_parameters": False, "functions": ["jobs.worker:handle", "Importer.load"]})
    )
    assert model.entry_points is not None
    assert model.entry_points.library_parameters is False
    assert model.entry_points.functions == ("jobs.worker:handle", "Importer.load")


def test_a_misspelt_entry_points_key_is_an_error_naming_it() -> None:
    with pytest.raises(ThreatModelError, match="library_params"):
        threat_model_from_dict(_doc({"library_params": False}))
