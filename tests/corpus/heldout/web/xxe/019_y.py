from decimal import Decimal, InvalidOperation

from flask import Blueprint, jsonify, request
from flask_login import current_user, login_required
from lxml import etree

from .ledger import record_import

bp = Blueprint("invoices", __name__, url_prefix="/api/invoices")

NS = {"inv": "urn:example:invoice:2.1"}
MAX_UPLOAD = 5 * 1024 * 1024

# supplier files rely on DTD-declared entities for currency symbols and
# attribute defaults, so the DTD has to be processed
_parser = etree.XMLParser(load_dtd=True, resolve_entities=True, remove_blank_text=True)


def _text(node, path: str) -> str:
    found = node.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


@bp.post("/import")
@login_required
def import_invoice():
    upload = request.files.get("invoice")
    if upload is None:
        return jsonify(error="no file"), 400
    data = upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        return jsonify(error="file too large"), 413

    try:
        root = etree.fromstring(data, parser=_parser)
    except etree.XMLSyntaxError as exc:
        return jsonify(error=f"invalid XML: {exc.msg}"), 400

    lines = []
    for line in root.iterfind("inv:Lines/inv:Line", NS):
        try:
            amount = Decimal(_text(line, "inv:Amount"))
        except InvalidOperation:
            return jsonify(error="bad amount"), 400
        lines.append({"description": _text(line, "inv:Description"), "amount": str(amount)})

    summary = {
        "supplier": _text(root, "inv:Supplier/inv:Name"),
        "number": _text(root, "inv:Number"),
        "currency": _text(root, "inv:Currency"),
        "lines": lines,
    }
    record_import(current_user.id, summary)
    return jsonify(summary), 201
