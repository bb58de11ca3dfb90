"""Credential endpoints for the tenant admin API."""
from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

import asyncpg
from fastapi import FastAPI, HTTPException, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, EmailStr, Field

app = FastAPI(title="tenant-admin")

PBKDF2_ITERATIONS = 600_000


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


def digest_password(password: str, salt: bytes | None = None, iterations: int = PBKDF2_ITERATIONS) -> str:
    salt = salt or os.urandom(16)
    dk = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${dk.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        _, iterations, salt_hex, _ = encoded.split("$")
        candidate = digest_password(password, bytes.fromhex(salt_hex), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(candidate, encoded)


async def _load(email: str) -> StoredCredential | None:
    pool = await _pool()
    row = await pool.fetchrow(
        "SELECT id, password_digest FROM admins WHERE email = $1", email.lower()
    )
    return StoredCredential(row["id"], row["password_digest"]) if row else None


@app.post("/admins", status_code=status.HTTP_201_CREATED)
async def create_admin(creds: Credentials) -> dict[str, int]:
    pool = await _pool()
    digest = await run_in_threadpool(digest_password, creds.password)
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
    if stored is None or not await run_in_threadpool(verify_password, creds.password, stored.digest):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid credentials")
    return {"user_id": stored.user_id, "authenticated": True}
