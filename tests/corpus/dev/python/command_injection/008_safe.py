"""Ops bot: restarts or inspects services on the app hosts over SSH."""
import paramiko
from fastapi import FastAPI, HTTPException

app = FastAPI()
MANAGED_SERVICES = {"nginx", "gunicorn", "celery"}


def ssh_client(host: str) -> paramiko.SSHClient:
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, username="opsbot", key_filename="/etc/opsbot/id_ed25519")
    return client


@app.get("/hosts/{host}/services/{service}")
def service_status(host: str, service: str) -> dict[str, str]:
    if host not in {"app1.internal", "app2.internal"}:
        raise HTTPException(status_code=404)
    if service not in MANAGED_SERVICES:
        raise HTTPException(status_code=404)
    client = ssh_client(host)
    try:
        _, stdout, _ = client.exec_command(f"systemctl status {service} --no-pager")
        return {"service": service, "status": stdout.read().decode()[:2000]}
    finally:
        client.close()
