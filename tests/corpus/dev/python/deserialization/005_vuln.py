import json

import jsonpickle
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.http import require_POST

from notes.models import Note


@login_required
@require_POST
def import_notes(request):
    payload = jsonpickle.decode(request.body)
    if not isinstance(payload, list):
        return HttpResponseBadRequest("expected a list of notes")
    created = 0
    for item in payload[:500]:
        Note.objects.create(owner=request.user, title=str(item["title"])[:200],
                            body=str(item.get("body", "")))
        created += 1
    return JsonResponse({"created": created})
