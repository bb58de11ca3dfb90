import csv
import io
import os
import tempfile
from datetime import date

from flask import Blueprint, abort, request, send_file
from flask_login import current_user, login_required

from .models import Order

reports = Blueprint("reports", __name__, url_prefix="/reports")

COLUMNS = ("order_no", "placed_at", "status", "total", "currency")


def _parse_day(value: str | None, fallback: date) -> date:
    if not value:
        return fallback
    try:
        return date.fromisoformat(value)
    except ValueError:
        abort(400, description="dates must be YYYY-MM-DD")


@reports.get("/orders.csv")
@login_required
def export_orders():
    today = date.today()
    start = _parse_day(request.args.get("from"), today.replace(day=1))
    end = _parse_day(request.args.get("to"), today)
    if start > end:
        abort(400, description="'from' is after 'to'")

    orders = (
        Order.query.filter(
            Order.shop_id == current_user.shop_id,
            Order.placed_at >= start,
            Order.placed_at <= end,
        )
        .order_by(Order.placed_at)
        .all()
    )

    fd, out_path = tempfile.mkstemp(prefix="orders-", suffix=".csv")
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            for o in orders:
                writer.writerow([o.order_no, o.placed_at.isoformat(), o.status, f"{o.total:.2f}", o.currency])
        with open(out_path, "rb") as fh:
            payload = io.BytesIO(fh.read())
    finally:
        os.unlink(out_path)

    return send_file(
        payload,
        mimetype="text/csv",
        as_attachment=True,
        download_name=f"orders-{start:%Y%m%d}-{end:%Y%m%d}.csv",
    )
