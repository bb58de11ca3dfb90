import uuid
from pathlib import Path

from fastapi import Depends, FastAPI, HTTPException, UploadFile

from .auth import User, current_user

app = FastAPI()
STORE = Path("/srv/inbox")
MAX_BYTES = 5 * 1024 * 1024
ACCEPTED = {"png", "jpg", "jpeg", "pdf"}


@app.post("/inbox")
async def add_to_inbox(file: UploadFile, user: User = Depends(current_user)) -> dict[str, str]:
    extension = Path(file.filename or "").suffix.lower().lstrip(".")
    if extension not in ACCEPTED:
        raise HTTPException(status_code=415, detail="unsupported type")
    data = await file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise HTTPException(status_code=413, detail="file too large")
    folder = STORE / str(user.id)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{extension}"
    (folder / name).write_bytes(data)
    return {"stored": name}
