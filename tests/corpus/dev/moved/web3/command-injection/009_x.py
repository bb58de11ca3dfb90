"""Clip export endpoints for the media library (Bottle)."""
import os
import shlex
import subprocess
import tempfile

import bottle
from bottle import HTTPError, request, response, route, static_file

from medialib.catalog import lookup_clip

EXPORT_DIR = os.environ.get("MEDIA_EXPORT_DIR", "/var/lib/medialib/exports")
FFMPEG = os.environ.get("FFMPEG_BIN", "/usr/bin/ffmpeg")


def _clip_or_404(clip_id: int):
    clip = lookup_clip(clip_id)
    if clip is None:
        raise HTTPError(404, "no such clip")
    return clip


@route("/clips/<clip_id:int>/gif")
def export_gif(clip_id: int):
    clip = _clip_or_404(clip_id)

    try:
        start = max(float(request.query.get("start", "0")), 0.0)
        length = min(max(float(request.query.get("length", "3")), 0.5), 15.0)
        width = min(max(int(request.query.get("width", "480")), 64), 1280)
    except ValueError:
        raise HTTPError(400, "start, length and width must be numeric")

    fd, out_path = tempfile.mkstemp(suffix=".gif", dir=EXPORT_DIR)
    os.close(fd)
    cmd = (
        f"{FFMPEG} -hide_banner -loglevel error -y -ss {start:.3f} -t {length:.3f} "
        f"-i {shlex.quote(clip.path)} -vf fps=12,scale={width:d}:-1:flags=lanczos {shlex.quote(out_path)}"
    )
    proc = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        os.unlink(out_path)
        response.status = 422
        return {"error": "export failed"}

    return static_file(os.path.basename(out_path), root=EXPORT_DIR, mimetype="image/gif",
                       download=f"clip-{clip_id}.gif")


@route("/clips/<clip_id:int>")
def clip_info(clip_id: int):
    clip = _clip_or_404(clip_id)
    return {"id": clip_id, "title": clip.title, "duration": clip.duration}


app = bottle.default_app()
