from fastapi import FastAPI, HTTPException
from lxml import etree

app = FastAPI()
USERS = etree.parse("/srv/data/users.xml")
FIND_USER = etree.XPath("//user[login/text()=$login and hash/text()=$hash]")


@app.post("/login")
def login(username: str, password_hash: str):
    if not FIND_USER(USERS, login=username, hash=password_hash):
        raise HTTPException(status_code=401, detail="invalid credentials")
    return {"user": username}
