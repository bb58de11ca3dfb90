import asyncio
from pathlib import Path

FFMPEG_TIMEOUT = 30


class ThumbnailError(RuntimeError):
    pass


async def extract_frame(video: Path, dest: Path, timestamp: str, width: int) -> Path:
    proc = await asyncio.create_subprocess_exec(
        "ffmpeg",
        "-nostdin",
        "-loglevel", "error",
        "-ss", timestamp,
        "-i", str(video),
        "-frames:v", "1",
        "-vf", f"scale={width}:-2",
        "-y", str(dest),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        _, stderr = await asyncio.wait_for(proc.communicate(), FFMPEG_TIMEOUT)
    except asyncio.TimeoutError:
        proc.kill()
        await proc.wait()
        raise ThumbnailError("ffmpeg timed out")
    if proc.returncode != 0:
        raise ThumbnailError(stderr.decode(errors="replace").strip()[-300:])
    return dest
