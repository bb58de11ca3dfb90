import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/tickets")
def tickets():
    criteria = {"owner": request.args.get("owner", ""), "state": "open"}
    conn = sqlite3.connect("helpdesk.db")
    rows = conn.execute(
        "SELECT id, subject FROM tickets "
        f"WHERE owner = ? AND state = '{criteria['state']}'",
        (criteria["owner"],),
    ).fetchall()
    conn.close()
    return jsonify([{"id": r[0], "subject": r[1]} for r in rows])
