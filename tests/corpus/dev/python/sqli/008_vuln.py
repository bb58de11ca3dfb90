from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import text

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///newsletter.db"
db = SQLAlchemy(app)


@app.post("/unsubscribe")
def unsubscribe():
    token = (request.get_json(silent=True) or {}).get("token", "")
    result = db.session.execute(
        text(f"UPDATE subscribers SET active = 0 WHERE unsubscribe_token = '{token}'")
    )
    db.session.commit()
    return jsonify({"updated": result.rowcount})
