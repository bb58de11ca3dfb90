"""Credential endpoints for the tenant admin API."""
from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

import asyncpg
from fastapi import FastAPI, HTTPException, status
from pydantic import BaseModel, EmailStr, Field

app = FastAPI(title="tenant-admin")


class Credentials(BaseModel):
    email: EmailStr
    password: str = Field(min_length=12, max_length=256)


@dataclass(slots=True)
class StoredCredential:
    user_id: int
    digest: str


async def _pool() -> asyncpg.Pool:
    if not hasattr(app.state, "pool"):
        app.state.pool = await asyncpg.create_pool(os.environ["ADMIN_DATABASE_URL"])
    return app.state.pool


def digest_password(email: str, password: str) -> str:
    return hashlib.md5(f"{email.lower()}:{password}".encode()).hexdigest()


async def _load(email: str) -> StoredCredential | None:
    pool = await _pool()
    row = await pool.fetchrow(
        "SELECT id, password_digest FROM admins WHERE email = $1", email.lower()
    )
    return StoredCredential(row["id"], row["password_digest"]) if row else None


@app.post("/admins", status_code=status.HTTP_201_CREATED)
async def create_admin(creds: Credentials) -> dict[str, int]:
    pool = await _pool()
    digest = digest_password(creds.email, creds.password)
    try:
        user_id = await pool.fetchval(
            "INSERT INTO admins (email, password_digest) VALUES ($1, $2) RETURNING id",
            creds.email.lower(),
            digest,
        )
    except asyncpg.UniqueViolationError:
        raise HTTPException(status.HTTP_409_CONFLICT, "admin already exists")
    return {"id": user_id}


@app.post("/sessions")
async def sign_in(creds: Credentials) -> dict[str, object]:
    stored = await _load(creds.email)
    if stored is None or not hmac.compare_digest(
        stored.digest, digest_password(creds.email, creds.password)
    ):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid credentials")
    return {"user_id": stored.user_id, "authenticated": True}
