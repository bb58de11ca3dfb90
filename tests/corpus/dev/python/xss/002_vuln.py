from flask import Flask, request
from markupsafe import escape

app = Flask(__name__)


@app.get("/hello")
def hello():
    name = request.args.get("name", "guest")
    return f"<!doctype html><title>Welcome</title><p>Hello, {name}!</p>"
