"""Build the Engine for a role (generate, review) from what the database says.

A role uses a local model file (LocalEngine), or an inference server when one is configured
for it (OpenAICompatibleEngine, see app.llm.endpoints): then the model id is
`endpoint:<host>/<model>` and there is no file hash to record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlite_utils

from app.llm.engine import Engine
from app.llm.hashing import CancelCheck, ProgressCallback
from app.llm.local import LocalEngine
from app.llm.registry import ModelRegistry

if TYPE_CHECKING:
    from app.llm.openai_compat import OpenAICompatibleEngine


@dataclass(frozen=True)
class OpenedModel:
    """An engine for a role's model, and the SHA-256 its file was verified against (None for
    an inference server: the file is on the server)."""

    engine: Engine
    model_id: str
    sha256: str | None


def endpoint_engine(registry: ModelRegistry, role: str) -> OpenAICompatibleEngine | None:
    """The engine for the role's inference server, or None if the role uses a local model."""
    endpoint = registry.endpoint_for_role(role)
    if endpoint is None:
        return None
    # Imported here: httpx is loaded only by those who use a server.
    from app.llm.openai_compat import OpenAICompatibleEngine

    return OpenAICompatibleEngine(
        endpoint, api_key=registry.endpoint_api_key(role), policy=registry.host_policy()
    )


def role_model_id(
    db: sqlite_utils.Database, role: str, *, registry: ModelRegistry | None = None
) -> str:
    """The id the role's engine would have: compare it to share one engine between roles."""
    registry = registry or ModelRegistry(db)
    endpoint = registry.endpoint_for_role(role)
    return endpoint.model_id if endpoint is not None else registry.model_for_role(role).id


def open_model(
    db: sqlite_utils.Database,
    *,
    model_id: str | None = None,
    role: str = "review",
    progress: ProgressCallback | None = None,
    should_cancel: CancelCheck | None = None,
    registry: ModelRegistry | None = None,
) -> OpenedModel:
    """The model `model_id` (or the role's model), its file verified; the host starts on first use.

    On a fresh install the role's model may be the embedded default, assembled here (a few
    seconds, reported through `progress`).
    """
    registry = registry or ModelRegistry(db)
    remote = None if model_id else endpoint_engine(registry, role)
    if remote is not None:
        return OpenedModel(remote, remote.model_id, None)
    record = (
        registry.get(model_id)
        if model_id
        else registry.model_for_role(role, progress=progress, should_cancel=should_cancel)
    )
    path = registry.verified_path(record.id, progress=progress, should_cancel=should_cancel)
    sha = registry.expected_sha256(record)
    engine = LocalEngine(
        path, model_id=record.id, settings=registry.engine_settings(), expected_sha256=sha
    )
    return OpenedModel(engine, record.id, sha)


def engine_for_role(
    db: sqlite_utils.Database,
    role: str,
    *,
    progress: ProgressCallback | None = None,
    should_cancel: CancelCheck | None = None,
    registry: ModelRegistry | None = None,
) -> Engine:
    """The engine for the role's model or inference server (see open_model).

    Keep the returned engine for the session: it keeps the model loaded, and its KV cache
    makes follow-up questions on the same code fast.
    """
    return open_model(
        db, role=role, progress=progress, should_cancel=should_cancel, registry=registry
    ).engine
