"""Views for the front-desk scheduling app."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from .models import Appointment, Clinic

SLOT_LENGTH = dt.timedelta(minutes=20)
OPENING = dt.time(8, 0)
CLOSING = dt.time(17, 0)


def _parse_day(raw: str | None) -> dt.date | None:
    if not raw:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@require_GET
def free_slots(request: HttpRequest) -> JsonResponse:
    """Open booking times for the public booking page (no patient data)."""
    day = _parse_day(request.GET.get("day"))
    if day is None:
        return HttpResponseBadRequest("day must be YYYY-MM-DD")
    clinic = get_object_or_404(Clinic, slug=request.GET.get("clinic", ""))
    taken = set(
        Appointment.objects.filter(clinic=clinic, starts_at__date=day, cancelled=False)
        .values_list("starts_at", flat=True)
    )
    tz = timezone.get_current_timezone()
    cursor = dt.datetime.combine(day, OPENING, tzinfo=tz)
    end = dt.datetime.combine(day, CLOSING, tzinfo=tz)
    slots = []
    while cursor < end:
        if cursor not in taken:
            slots.append(cursor.strftime("%H:%M"))
        cursor += SLOT_LENGTH
    return JsonResponse({"clinic": clinic.name, "day": day.isoformat(), "free": slots})


@login_required
@require_GET
def appointment_list(request: HttpRequest):
    query = request.GET.get("q", "").strip()
    appointments = Appointment.objects.filter(starts_at__gte=timezone.now(), cancelled=False)
    if query:
        appointments = appointments.filter(
            Q(patient_name__icontains=query) | Q(phone__icontains=query)
        )
    return render(
        request,
        "scheduling/appointment_list.html",
        {"appointments": appointments.select_related("clinic").order_by("starts_at")[:200], "q": query},
    )


@login_required
@require_GET
def day_schedule(request: HttpRequest) -> JsonResponse:
    """Full schedule of one clinic for one day, used by the front-desk wall display."""
    day = _parse_day(request.GET.get("day"))
    if day is None:
        return HttpResponseBadRequest("day must be YYYY-MM-DD")
    clinic = get_object_or_404(Clinic, slug=request.GET.get("clinic", ""))
    rows = (
        Appointment.objects.filter(clinic=clinic, starts_at__date=day, cancelled=False)
        .order_by("starts_at")
        .values("id", "starts_at", "patient_name", "phone", "reason")
    )
    return JsonResponse(
        {
            "clinic": clinic.name,
            "day": day.isoformat(),
            "appointments": [
                {**row, "starts_at": f"{row["starts_at"]:%H:%M}"} for row in rows
            ],
        }
    )


@login_required
@require_POST
def cancel_appointment(request: HttpRequest, pk: int):
    appointment = get_object_or_404(Appointment, pk=pk, cancelled=False)
    appointment.cancelled = True
    appointment.cancelled_by = request.user
    appointment.save(update_fields=["cancelled", "cancelled_by"])
    return redirect("scheduling:appointments")


app_name = "scheduling"

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("healthz/", healthz, name="healthz"),
    path("booking/slots/", free_slots, name="free-slots"),
    path("appointments/", appointment_list, name="appointments"),
    path("appointments/<int:pk>/cancel/", cancel_appointment, name="cancel"),
    path("schedule/day/", day_schedule, name="day-schedule"),
]
