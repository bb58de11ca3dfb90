"""Finance portal: invoice review and revenue exports for staff."""
import csv
import io
import os
from datetime import date

from flask import Flask, Response, abort, jsonify, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import func

from .models import Invoice, StaffUser, db

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["PORTAL_SECRET_KEY"]
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["PORTAL_DATABASE_URL"]
app.config["SESSION_COOKIE_SECURE"] = True
app.config["SESSION_COOKIE_HTTPONLY"] = True

db.init_app(app)
csrf = CSRFProtect(app)
login_manager = LoginManager(app)
login_manager.login_view = "login"


@login_manager.user_loader
def load_user(user_id: str):
    return db.session.get(StaffUser, int(user_id))


def _csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    # keep spreadsheet apps from treating customer-entered names as formulas
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


@app.get("/health")
def health():
    return {"status": "ok"}


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("login.html")
    user = StaffUser.query.filter_by(email=request.form.get("email", "")).first()
    if user is None or not user.check_password(request.form.get("password", "")):
        return render_template("login.html", error="Invalid email or password"), 401
    login_user(user)
    return redirect(url_for("invoice_list"))


@app.post("/logout")
@login_required
def logout():
    logout_user()
    return redirect(url_for("login"))


@app.get("/invoices")
@login_required
def invoice_list():
    page = request.args.get("page", 1, type=int)
    invoices = Invoice.query.order_by(Invoice.issued_on.desc()).paginate(page=page, per_page=50)
    return render_template("invoices.html", invoices=invoices)


@app.get("/invoices/<int:invoice_id>")
@login_required
def invoice_detail(invoice_id: int):
    invoice = db.get_or_404(Invoice, invoice_id)
    return render_template("invoice.html", invoice=invoice)


@app.post("/invoices/<int:invoice_id>/mark-paid")
@login_required
def mark_paid(invoice_id: int):
    invoice = db.get_or_404(Invoice, invoice_id)
    if invoice.status != "open":
        abort(409)
    invoice.status = "paid"
    invoice.paid_on = date.today()
    invoice.updated_by = current_user.id
    db.session.commit()
    return jsonify(id=invoice.id, status=invoice.status)


@app.get("/reports/revenue.csv")
def revenue_report():
    year = request.args.get("year", date.today().year, type=int)
    rows = (
        db.session.query(
            Invoice.customer_name,
            Invoice.customer_email,
            func.sum(Invoice.amount_cents).label("total"),
        )
        .filter(func.extract("year", Invoice.issued_on) == year, Invoice.status == "paid")
        .group_by(Invoice.customer_name, Invoice.customer_email)
        .order_by(func.sum(Invoice.amount_cents).desc())
        .all()
    )

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["customer", "email", "total"])
    for name, email, total in rows:
        writer.writerow([_csv_cell(name), _csv_cell(email), f"{total / 100:.2f}"])

    return Response(
        buf.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="revenue-{year}.csv"'},
    )
