import uuid
from pathlib import Path

from fastapi import FastAPI, HTTPException, UploadFile

app = FastAPI()
INBOX = Path("/srv/scanner/inbox")
MAX_BYTES = 10 * 1024 * 1024
SUFFIXES = {".pdf", ".png", ".jpg"}


@app.post("/scans")
async def receive_scan(file: UploadFile) -> dict[str, str]:
    suffix = Path(file.filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise HTTPException(status_code=415, detail="unsupported file type")
    data = await file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise HTTPException(status_code=413, detail="file too large")
    batch = INBOX / uuid.uuid4().hex
    batch.mkdir(parents=True)
    destination = batch / file.filename
    destination.write_bytes(data)
    return {"stored": f"{batch.name}/{destination.name}"}
