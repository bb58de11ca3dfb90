import secrets
from datetime import datetime, timedelta, timezone
from typing import Annotated

from fastapi import BackgroundTasks, Depends, FastAPI, HTTPException
from pydantic import BaseModel, EmailStr, Field

from .auth import User, current_user
from .db import Invitation, get_session, workspace_for_admin
from .mailer import send_invitation

app = FastAPI()

INVITE_TTL_DAYS = 7
PUBLIC_BASE_URL = "https://app.example.com"


class InviteIn(BaseModel):
    email: EmailStr
    note: str | None = Field(default=None, max_length=1000)


@app.post("/workspaces/{workspace_id}/invitations", status_code=202)
async def invite_member(
    workspace_id: int,
    payload: InviteIn,
    background: BackgroundTasks,
    user: Annotated[User, Depends(current_user)],
    session=Depends(get_session),
):
    workspace = await workspace_for_admin(session, workspace_id, user.id)
    if workspace is None:
        raise HTTPException(status_code=404, detail="workspace not found")

    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        workspace_id=workspace.id,
        email=payload.email,
        token=token,
        invited_by=user.id,
        expires_at=datetime.now(timezone.utc) + timedelta(days=INVITE_TTL_DAYS),
    )
    session.add(invitation)
    await session.commit()

    context = {
        "workspace": {"name": workspace.name},
        "inviter": {"display_name": user.display_name},
        "expires_in_days": INVITE_TTL_DAYS,
        "accept_url": f"{PUBLIC_BASE_URL}/invite/{token}",
    }
    background.add_task(send_invitation, payload.email, context, payload.note)
    return {"status": "queued", "email": payload.email}
