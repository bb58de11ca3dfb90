from fastapi import Depends, FastAPI

from .auth import User, current_user
from .jobs import queue_depth, recent_jobs

app = FastAPI()


@app.get("/health")
def health() -> dict[str, bool]:
    return {"ok": True}


@app.get("/status")
def status() -> dict[str, int | str]:
    return {"service": "render-queue", "queued": queue_depth()}


@app.get("/jobs")
def jobs(user: User = Depends(current_user)) -> list[dict]:
    return [{"id": j.id, "state": j.state} for j in recent_jobs(owner_id=user.id)]
