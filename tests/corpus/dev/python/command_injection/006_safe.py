import asyncio

from fastapi import FastAPI
from fastapi.responses import Response
from pydantic import BaseModel, Field

app = FastAPI()


class Speech(BaseModel):
    text: str = Field(max_length=500)


@app.post("/speak")
async def speak(body: Speech) -> Response:
    proc = await asyncio.create_subprocess_exec(
        "espeak",
        "--stdout",
        "--stdin",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    audio, _ = await proc.communicate(body.text.encode())
    return Response(content=audio, media_type="audio/wav")
