"""Stores third-party integration credentials that users paste into settings."""
import base64
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Blueprint, abort, g, jsonify, request

from .auth import login_required
from .models import Integration, db

bp = Blueprint("integrations", __name__, url_prefix="/api/integrations")

_VAULT_KEY = base64.urlsafe_b64decode(os.environ["INTEGRATION_VAULT_KEY"])


def seal(plaintext: str, integration_id: int) -> str:
    nonce = os.urandom(12)
    aad = f"integration:{integration_id}".encode()
    ct = AESGCM(_VAULT_KEY).encrypt(nonce, plaintext.encode(), aad)
    return base64.b64encode(nonce + ct).decode()


def unseal(sealed: str, integration_id: int) -> str:
    blob = base64.b64decode(sealed)
    aad = f"integration:{integration_id}".encode()
    return AESGCM(_VAULT_KEY).decrypt(blob[:12], blob[12:], aad).decode()


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
    integration.sealed_token = seal(api_token.strip(), integration.id)
    db.session.commit()
    return jsonify(id=integration.id, configured=True)


@bp.get("/<int:integration_id>")
@login_required
def show(integration_id: int):
    integration = Integration.query.filter_by(id=integration_id, owner_id=g.user.id).first_or_404()
    token_hint = None
    if integration.sealed_token:
        token_hint = "..." + unseal(integration.sealed_token, integration.id)[-4:]
    return jsonify(id=integration.id, provider=integration.provider, token_hint=token_hint)
