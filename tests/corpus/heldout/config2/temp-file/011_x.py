import asyncio
import logging
import os
import shutil
import tempfile
from pathlib import Path

from aiohttp import web

log = logging.getLogger("docconvert")

ALLOWED_SUFFIXES = {".docx", ".odt", ".xlsx", ".ods", ".pptx", ".odp"}
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
CONVERT_TIMEOUT = 90
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"


async def run_soffice(src: str, outdir: str) -> None:
    proc = await asyncio.create_subprocess_exec(
        SOFFICE, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", outdir, src,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        _, stderr = await asyncio.wait_for(proc.communicate(), timeout=CONVERT_TIMEOUT)
    except asyncio.TimeoutError:
        proc.kill()
        await proc.wait()
        raise web.HTTPGatewayTimeout(text="conversion timed out")
    if proc.returncode != 0:
        log.error("soffice failed (%s): %s", proc.returncode, stderr.decode(errors="replace")[:500])
        raise web.HTTPUnprocessableEntity(text="document could not be converted")


async def convert_to_pdf(request: web.Request) -> web.Response:
    reader = await request.multipart()
    part = await reader.next()
    if part is None or part.name != "document":
        raise web.HTTPBadRequest(text="expected a 'document' field")

    suffix = Path(part.filename or "").suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise web.HTTPUnsupportedMediaType(text=f"unsupported file type {suffix or '(none)'}")

    src = tempfile.mktemp(suffix=suffix, prefix="docconv-")
    outdir = tempfile.mkdtemp(prefix="docconv-out-")
    try:
        received = 0
        with open(src, "wb") as fh:
            while chunk := await part.read_chunk(64 * 1024):
                received += len(chunk)
                if received > MAX_UPLOAD_BYTES:
                    raise web.HTTPRequestEntityTooLarge(
                        max_size=MAX_UPLOAD_BYTES, actual_size=received
                    )
                fh.write(chunk)

        await run_soffice(src, outdir)
        pdf_path = Path(outdir) / f"{Path(src).stem}.pdf"
        if not pdf_path.is_file():
            raise web.HTTPUnprocessableEntity(text="converter produced no output")
        pdf = pdf_path.read_bytes()
    finally:
        if os.path.exists(src):
            os.unlink(src)
        shutil.rmtree(outdir, ignore_errors=True)

    download = f"{Path(part.filename).stem[:80] or 'document'}.pdf"
    return web.Response(
        body=pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{download.replace('"', "")}"'},
    )


def create_app() -> web.Application:
    app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
    app.router.add_post("/convert/pdf", convert_to_pdf)
    return app


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    web.run_app(create_app(), host="127.0.0.1", port=8085)
