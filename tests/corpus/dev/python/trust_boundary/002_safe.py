from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from .models import Membership


@login_required
def switch_account(request):
    membership = get_object_or_404(
        Membership, user=request.user, account_id=int(request.GET.get("account", "0"))
    )
    request.session["active_account_id"] = membership.account_id
    return JsonResponse({"active": membership.account_id})
