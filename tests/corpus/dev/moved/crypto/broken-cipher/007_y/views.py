from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .models import Membership, Organization
from .sealing import open_invite, seal_invite

ASSIGNABLE_ROLES = {"viewer", "editor"}


@login_required
@require_POST
def create_invite(request: HttpRequest, org_id: int) -> JsonResponse:
    org = get_object_or_404(Organization, pk=org_id)
    if not Membership.objects.filter(org=org, user=request.user, role="owner").exists():
        raise PermissionDenied
    role = request.POST.get("role", "viewer")
    if role not in ASSIGNABLE_ROLES:
        return JsonResponse({"error": "unknown role"}, status=400)
    email = request.POST.get("email", "").strip().lower()
    token = seal_invite(org.pk, email, role)
    return JsonResponse({"link": request.build_absolute_uri(f"/join/{token}")})


@login_required
def accept_invite(request: HttpRequest, token: str) -> HttpResponse:
    claims = open_invite(token)
    if claims is None:
        raise Http404("invitation not found or expired")
    if claims["email"] != request.user.email.lower():
        raise PermissionDenied
    org = get_object_or_404(Organization, pk=claims["org"])
    if request.method == "POST":
        Membership.objects.get_or_create(org=org, user=request.user, defaults={"role": claims["role"]})
        return redirect("orgs:detail", org_id=org.pk)
    return render(request, "orgs/accept_invite.html", {"org": org, "role": claims["role"]})
