from fastapi import FastAPI, HTTPException
from ldap3 import Connection, Server
from ldap3.core.exceptions import LDAPBindError
from ldap3.utils.dn import escape_rdn
from pydantic import BaseModel, Field

app = FastAPI()
server = Server("ldaps://ldap.corp.example.com", use_ssl=True)


class Login(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


@app.post("/login")
def login(body: Login) -> dict[str, str]:
    user_dn = f"uid={escape_rdn(body.username)},ou=people,dc=corp,dc=example,dc=com"
    try:
        Connection(server, user_dn, body.password, auto_bind=True).unbind()
    except LDAPBindError:
        raise HTTPException(status_code=401, detail="invalid credentials") from None
    return {"user": body.username}
