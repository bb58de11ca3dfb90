"""`airlock models ...`: list, pull, import, verify, remove and choose models or servers.

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

from app.core.errors import ModelHashMismatch, UserInputError
from app.llm.endpoints import DEFAULT_TIMEOUT_S
from app.llm.engine import MODEL_ROLES, Progress
from app.llm.factory import endpoint_engine
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
    """Install, verify and choose the local models Airlock runs (or an inference server)."""
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
        endpoints = registry.endpoints()
        servers = {role: _describe_endpoint(registry, role) for role in endpoints}
        hosts = registry.allowed_hosts()
    click.echo(f"{'ID':<22} {'STATE':<44} {'SIZE':>8}  {'RAM':<14} ROLES")
    for status in statuses:
        click.echo(_status_line(status))
        if status.path is not None:
            click.echo(f"{'':<22} {status.path}")
    for role, endpoint in endpoints.items():
        click.echo(f"{role}: inference server {endpoint.url}, model {endpoint.model} "
                   f"({servers[role]})")  # fmt: skip
    if hosts:
        click.echo(f"allowed public hosts: {', '.join(hosts)}")


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
@click.argument("model_id", required=False)
@click.option("--role", type=click.Choice(MODEL_ROLES), required=True)
@click.option("--endpoint", "url", default=None, help="An inference server's URL instead.")
@click.option("--model", "server_model", default=None, help="The model name the server knows.")
@click.option("--api-key-stdin", is_flag=True, help="Read the server's API key from stdin.")
@click.option(
    "--ca-bundle",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="PEM file with the CA that signed the server's certificate.",
)
@click.option(
    "--timeout",
    "timeout_s",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_TIMEOUT_S,
    show_default=True,
    help="Seconds to wait for the server's next bytes.",
)
def use(
    model_id: str | None,
    role: str,
    url: str | None,
    server_model: str | None,
    api_key_stdin: bool,
    ca_bundle: Path | None,
    timeout_s: float,
) -> None:
    """Make an installed model, or an inference server, the default for a role.

    \b
    airlock models use qwen2.5-coder-1.5b --role review
    airlock models use --role review --endpoint http://gpu-box:8000 --model qwen2.5-coder-32b
    """
    if (model_id is None) == (url is None):
        raise UserInputError("give a MODEL_ID, or --endpoint URL with --model NAME")
    if url is None:
        with _registry() as (registry, _bars):
            registry.use(model_id or "", role)
        click.echo(f"{role} now uses {model_id}")
        return
    if not server_model:
        raise UserInputError("--endpoint needs --model NAME (the name the server knows)")
    api_key = _read_api_key() if api_key_stdin else None
    with _registry() as (registry, _bars):
        endpoint = registry.use_endpoint(
            role, url, server_model, api_key=api_key, ca_bundle=ca_bundle, timeout_s=timeout_s
        )
        described = _describe_endpoint(registry, role)
    click.echo(f"{role} now uses {endpoint.model} on {endpoint.url}: {described}")
    click.echo(
        "note: the code under review and the prompts are sent to that server; "
        f"check the connection with `airlock models test {role}`"
    )


def _read_api_key() -> str:
    if sys.stdin.isatty():
        key = str(click.prompt("API key", hide_input=True))
    else:
        key = sys.stdin.readline()
    if not key.strip():
        raise UserInputError("no API key on stdin")
    return key.strip()


def _describe_endpoint(registry: ModelRegistry, role: str) -> str:
    endpoint = registry.endpoint_for_role(role)
    if endpoint is None:
        return "a local model"
    store = registry.endpoint_key_store(role)
    key = {"keyring": "API key in the OS keyring", "file": "API key in a 0600 file"}.get(
        store or "", "no API key"
    )
    parts = [key, f"timeout {endpoint.timeout_s:g} s"]
    if endpoint.ca_bundle is not None:
        parts.append(f"CA bundle {endpoint.ca_bundle}")
    return ", ".join(parts)


@models_group.command("test")
@click.argument("role", type=click.Choice(MODEL_ROLES))
def test_endpoint(role: str) -> None:
    """Connect to the role's inference server and list the models it serves."""
    with _registry() as (registry, _bars):
        engine = endpoint_engine(registry, role)
    if engine is None:
        raise UserInputError(f"the {role} role uses a local model, not an inference server")
    with engine:
        names = engine.list_models()
    served = ", ".join(names) or "(the server lists none)"
    click.echo(f"{engine.endpoint.url} answered; it serves: {served}")
    if names and engine.endpoint.model not in names:
        raise UserInputError(
            f"the server does not list the model {engine.endpoint.model!r}; choose one of the "
            f"above with `airlock models use --role {role} --endpoint URL --model NAME`"
        )


@models_group.command("allow-host")
@click.argument("host")
@click.option("--yes", is_flag=True, help="Confirm without asking.")
@click.option("--remove", is_flag=True, help="Take the host off the allow-list instead.")
def allow_host(host: str, yes: bool, remove: bool) -> None:
    """Allow an inference server on a public address, by host name.

    Servers on this machine or a private network (10/8, 172.16/12, 192.168/16, link-local,
    fc00::/7) need no entry. Code and prompts are sent to the host you allow.
    """
    with _registry() as (registry, _bars):
        if remove:
            removed = registry.disallow_host(host)
            click.echo(f"{host} {'removed from' if removed else 'was not on'} the allow-list")
            return
        if not yes:
            click.confirm(
                f"Allow {host}? Airlock will send the code under review and its prompts to "
                "an inference server there",
                abort=True,
            )
        name = registry.allow_host(host)
    click.echo(f"{name} is allowed as an inference server host")


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
