"""The `airlock` command: a thin front door over the Qt-free core.

Errors raised on purpose (app.core.errors) become one line on stderr and a non-zero exit
code; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from app import __version__
from app.cli.backup import backup_command, restore_command
from app.cli.findings import finding_group
from app.cli.generate import diff_command, fix_command, generate_command, session_group
from app.cli.history import history_group
from app.cli.models import models_group
from app.cli.projects import project_group
from app.cli.report import report_command
from app.cli.review import review_command
from app.core.errors import AirlockError
from app.core.logconfig import configure_logging
from app.llm.offline import enforce_offline

log = logging.getLogger(__name__)


class AirlockGroup(click.Group):
    """A click group that reports AirlockError as one line and exits with its code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AirlockError as exc:
            if log.isEnabledFor(logging.DEBUG):
                log.debug("command failed", exc_info=exc)
            click.echo(f"airlock: error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=AirlockGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="airlock")
@click.option("--debug", is_flag=True, help="Log everything to stderr, with tracebacks.")
def main(debug: bool) -> None:
    """Airlock: write and review code with a local model, against your threat model.

    Nothing leaves this machine; only `airlock models pull` may use the network, and a team
    inference server if you give a role one (`airlock models use --endpoint`).
    """
    configure_logging(debug=debug)
    enforce_offline()


main.add_command(project_group)
main.add_command(review_command)
main.add_command(report_command)
main.add_command(finding_group)
main.add_command(backup_command)
main.add_command(restore_command)
main.add_command(models_group)
main.add_command(generate_command)
main.add_command(fix_command)
main.add_command(diff_command)
main.add_command(session_group)
main.add_command(history_group)
