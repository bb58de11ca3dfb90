from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import PlainTextResponse

app = FastAPI()
TEMPLATES = Path("/srv/mailer/templates").resolve()


@app.get("/templates/{name:path}", response_class=PlainTextResponse)
def read_template(name: str) -> str:
    target = (TEMPLATES / name).resolve()
    if not target.is_relative_to(TEMPLATES) or not target.is_file():
        raise HTTPException(status_code=404)
    return target.read_text(encoding="utf-8")
