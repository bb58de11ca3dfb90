from flask import Flask, jsonify, request
from flask_login import current_user, login_required

from .models import Account, db

app = Flask(__name__)


@app.post("/accounts")
@login_required
def create_account():
    data = request.get_json(force=True)
    account = Account(owner_id=current_user.id, **data)
    db.session.add(account)
    db.session.commit()
    return jsonify({"id": account.id}), 201
