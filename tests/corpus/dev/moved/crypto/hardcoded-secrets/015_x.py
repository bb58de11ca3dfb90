"""Token issuing endpoint for the field-technician mobile app."""
from datetime import datetime, timedelta, timezone

import jwt
from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import OAuth2PasswordRequestForm

from .directory import authenticate_technician

app = FastAPI()

ISSUER = "https://auth.fieldops.example"
ACCESS_TTL = timedelta(minutes=30)


def issue_access_token(
    subject: str,
    scopes: list[str],
    signing_key: str = "f1eld0ps-9c4e7b2a5d8f3e6a1b0c9d7e4f2a8b5c",
    ttl: timedelta = ACCESS_TTL,
) -> str:
    now = datetime.now(timezone.utc)
    claims = {
        "iss": ISSUER,
        "sub": subject,
        "aud": "fieldops-mobile",
        "scope": " ".join(scopes),
        "iat": now,
        "exp": now + ttl,
    }
    return jwt.encode(claims, signing_key, algorithm="HS256")


@app.post("/oauth/token")
def token(form: OAuth2PasswordRequestForm = Depends()):
    tech = authenticate_technician(form.username, form.password)
    if tech is None:
        raise HTTPException(status_code=401, detail="invalid credentials")
    granted = [s for s in form.scopes if s in tech.allowed_scopes] or ["jobs:read"]
    return {
        "access_token": issue_access_token(str(tech.id), granted),
        "token_type": "bearer",
        "expires_in": int(ACCESS_TTL.total_seconds()),
    }
