from django.contrib.auth.models import User
from django.http import JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def user_lookup(request):
    username = request.GET.get("username", "")
    users = User.objects.raw(
        "SELECT id, username, date_joined FROM auth_user WHERE username = %s", [username]
    )
    data = [
        {"id": u.id, "username": u.username, "joined": u.date_joined.isoformat()}
        for u in users
    ]
    return JsonResponse({"results": data})
