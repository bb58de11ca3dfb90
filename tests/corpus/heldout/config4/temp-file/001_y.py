"""Document thumbnailing used by the upload pipeline.

``render_first_page`` is called by the upload endpoints with the bytes of the
file the user sent; it returns a PNG of the first page.
"""
from __future__ import annotations

import logging
import os
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

PDFTOPPM = os.environ.get("PDFTOPPM_BIN", "/usr/bin/pdftoppm")
MAX_INPUT_BYTES = 25 * 1024 * 1024
RENDER_TIMEOUT = 30


class ThumbnailError(RuntimeError):
    pass


def render_first_page(document: bytes, dpi: int = 72) -> bytes:
    if len(document) > MAX_INPUT_BYTES:
        raise ThumbnailError("document too large")
    if not document.startswith(b"%PDF-"):
        raise ThumbnailError("not a PDF")
    dpi = max(36, min(int(dpi), 200))

    src = tempfile.mktemp(suffix=".pdf", prefix="thumb-")
    out_prefix = src[: -len(".pdf")]
    with open(src, "wb") as fh:
        fh.write(document)

    try:
        subprocess.run(
            [PDFTOPPM, "-png", "-singlefile", "-f", "1", "-l", "1", "-r", str(dpi), src, out_prefix],
            check=True,
            capture_output=True,
            timeout=RENDER_TIMEOUT,
        )
        out_file = Path(out_prefix + ".png")
        png = out_file.read_bytes()
        out_file.unlink(missing_ok=True)
        return png
    except subprocess.CalledProcessError as exc:
        log.info("pdftoppm failed: %s", exc.stderr[:200])
        raise ThumbnailError("could not render document") from exc
    except subprocess.TimeoutExpired as exc:
        raise ThumbnailError("rendering timed out") from exc
    finally:
        Path(src).unlink(missing_ok=True)
