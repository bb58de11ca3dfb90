"""Token issuing endpoint for the field-technician mobile app."""
import json
import os
from datetime import datetime, timedelta, timezone
from functools import lru_cache

import boto3
import jwt
from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import OAuth2PasswordRequestForm

from .directory import authenticate_technician

app = FastAPI()

ISSUER = "https://auth.fieldops.example"
ACCESS_TTL = timedelta(minutes=30)
SIGNING_SECRET_ID = os.environ.get("FIELDOPS_SIGNING_SECRET_ID", "fieldops/prod/jwt-signing")


@lru_cache(maxsize=1)
def _signing_key() -> str:
    client = boto3.client("secretsmanager")
    secret = client.get_secret_value(SecretId=SIGNING_SECRET_ID)
    return json.loads(secret["SecretString"])["hs256_key"]


def issue_access_token(
    subject: str,
    scopes: list[str],
    signing_key: str | None = None,
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
    return jwt.encode(claims, signing_key or _signing_key(), algorithm="HS256")


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
