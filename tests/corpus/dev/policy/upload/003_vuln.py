import uuid
from pathlib import Path

from fastapi import Depends, FastAPI, HTTPException, UploadFile

from .auth import User, current_user

app = FastAPI()
STORE = Path("/srv/scans")
MAX_BYTES = 20 * 1024 * 1024
SUFFIXES = {".png", ".jpg", ".jpeg", ".pdf"}


@app.post("/scans")
async def upload_scan(file: UploadFile, user: User = Depends(current_user)) -> dict[str, str]:
    suffix = Path(file.filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise HTTPException(status_code=415, detail="unsupported type")
    data = await file.read()
    name = f"{uuid.uuid4().hex}{suffix}"
    (STORE / str(user.id)).mkdir(parents=True, exist_ok=True)
    (STORE / str(user.id) / name).write_bytes(data)
    return {"scan": name}
