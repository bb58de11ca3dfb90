from flask import Flask, abort, jsonify
from flask_login import current_user, login_required

from .models import User

app = Flask(__name__)


@app.get("/health")
def health():
    return {"ok": True}


@app.get("/account")
@login_required
def account():
    return jsonify({"id": current_user.id, "email": current_user.email})


@app.get("/admin/users")
@login_required
def list_users():
    if not current_user.is_admin:
        abort(403)
    users = User.query.order_by(User.created_at.desc()).limit(100).all()
    return jsonify([{"id": u.id, "email": u.email, "plan": u.plan} for u in users])
