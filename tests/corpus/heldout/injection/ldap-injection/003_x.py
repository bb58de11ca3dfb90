import os
from typing import Annotated

import ldap
from ldap.dn import escape_dn_chars
from fastapi import FastAPI, Form, HTTPException, Response, status

from .sessions import SESSION_COOKIE, SESSION_TTL, create_session

app = FastAPI()

LDAP_URI = os.environ.get("LDAP_URI", "ldaps://ldap.example.org")
PEOPLE_BASE = os.environ.get("LDAP_PEOPLE_BASE", "ou=people,dc=example,dc=org")


def ldap_authenticate(username: str, password: str) -> dict | None:
    user_dn = f"uid={escape_dn_chars(username)},{PEOPLE_BASE}"
    conn = ldap.initialize(LDAP_URI)
    conn.set_option(ldap.OPT_NETWORK_TIMEOUT, 5)
    conn.set_option(ldap.OPT_X_TLS_REQUIRE_CERT, ldap.OPT_X_TLS_DEMAND)
    try:
        conn.simple_bind_s(user_dn, password)
        _, attrs = conn.search_s(user_dn, ldap.SCOPE_BASE, "(objectClass=*)", ["cn", "mail"])[0]
    except (ldap.INVALID_CREDENTIALS, ldap.NO_SUCH_OBJECT):
        return None
    finally:
        conn.unbind_s()
    return {
        "dn": user_dn,
        "name": attrs.get("cn", [b""])[0].decode(),
        "mail": attrs.get("mail", [b""])[0].decode(),
    }


@app.post("/login")
def login(
    response: Response,
    username: Annotated[str, Form(min_length=1, max_length=64)],
    password: Annotated[str, Form(min_length=1, max_length=256)],
):
    user = ldap_authenticate(username.strip(), password)
    if user is None:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="invalid credentials")

    session_id = create_session(user["dn"], name=user["name"], mail=user["mail"])
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        max_age=SESSION_TTL,
        httponly=True,
        secure=True,
        samesite="lax",
    )
    return {"name": user["name"]}
