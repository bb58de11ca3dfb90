"""Tiny deploy endpoint for static preview sites.

CI jobs PUT a zip of the built site to /sites/<name>; the handler unpacks it
into the preview root which nginx serves.
"""
import hmac
import io
import os
import re
import zipfile
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREVIEW_ROOT = os.environ.get("PREVIEW_ROOT", "/srv/previews")
DEPLOY_TOKEN = os.environ["PREVIEW_DEPLOY_TOKEN"]
MAX_UPLOAD = 20 * 1024 * 1024
SITE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


def unpack_site(payload: bytes, dest: str) -> int:
    written = 0
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            target = os.path.join(dest, info.filename)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with archive.open(info) as src, open(target, "wb") as out:
                out.write(src.read())
            written += 1
    return written


class DeployHandler(BaseHTTPRequestHandler):
    server_version = "preview-deploy/1.2"

    def _reply(self, status: HTTPStatus, body: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PUT(self) -> None:
        token = self.headers.get("X-Deploy-Token", "")
        if not hmac.compare_digest(token, DEPLOY_TOKEN):
            self._reply(HTTPStatus.UNAUTHORIZED, "bad token\n")
            return

        prefix = "/sites/"
        if not self.path.startswith(prefix):
            self._reply(HTTPStatus.NOT_FOUND, "not found\n")
            return
        site = self.path[len(prefix):].strip("/")
        if not SITE_NAME.fullmatch(site):
            self._reply(HTTPStatus.BAD_REQUEST, "invalid site name\n")
            return

        length = int(self.headers.get("Content-Length", "0"))
        if length <= 0 or length > MAX_UPLOAD:
            self._reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "bad size\n")
            return
        payload = self.rfile.read(length)

        dest = os.path.join(PREVIEW_ROOT, site)
        os.makedirs(dest, exist_ok=True)
        try:
            count = unpack_site(payload, dest)
        except zipfile.BadZipFile:
            self._reply(HTTPStatus.BAD_REQUEST, "not a zip archive\n")
            return
        self._reply(HTTPStatus.CREATED, f"deployed {count} files to {site}\n")


if __name__ == "__main__":
    ThreadingHTTPServer(("0.0.0.0", 8086), DeployHandler).serve_forever()
