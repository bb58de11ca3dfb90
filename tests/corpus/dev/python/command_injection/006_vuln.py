import asyncio

from fastapi import FastAPI
from fastapi.responses import Response
from pydantic import BaseModel, Field

app = FastAPI()


class Speech(BaseModel):
    text: str = Field(max_length=500)


@app.post("/speak")
async def speak(body: Speech) -> Response:
    proc = await asyncio.create_subprocess_shell(
        f"espeak --stdout '{body.text}'",
        stdout=asyncio.subprocess.PIPE,
    )
    audio, _ = await proc.communicate()
    return Response(content=audio, media_type="audio/wav")
