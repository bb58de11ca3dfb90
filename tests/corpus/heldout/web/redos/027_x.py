import json
import re

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from .models import Organization

ORG_NAME_RE = re.compile(r"^([\w&.,'-]+\s?)*$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _errors(name: str, slug: str) -> dict[str, str]:
    errors = {}
    if not name or len(name) > 200:
        errors["name"] = "Name must be between 1 and 200 characters."
    elif not ORG_NAME_RE.match(name):
        errors["name"] = "Name contains unsupported characters."
    if not slug or len(slug) > 50 or not SLUG_RE.match(slug):
        errors["slug"] = "Use lowercase letters, digits and single hyphens."
    elif Organization.objects.filter(slug=slug).exists():
        errors["slug"] = "That address is already taken."
    return errors


@login_required
@require_POST
def create_organization(request):
    try:
        payload = json.loads(request.body or b"{}")
    except json.JSONDecodeError:
        return JsonResponse({"error": "invalid JSON"}, status=400)

    name = str(payload.get("name", "")).strip()
    slug = str(payload.get("slug", "")).strip().lower()
    errors = _errors(name, slug)
    if errors:
        return JsonResponse({"errors": errors}, status=422)

    with transaction.atomic():
        org = Organization.objects.create(name=name, slug=slug, created_by=request.user)
        org.memberships.create(user=request.user, role="owner")
    return JsonResponse({"id": org.pk, "slug": org.slug}, status=201)
