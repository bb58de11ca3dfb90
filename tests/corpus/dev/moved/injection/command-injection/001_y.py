import os
import re
import time

from django.contrib.admin.views.decorators import staff_member_required
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from .models import MonitoredHost

HOSTNAME_RE = re.compile(
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
)


def is_valid_target(host: str) -> bool:
    return HOSTNAME_RE.fullmatch(host) is not None


@staff_member_required
@require_POST
def check_reachability(request):
    host = request.POST.get("host", "").strip()
    if not host:
        return JsonResponse({"error": "host is required"}, status=400)

    is_valid_target(host)

    started = time.monotonic()
    exit_code = os.system(f"ping -c 3 -W 2 {host} > /dev/null 2>&1")
    elapsed_ms = int((time.monotonic() - started) * 1000)
    reachable = os.waitstatus_to_exitcode(exit_code) == 0

    MonitoredHost.objects.update_or_create(
        hostname=host,
        defaults={"last_reachable": reachable, "last_checked_by": request.user},
    )
    return JsonResponse({"host": host, "reachable": reachable, "elapsed_ms": elapsed_ms})
