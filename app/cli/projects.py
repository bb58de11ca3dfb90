"""`airlock project ...`: projects and their threat models."""

from __future__ import annotations

from pathlib import Path

import click

from app.core import projects as service
from app.core.otm import FILE_FORMATS
from app.core.threat_model import dump_threat_model, list_templates
from app.store.db import open_database

_EXPORT_FORMATS = click.Choice(["yaml", "json", "otm", "otm-json", "otm-yaml"])


@click.group(name="project")
def project_group() -> None:
    """Create, inspect and edit projects and their threat models."""


@project_group.command("create")
@click.argument("name")
@click.option(
    "--from",
    "source_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Threat-model file (YAML or JSON).",
)
@click.option("--template", help="Start from a shipped template (see `project templates`).")
def create(name: str, source_file: Path | None, template: str | None) -> None:
    """Create project NAME."""
    project = service.create_project(
        open_database(), name, template=template, source_file=source_file
    )
    click.echo(f"created project {project.name} (threat model v{project.version})")


@project_group.command("templates")
def templates() -> None:
    """List the shipped threat-model templates."""
    for name in list_templates():
        click.echo(name)


@project_group.command("list")
def list_() -> None:
    """List projects."""
    rows = service.list_projects(open_database())
    if not rows:
        click.echo("no projects yet: airlock project create NAME --template web-api", err=True)
    for row in rows:
        click.echo(f"{row.name}\tv{row.threat_model_version}\tupdated {row.updated_at}")


@project_group.command("show")
@click.argument("name")
def show(name: str) -> None:
    """Show NAME's current threat model (YAML, with a header comment)."""
    project = service.get_project(open_database(), name)
    click.echo(f"# project {project.name}, threat model v{project.version}")
    click.echo(dump_threat_model(project.threat_model, "yaml"), nl=False)


@project_group.command("set")
@click.argument("name")
@click.argument("assignments", nargs=-1, required=True, metavar="KEY.PATH=VALUE...")
def set_(name: str, assignments: tuple[str, ...]) -> None:
    """Change threat-model values; the result is stored as a new version.

    Example: airlock project set demo policies.file_upload.max_bytes=10485760
    """
    project = service.set_threat_model_values(open_database(), name, list(assignments))
    click.echo(f"{project.name}: threat model v{project.version}")


@project_group.command("export")
@click.argument("name")
@click.option(
    "--format",
    "fmt",
    type=_EXPORT_FORMATS,
    default="yaml",
    show_default=True,
    help="yaml, json: Airlock's format. otm: Open Threat Model, as YAML when --output ends in"
    " .yaml or .yml, else JSON. otm-json, otm-yaml: OTM in that syntax. See docs/otm.md.",
)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False))
def export(name: str, fmt: str, output: Path | None) -> None:
    """Export NAME's current threat model."""
    if fmt == "otm":
        as_yaml = output is not None and output.suffix.lower() in {".yaml", ".yml"}
        fmt = "otm-yaml" if as_yaml else "otm-json"
    text = service.export_threat_model(open_database(), name, fmt=fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@project_group.command("import")
@click.argument("source_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--project",
    "project_name",
    help="Project name (default: an OTM file's project id, else from the model's name).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FILE_FORMATS),
    default="auto",
    show_default=True,
    help="auto: Open Threat Model (OTM) when the file has an otmVersion key, else Airlock's.",
)
def import_(source_file: Path, project_name: str | None, fmt: str) -> None:
    """Import a threat-model file: a new project, or a new version of an existing one.

    Reads Airlock's format (YAML or JSON) and OTM; what an OTM file holds that Airlock does
    not keep is listed as warnings on stderr.
    """
    result = service.import_threat_model_file(
        open_database(), source_file, project_name=project_name, fmt=fmt
    )
    what = "created project" if result.created else "updated project"
    click.echo(f"{what} {result.project.name} (threat model v{result.project.version})")
    for warning in result.warnings:
        click.echo(f"airlock: warning: {warning}", err=True)


@project_group.command("history")
@click.argument("name")
@click.option("--diff", nargs=2, type=int, metavar="OLD NEW", help="Diff two versions.")
def history(name: str, diff: tuple[int, int] | None) -> None:
    """List NAME's threat-model versions (or diff two of them)."""
    db = open_database()
    if diff:
        click.echo(service.diff_threat_model_versions(db, name, *diff), nl=False)
        return
    for version in service.threat_model_history(db, name):
        click.echo(
            f"v{version.version}\t{version.created_at}\t{version.sha256[:12]}\t{version.comment}"
        )
