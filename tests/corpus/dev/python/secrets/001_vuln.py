import os

from flask import Flask, session

app = Flask(__name__)
app.config.update(
    SECRET_KEY="c9f1e3a47b2d8e6f0a5c3b9d7e1f2a4c",
    SESSION_COOKIE_SECURE=True,
    SESSION_COOKIE_HTTPONLY=True,
    SESSION_COOKIE_SAMESITE="Lax",
)


@app.get("/visits")
def visits():
    session["visits"] = session.get("visits", 0) + 1
    return {"visits": session["visits"]}
