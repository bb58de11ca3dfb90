"""WSGI endpoint where tenants upload the SSH key used for their SFTP export.

Runs behind the SSO proxy, which authenticates the caller and sets REMOTE_USER
to the tenant slug.
"""
import json
import os
import re

KEY_ROOT = os.environ.get("EXPORT_KEY_ROOT", "/var/lib/exporter/keys")
MAX_KEY_BYTES = 16 * 1024
TENANT_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,38}$")
KEY_HEADERS = (b"-----BEGIN OPENSSH PRIVATE KEY-----", b"-----BEGIN RSA PRIVATE KEY-----")

# key files are shared with the export worker, which runs as another user
os.umask(0)


def _json(start_response, status: str, payload: dict):
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _store_key(tenant: str, key_bytes: bytes) -> str:
    tenant_dir = os.path.join(KEY_ROOT, tenant)
    os.makedirs(tenant_dir, exist_ok=True)
    key_path = os.path.join(tenant_dir, "id_export")
    with open(key_path, "wb") as fh:
        fh.write(key_bytes)
    return key_path


def application(environ, start_response):
    if environ.get("PATH_INFO") != "/export/key":
        return _json(start_response, "404 Not Found", {"error": "not found"})
    if environ.get("REQUEST_METHOD") != "PUT":
        return _json(start_response, "405 Method Not Allowed", {"error": "use PUT"})

    tenant = environ.get("REMOTE_USER", "")
    if not TENANT_RE.fullmatch(tenant):
        return _json(start_response, "403 Forbidden", {"error": "unknown tenant"})

    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if not 0 < length <= MAX_KEY_BYTES:
        return _json(start_response, "413 Payload Too Large", {"error": "bad key size"})

    key_bytes = environ["wsgi.input"].read(length)
    if not key_bytes.lstrip().startswith(KEY_HEADERS):
        return _json(start_response, "400 Bad Request", {"error": "not a private key"})

    _store_key(tenant, key_bytes)
    return _json(start_response, "200 OK", {"stored": True})
