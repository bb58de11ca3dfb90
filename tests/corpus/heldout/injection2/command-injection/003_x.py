"""Remote log access for the ops portal.

The portal's support views call :func:`fetch_unit_logs` with the unit name and
line count chosen by the operator in the UI; hosts come from the inventory.
"""
from __future__ import annotations

import os
import re
import shlex
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import paramiko

SSH_USER = os.environ.get("OPS_SSH_USER", "opsbot")
SSH_KEY_PATH = os.environ.get("OPS_SSH_KEY", "/etc/opsportal/id_ed25519")
KNOWN_HOSTS = os.environ.get("OPS_KNOWN_HOSTS", "/etc/opsportal/known_hosts")
MAX_LINES = 2000

_UNIT_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9@:._-]{0,200}\.(service|timer|socket)")


@dataclass
class LogResult:
    host: str
    unit: str
    exit_status: int
    lines: list[str]


@contextmanager
def _connect(host: str) -> Iterator[paramiko.SSHClient]:
    client = paramiko.SSHClient()
    client.load_host_keys(KNOWN_HOSTS)
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, username=SSH_USER, key_filename=SSH_KEY_PATH, timeout=10)
    try:
        yield client
    finally:
        client.close()


def _looks_like_unit(name: str) -> bool:
    return _UNIT_RE.fullmatch(name) is not None


def fetch_unit_logs(host: str, unit: str, lines: int | str = 200, since: str | None = None) -> LogResult:
    if not _looks_like_unit(unit):
        unit = f"{unit}.service"
        if not _looks_like_unit(unit):
            raise ValueError(f"not a systemd unit name: {unit!r}")
    count = max(1, min(int(lines), MAX_LINES))

    command = f"journalctl --no-pager -o short-iso -n {count} -u {shlex.quote(unit)}"
    if since is not None:
        # only relative offsets such as "2h" or "30min" are offered in the UI
        minutes = int(since.rstrip("min").rstrip("h")) * (60 if since.endswith("h") else 1)
        command += f" --since=-{minutes}min"

    with _connect(host) as client:
        _stdin, stdout, _stderr = client.exec_command(command, timeout=30)
        output = stdout.read().decode(errors="replace")
        status = stdout.channel.recv_exit_status()

    return LogResult(host=host, unit=unit, exit_status=status, lines=output.splitlines())


def restart_hint(unit: str) -> str:
    """Text shown next to the log view; never executed."""
    return f"sudo systemctl restart {unit}"
