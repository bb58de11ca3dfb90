"""ffmpeg wrappers for preview generation."""
import html
import logging
import shlex
import subprocess

log = logging.getLogger(__name__)

FFMPEG = "/usr/bin/ffmpeg"


def _run(cmd: str, timeout: int = 600) -> None:
    log.debug("running %s", cmd)
    result = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"ffmpeg failed ({result.returncode}): {result.stderr[-2000:]}")


def make_preview(source: str, dest: str, title: str, seconds: int = 20) -> str:
    # titles end up in the player's HTML overlay, so store them pre-escaped
    metadata = shlex.quote(f"title={html.escape(title)}")
    cmd = (
        f"{FFMPEG} -y -hide_banner -loglevel error -i {shlex.quote(source)} "
        f"-t {int(seconds)} -vf scale=-2:480 -c:v libx264 -preset veryfast -crf 28 "
        f"-c:a aac -b:a 96k -metadata {metadata} {shlex.quote(dest)}"
    )
    _run(cmd)
    return dest


def make_poster(source: str, dest: str, at: float = 1.0) -> str:
    _run(
        f"{FFMPEG} -y -hide_banner -loglevel error -ss {float(at):.2f} "
        f"-i {shlex.quote(source)} -frames:v 1 {shlex.quote(dest)}"
    )
    return dest
