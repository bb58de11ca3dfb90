"""Share links for exported reports.

A share link carries the report id and owner encrypted into an opaque string so
that it can be handed to people outside the organisation.
"""
import base64
import json
import os
import time

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from reporting.auth import User, current_user
from reporting.store import reports

app = FastAPI(title="report-sharing")

SHARE_KEY = base64.b64decode(os.environ["REPORT_SHARE_KEY"])  # 32 bytes
LINK_TTL_SECONDS = 7 * 24 * 3600
_AAD = b"report-share-v2"


class ShareRequest(BaseModel):
    report_id: int


class ShareLink(BaseModel):
    token: str
    expires_at: int


def _encrypt(payload: dict) -> str:
    nonce = os.urandom(12)
    blob = AESGCM(SHARE_KEY).encrypt(nonce, json.dumps(payload).encode(), _AAD)
    return base64.urlsafe_b64encode(nonce + blob).decode()


def _decrypt(token: str) -> dict:
    raw = base64.urlsafe_b64decode(token.encode())
    nonce, blob = raw[:12], raw[12:]
    return json.loads(AESGCM(SHARE_KEY).decrypt(nonce, blob, _AAD))


@app.post("/reports/share", response_model=ShareLink)
def create_share_link(req: ShareRequest, user: User = Depends(current_user)) -> ShareLink:
    if not reports.is_owned_by(req.report_id, user.id):
        raise HTTPException(status_code=404)
    expires_at = int(time.time()) + LINK_TTL_SECONDS
    token = _encrypt({"rid": req.report_id, "owner": user.username, "exp": expires_at})
    return ShareLink(token=token, expires_at=expires_at)


@app.get("/reports/shared/{token}")
def open_shared_report(token: str) -> dict:
    try:
        payload = _decrypt(token)
    except (ValueError, InvalidTag):
        raise HTTPException(status_code=404)
    if payload.get("exp", 0) < time.time():
        raise HTTPException(status_code=410, detail="link expired")
    return {"report_id": payload["rid"], "shared_by": payload["owner"]}
