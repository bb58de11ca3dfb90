"""Share links for exported reports.

A share link carries the report id and owner encrypted into an opaque string so
that it can be handed to people outside the organisation.
"""
import base64
import json
import os
import time

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel

from reporting.auth import User, current_user
from reporting.store import reports

app = FastAPI(title="report-sharing")

SHARE_KEY = base64.b64decode(os.environ["REPORT_SHARE_KEY"])  # 32 bytes
LINK_TTL_SECONDS = 7 * 24 * 3600


class ShareRequest(BaseModel):
    report_id: int


class ShareLink(BaseModel):
    token: str
    expires_at: int


def _encrypt(payload: dict) -> str:
    padder = padding.PKCS7(128).padder()
    data = padder.update(json.dumps(payload).encode()) + padder.finalize()
    encryptor = Cipher(algorithms.AES(SHARE_KEY), modes.ECB()).encryptor()
    blob = encryptor.update(data) + encryptor.finalize()
    return base64.urlsafe_b64encode(blob).decode()


def _decrypt(token: str) -> dict:
    blob = base64.urlsafe_b64decode(token.encode())
    decryptor = Cipher(algorithms.AES(SHARE_KEY), modes.ECB()).decryptor()
    data = decryptor.update(blob) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    return json.loads(unpadder.update(data) + unpadder.finalize())


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
    except (ValueError, KeyError):
        raise HTTPException(status_code=404)
    if payload.get("exp", 0) < time.time():
        raise HTTPException(status_code=410, detail="link expired")
    return {"report_id": payload["rid"], "shared_by": payload["owner"]}
