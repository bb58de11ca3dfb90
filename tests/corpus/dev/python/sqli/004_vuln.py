import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


def db():
    return sqlite3.connect("greetings.db")


@app.get("/greeting")
def greeting():
    name = request.args.get("name", "")
    if name:
        sql = "SELECT message FROM greetings WHERE recipient = '" + name + "'"
    else:
        sql = "SELECT message FROM greetings WHERE recipient = 'everyone'"
    with db() as conn:
        row = conn.execute(sql).fetchone()
    return jsonify({"message": row[0] if row else "Hello"})
