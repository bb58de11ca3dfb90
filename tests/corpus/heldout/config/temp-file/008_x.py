"""Thumbnail rendering for uploaded product photos.

``render_thumbnails`` receives the raw bytes of an image that a seller
uploaded through the storefront admin and returns the encoded thumbnails.
"""
from __future__ import annotations

import io
import os
import subprocess
import tempfile
from dataclasses import dataclass, field

from PIL import Image, ImageOps

MAX_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


@dataclass(frozen=True)
class ThumbSpec:
    name: str
    width: int
    height: int
    quality: int = 82


@dataclass
class ThumbResult:
    spec: ThumbSpec
    data: bytes
    meta: dict[str, int] = field(default_factory=dict)


DEFAULT_SPECS = (
    ThumbSpec("small", 160, 160),
    ThumbSpec("medium", 480, 480),
    ThumbSpec("large", 1200, 1200, quality=88),
)


def _optimise(path: str) -> None:
    # jpegoptim is optional on dev machines
    try:
        subprocess.run(["jpegoptim", "--strip-all", "--quiet", path], check=False, timeout=20)
    except FileNotFoundError:
        pass


def _render_one(img: Image.Image, spec: ThumbSpec) -> ThumbResult:
    thumb = ImageOps.fit(img, (spec.width, spec.height), method=Image.Resampling.LANCZOS)
    fd, scratch = tempfile.mkstemp(prefix=f"thumb-{spec.name}-", suffix=".jpg")
    try:
        with os.fdopen(fd, "wb") as out:
            thumb.save(out, "JPEG", quality=spec.quality, optimize=True)
        _optimise(scratch)
        with open(scratch, "rb") as fh:
            data = fh.read()
    finally:
        if os.path.exists(scratch):
            os.remove(scratch)
    return ThumbResult(spec, data, {"w": thumb.width, "h": thumb.height})


def render_thumbnails(image_bytes: bytes, specs=DEFAULT_SPECS) -> dict[str, ThumbResult]:
    with Image.open(io.BytesIO(image_bytes)) as src:
        src = ImageOps.exif_transpose(src).convert("RGB")
        results = {s.name: _render_one(src, s) for s in specs}
    return results


def describe(results: dict[str, ThumbResult]) -> str:
    return ", ".join(f"{name}={r.meta["w"]}x{r.meta["h"]}" for name, r in results.items())
