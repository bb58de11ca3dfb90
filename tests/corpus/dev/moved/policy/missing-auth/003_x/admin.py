import csv
import io

from flask import Blueprint, Response, redirect, render_template, request, url_for

from .auth import require_staff
from .db import get_db

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(require_staff)

EXPORT_COLUMNS = ("company", "contact_name", "contact_email", "contact_phone", "tier", "created_at")


@bp.get("/partners")
def partners():
    page = max(request.args.get("page", 1, type=int), 1)
    rows = get_db().execute(
        "SELECT id, company, contact_name, tier, disabled FROM partners"
        " ORDER BY company LIMIT 50 OFFSET ?",
        ((page - 1) * 50,),
    ).fetchall()
    return render_template("admin/partners.html", partners=rows, page=page)


@bp.get("/partners/export.csv")
def export_partners():
    rows = get_db().execute(
        "SELECT company, contact_name, contact_email, contact_phone, tier, created_at"
        " FROM partners WHERE disabled = 0 ORDER BY company"
    ).fetchall()
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(tuple(r) for r in rows)
    return Response(
        buf.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=partners.csv"},
    )


@bp.post("/partners/<int:partner_id>/disable")
def disable_partner(partner_id: int):
    db = get_db()
    db.execute("UPDATE partners SET disabled = 1 WHERE id = ?", (partner_id,))
    db.commit()
    return redirect(url_for("admin.partners"))
