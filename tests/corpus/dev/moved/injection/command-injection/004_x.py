"""Preview-environment deploys over SSH.

Used by the review-app webhook: when a pull request is labelled "preview",
the handler calls ``deploy_preview(pr_number, head_ref)`` with the branch name
taken from the pull request payload.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import paramiko

log = logging.getLogger(__name__)

PREVIEW_HOST = os.environ.get("PREVIEW_HOST", "preview.internal")
PREVIEW_USER = os.environ.get("PREVIEW_USER", "deploy")
PREVIEW_KEY = os.environ.get("PREVIEW_KEY_FILE", "/etc/preview/id_ed25519")
APP_ROOT = "/srv/previews"


@dataclass
class DeployResult:
    pr_number: int
    branch: str
    exit_status: int
    output: str


def _connect() -> paramiko.SSHClient:
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(
        PREVIEW_HOST,
        username=PREVIEW_USER,
        key_filename=PREVIEW_KEY,
        timeout=15,
    )
    return client


def deploy_preview(pr_number: int, branch: str) -> DeployResult:
    workdir = f"{APP_ROOT}/pr-{int(pr_number)}"
    script = (
        f"set -e; mkdir -p {workdir} && cd {workdir} && "
        f"(test -d .git || git clone --quiet git@git.internal:shop/web.git .) && "
        f"git fetch --quiet origin && git checkout --quiet --force origin/{branch} && "
        f"./bin/preview-up pr-{int(pr_number)}"
    )
    client = _connect()
    try:
        _, stdout, stderr = client.exec_command(script, timeout=600)
        status = stdout.channel.recv_exit_status()
        output = stdout.read().decode(errors="replace") + stderr.read().decode(errors="replace")
    finally:
        client.close()

    if status != 0:
        log.error("preview deploy for PR %s failed (%s)", pr_number, status)
    return DeployResult(pr_number, branch, status, output[-4000:])


def tear_down_preview(pr_number: int) -> int:
    client = _connect()
    try:
        _, stdout, _ = client.exec_command(
            f"{APP_ROOT}/bin/preview-down pr-{int(pr_number)}", timeout=300
        )
        return stdout.channel.recv_exit_status()
    finally:
        client.close()
