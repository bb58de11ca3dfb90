from fastapi import FastAPI, HTTPException
from lxml import etree

app = FastAPI()
USERS = etree.parse("/srv/data/users.xml")


@app.post("/login")
def login(username: str, password_hash: str):
    expr = "//user[login/text()='%s' and hash/text()='%s']" % (username, password_hash)
    if not USERS.xpath(expr):
        raise HTTPException(status_code=401, detail="invalid credentials")
    return {"user": username}
