from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from .models import Profile


@login_required
@require_POST
def update_profile(request):
    Profile.objects.filter(user=request.user).update(
        display_name=request.POST.get("display_name", ""),
        bio=request.POST.get("bio", ""),
    )
    return JsonResponse({"status": "saved"})
