"""Where the shipped data lives: `resources/` (prompts, templates) and `models/` (the catalog).

In a source checkout or editable install they sit beside the `app` package; a built wheel
carries them inside the package as `app/_data/` (see pyproject's force-include).
"""

from __future__ import annotations

from pathlib import Path

import app

_PACKAGE_DIR = Path(app.__file__).resolve().parent


def data_root() -> Path:
    """The folder that holds `resources/` and `models/`."""
    bundled = _PACKAGE_DIR / "_data"
    return bundled if bundled.is_dir() else _PACKAGE_DIR.parent


def resource_path(*parts: str) -> Path:
    """A path under `resources/`, e.g. resource_path("threat_models", "web-api.yaml")."""
    return data_root().joinpath("resources", *parts)


def models_path(*parts: str) -> Path:
    """A path under `models/`, e.g. models_path("catalog.toml")."""
    return data_root().joinpath("models", *parts)
