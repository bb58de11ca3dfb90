from django.contrib.auth.decorators import login_required
from django.http import JsonResponse


@login_required
def switch_account(request):
    request.session["active_account_id"] = request.GET.get("account", "")
    return JsonResponse({"active": request.session["active_account_id"]})
