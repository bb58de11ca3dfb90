import os

from flask import Flask, abort, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from werkzeug.security import generate_password_hash

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
app.config["SQLALCHEMY_TRACK_MODIFICATIONS"] = False
db = SQLAlchemy(app)


class Member(db.Model):
    __tablename__ = "members"

    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(255), unique=True, nullable=False)
    display_name = db.Column(db.String(80))
    password_hash = db.Column(db.String(255), nullable=False)
    newsletter = db.Column(db.Boolean, default=False, nullable=False)
    plan = db.Column(db.String(20), default="free", nullable=False)
    is_admin = db.Column(db.Boolean, default=False, nullable=False)

    def to_public(self) -> dict:
        return {
            "id": self.id,
            "display_name": self.display_name,
            "plan": self.plan,
        }


MIN_PASSWORD_LENGTH = 12
SIGNUP_FIELDS = ("email", "display_name", "newsletter")


@app.post("/api/members")
def register_member():
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        abort(400, description="expected a JSON object")

    password = payload.pop("password", None)
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        abort(400, description="password too short")

    email = str(payload.get("email", "")).strip().lower()
    if "@" not in email:
        abort(400, description="invalid email")
    payload["email"] = email

    if Member.query.filter_by(email=email).first() is not None:
        return jsonify(error="email already registered"), 409

    fields = {name: payload[name] for name in SIGNUP_FIELDS if name in payload}
    member = Member(**fields)
    member.password_hash = generate_password_hash(password)
    db.session.add(member)
    db.session.commit()
    return jsonify(member.to_public() | {"email": member.email}), 201


@app.get("/api/members/<int:member_id>")
def show_member(member_id: int):
    member = db.get_or_404(Member, member_id)
    return jsonify(member.to_public())
