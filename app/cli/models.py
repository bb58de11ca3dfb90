"""`airlock models ...`: list, pull, import, verify, remove and choose models.

Thin: each command opens the database, calls app.llm.registry and prints. Failures are
app.core.errors exceptions, which the main group turns into one line and an exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from app.core.errors import ModelHashMismatch
from app.llm.engine import MODEL_ROLES, Progress
from app.llm.offline import enforce_offline
from app.llm.registry import ModelRegistry, ModelStatus
from app.store.db import open_database

_STAGE_LABELS = {
    "assemble": "Assembling",
    "verify": "Verifying SHA-256",
    "download": "Downloading",
}


class _ProgressBars:
    """Turns Progress callbacks into click progress bars on stderr, one per stage."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._key: tuple[str, str] | None = None
        self._done = 0

    def __call__(self, progress: Progress) -> None:
        key = (progress.stage, progress.message)
        if key != self._key:
            self.close()
            label = f"{_STAGE_LABELS.get(progress.stage, progress.stage)} {progress.message}"
            self._bar = click.progressbar(
                length=progress.total or 0, label=label.strip(), file=sys.stderr, width=30
            )
            self._bar.__enter__()
            self._key = key
            self._done = 0
        if progress.done > self._done:
            self._bar.update(progress.done - self._done)
            self._done = progress.done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
        self._bar = None
        self._key = None


@contextmanager
def _registry() -> Iterator[tuple[ModelRegistry, _ProgressBars]]:
    db = open_database()
    bars = _ProgressBars()
    try:
        yield ModelRegistry(db), bars
    finally:
        bars.close()
        db.close()


@click.group("models")
def models_group() -> None:
    """Install, verify and choose the local models Airlock runs."""
    # The main entry point does this too; repeated here so that this group is offline
    # even when embedded in another command line.
    enforce_offline()


@models_group.command("list")
def list_models() -> None:
    """Show catalog and installed models: verified, size, RAM fit, role defaults."""
    with _registry() as (registry, bars):
        registry.ensure_embedded(progress=bars)
        bars.close()
        statuses = registry.statuses()
    click.echo(f"{'ID':<22} {'STATE':<44} {'SIZE':>8}  {'RAM':<14} ROLES")
    for status in statuses:
        click.echo(_status_line(status))
        if status.path is not None:
            click.echo(f"{'':<22} {status.path}")


def _status_line(status: ModelStatus) -> str:
    size = _human(status.size_bytes) if status.size_bytes else "?"
    fit = {True: "fits", False: "too big", None: "?"}[status.fits_ram]
    ram = f"{status.ram_mb / 1024:.1f} GB {fit}"
    state = status.state
    if status.in_catalog and not status.hash_pinned and not status.installed:
        state += " (hash from hub at pull)"
    roles = ", ".join(status.roles) or "-"
    return f"{status.id:<22} {state:<44} {size:>8}  {ram:<14} {roles}"


def _human(size: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


@models_group.command("pull")
@click.argument("model_id")
@click.option(
    "--endpoint",
    envvar="HF_ENDPOINT",
    default=None,
    help="Hub address (a mirror); default https://huggingface.co.",
)
def pull(model_id: str, endpoint: str | None) -> None:
    """Download a catalog model from the hub (the only command that uses the network)."""
    from app.llm.download import pull as download

    with _registry() as (registry, bars):
        entry = registry.catalog.require(model_id)
        result = download(entry, registry.directory, endpoint=endpoint, progress=bars)
        bars.close()
        registry.register_download(entry, result.path, result.sha256, result.commit)
    click.echo(f"pulled {model_id} to {result.path} (SHA-256 {result.sha256} verified)")


@models_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--id", "model_id", default=None, help="Model id (default: from the catalog or file name)."
)
def import_model(file: Path, model_id: str | None) -> None:
    """Register a GGUF file carried in on a disk, in place (not copied)."""
    with _registry() as (registry, bars):
        record = registry.import_file(file, model_id=model_id, progress=bars)
    click.echo(f"imported {record.id} from {record.path} (SHA-256 {record.sha256})")


@models_group.command("verify")
@click.argument("model_id", required=False)
def verify(model_id: str | None) -> None:
    """Re-hash installed models (all, or one) and compare with the pinned SHA-256."""
    with _registry() as (registry, bars):
        if model_id is None:
            registry.ensure_embedded(progress=bars)
        results = registry.verify(model_id, progress=bars)
    failed = [result for result in results if not result.ok]
    for result in results:
        click.echo(f"{result.model_id}: {'OK' if result.ok else 'FAILED'} - {result.message}")
    if not results:
        click.echo("no models installed")
    if failed:
        raise ModelHashMismatch(f"{len(failed)} model(s) failed verification: {failed[0].message}")


@models_group.command("remove")
@click.argument("model_id")
def remove(model_id: str) -> None:
    """Unregister a model; delete its file if Airlock created it (never an imported file)."""
    with _registry() as (registry, _bars):
        click.echo(registry.remove(model_id))


@models_group.command("use")
@click.argument("model_id")
@click.option("--role", type=click.Choice(MODEL_ROLES), required=True)
def use(model_id: str, role: str) -> None:
    """Make an installed model the default for a role."""
    with _registry() as (registry, _bars):
        registry.use(model_id, role)
    click.echo(f"{role} now uses {model_id}")


@models_group.command("settings")
@click.option("--threads", type=click.IntRange(min=1), default=None)
@click.option("--context-size", type=click.IntRange(min=256), default=None)
@click.option("--gpu-layers", type=click.IntRange(min=0), default=None)
@click.option("--batch-size", type=click.IntRange(min=8), default=None)
@click.option(
    "--flash-attention/--no-flash-attention",
    default=None,
    help="llama.cpp's flash attention (on by default: faster prompt processing).",
)
def settings(
    threads: int | None,
    context_size: int | None,
    gpu_layers: int | None,
    batch_size: int | None,
    flash_attention: bool | None,
) -> None:
    """Show the engine settings, or change the ones given."""
    changes = {
        "threads": threads,
        "context_size": context_size,
        "gpu_layers": gpu_layers,
        "batch_size": batch_size,
        "flash_attention": None if flash_attention is None else int(flash_attention),
    }
    with _registry() as (registry, _bars):
        given = {key: value for key, value in changes.items() if value is not None}
        current = registry.set_engine_settings(**given) if given else registry.engine_settings()
    for key, value in current.to_dict().items():
        click.echo(f"{key} = {value}")
