"""Stores third-party integration credentials that users paste into settings."""
import base64
import os

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from flask import Blueprint, abort, g, jsonify, request

from .auth import login_required
from .models import Integration, db

bp = Blueprint("integrations", __name__, url_prefix="/api/integrations")

_VAULT_KEY = base64.urlsafe_b64decode(os.environ["INTEGRATION_VAULT_KEY"])


def seal(plaintext: str) -> str:
    padder = padding.PKCS7(128).padder()
    data = padder.update(plaintext.encode()) + padder.finalize()
    encryptor = Cipher(algorithms.AES(_VAULT_KEY), modes.ECB()).encryptor()
    return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode()


def unseal(sealed: str) -> str:
    decryptor = Cipher(algorithms.AES(_VAULT_KEY), modes.ECB()).decryptor()
    data = decryptor.update(base64.b64decode(sealed)) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    return (unpadder.update(data) + unpadder.finalize()).decode()


@bp.put("/<int:integration_id>/credentials")
@login_required
def save_credentials(integration_id: int):
    integration = Integration.query.filter_by(id=integration_id, owner_id=g.user.id).first()
    if integration is None:
        abort(404)
    payload = request.get_json(silent=True) or {}
    api_token = payload.get("api_token")
    if not isinstance(api_token, str) or not api_token.strip():
        abort(400, "api_token is required")
    integration.sealed_token = seal(api_token.strip())
    db.session.commit()
    return jsonify(id=integration.id, configured=True)


@bp.get("/<int:integration_id>")
@login_required
def show(integration_id: int):
    integration = Integration.query.filter_by(id=integration_id, owner_id=g.user.id).first_or_404()
    token_hint = None
    if integration.sealed_token:
        token_hint = "..." + unseal(integration.sealed_token)[-4:]
    return jsonify(id=integration.id, provider=integration.provider, token_hint=token_hint)
