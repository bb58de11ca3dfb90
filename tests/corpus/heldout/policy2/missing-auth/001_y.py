"""Appointment views for the patient portal front office."""
from datetime import date, timedelta

from flask import Blueprint, Response, abort, jsonify, render_template, request
from flask_login import current_user, login_required

from .models import Appointment, Clinician, db

bp = Blueprint("appointments", __name__)


@bp.get("/health")
def health():
    return jsonify(status="ok")


@bp.get("/appointments")
@login_required
def my_appointments():
    upcoming = (
        Appointment.query.filter_by(patient_id=current_user.id)
        .filter(Appointment.starts_at >= date.today())
        .order_by(Appointment.starts_at)
        .all()
    )
    return render_template("appointments/list.html", appointments=upcoming)


@bp.get("/appointments/<int:appointment_id>")
@login_required
def appointment_detail(appointment_id: int):
    appt = Appointment.query.filter_by(id=appointment_id, patient_id=current_user.id).first()
    if appt is None:
        abort(404)
    return render_template("appointments/detail.html", appointment=appt)


@bp.post("/appointments/<int:appointment_id>/cancel")
@login_required
def cancel_appointment(appointment_id: int):
    appt = Appointment.query.filter_by(id=appointment_id, patient_id=current_user.id).first_or_404()
    appt.status = "cancelled"
    db.session.commit()
    return jsonify(id=appt.id, status=appt.status)


def _ics_line(appt: Appointment) -> str:
    start = appt.starts_at.strftime("%Y%m%dT%H%M%S")
    end = (appt.starts_at + timedelta(minutes=appt.duration_minutes)).strftime("%Y%m%dT%H%M%S")
    return (
        "BEGIN:VEVENT\r\n"
        f"UID:appt-{appt.id}@clinic\r\n"
        f"DTSTART:{start}\r\nDTEND:{end}\r\n"
        f"SUMMARY:{appt.patient.full_name} - {appt.reason}\r\n"
        "END:VEVENT\r\n"
    )


@bp.get("/clinicians/<int:clinician_id>/calendar.ics")
def clinician_calendar(clinician_id: int):
    clinician = Clinician.query.get_or_404(clinician_id)
    days = min(int(request.args.get("days", 14)), 60)
    window_end = date.today() + timedelta(days=days)
    appointments = (
        Appointment.query.filter_by(clinician_id=clinician.id)
        .filter(Appointment.starts_at >= date.today(), Appointment.starts_at <= window_end)
        .all()
    )
    body = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
    body += "".join(_ics_line(a) for a in appointments)
    body += "END:VCALENDAR\r\n"
    return Response(body, mimetype="text/calendar")
