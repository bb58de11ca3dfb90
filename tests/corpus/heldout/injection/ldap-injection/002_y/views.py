from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET
from ldap3.core.exceptions import LDAPException

from .directory import find_by_email


@require_GET
@login_required
def staff_lookup(request):
    email = request.GET.get("email", "").strip()
    if not email:
        return JsonResponse({"error": "email is required"}, status=400)

    try:
        member = find_by_email(email)
    except LDAPException:
        return JsonResponse({"error": "directory unavailable"}, status=503)

    if member is None:
        return JsonResponse({"found": False})
    return JsonResponse(
        {
            "found": True,
            "name": member.display_name,
            "email": member.email,
            "department": member.department,
            "groups": member.groups,
        }
    )
