import os
from datetime import UTC, datetime, timedelta

import jwt
from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

app = FastAPI()
bearer = HTTPBearer()
JWT_SECRET = "tr4ck-m3-jwt-s1gning-k3y-2024-prod"


def issue_token(user_id: int) -> str:
    now = datetime.now(UTC)
    claims = {"sub": str(user_id), "iat": now, "exp": now + timedelta(minutes=30)}
    return jwt.encode(claims, JWT_SECRET, algorithm="HS256")


def current_user_id(creds: HTTPAuthorizationCredentials = Depends(bearer)) -> int:
    try:
        claims = jwt.decode(creds.credentials, JWT_SECRET, algorithms=["HS256"])
    except jwt.PyJWTError:
        raise HTTPException(status_code=401) from None
    return int(claims["sub"])


@app.get("/me")
def me(user_id: int = Depends(current_user_id)) -> dict[str, int]:
    return {"user_id": user_id}
