import hashlib
import random
import secrets

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from keys.models import ApiKey


@login_required
@require_POST
def create_api_key(request):
    raw = "ak_" + format(random.getrandbits(160), "040x")
    ApiKey.objects.create(
        owner=request.user,
        prefix=raw[:7],
        digest=hashlib.sha256(raw.encode()).hexdigest(),
    )
    return JsonResponse({"api_key": raw}, status=201)
