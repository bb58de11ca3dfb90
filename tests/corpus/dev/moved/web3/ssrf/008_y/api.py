from typing import Literal

from celery.result import AsyncResult
from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel, Field

from .auth import User, current_user
from .tasks import import_avatar
from .worker import celery_app

app = FastAPI(title="profiles")


class AvatarImport(BaseModel):
    provider: Literal["github", "gitlab", "identicon"]
    handle: str = Field(min_length=1, max_length=64)


@app.post("/me/avatar/import", status_code=202)
async def request_avatar_import(body: AvatarImport, user: User = Depends(current_user)):
    job = import_avatar.delay(user.id, body.provider, body.handle)
    return {"job_id": job.id}


@app.get("/me/avatar/jobs/{job_id}")
async def avatar_job_status(job_id: str, user: User = Depends(current_user)):
    result = AsyncResult(job_id, app=celery_app)
    if not result.ready():
        return {"state": result.state}
    payload = result.get(propagate=False)
    if not isinstance(payload, dict) or payload.get("user_id") != user.id:
        raise HTTPException(status_code=404)
    return {"state": result.state, **payload}
