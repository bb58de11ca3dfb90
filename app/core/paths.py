"""Where Airlock keeps its files: one data directory, overridable with AIRLOCK_HOME."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

HOME_ENV = "AIRLOCK_HOME"
DB_FILE_NAME = "airlock.db"


def airlock_home() -> Path:
    """The data directory: $AIRLOCK_HOME if set, else the platform's user data dir."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser().resolve()
    return Path(platformdirs.user_data_dir("airlock", appauthor=False))


def database_path() -> Path:
    """The one SQLite file that holds projects, sessions, reviews and findings."""
    return airlock_home() / DB_FILE_NAME


def models_dir() -> Path:
    """Where assembled and downloaded model files live (imported ones stay where they are)."""
    return airlock_home() / "models"
