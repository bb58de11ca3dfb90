from django.contrib.auth import authenticate
from django.http import HttpResponse, JsonResponse

from .tokens import issue_remember_token


def remember_me(request):
    user = authenticate(
        request, username=request.POST.get("username"), password=request.POST.get("password")
    )
    if user is None:
        return JsonResponse({"error": "invalid credentials"}, status=401)
    response = HttpResponse(status=204)
    response.set_cookie(
        "remember_token",
        issue_remember_token(user),
        max_age=30 * 24 * 3600,
        secure=True,
        httponly=True,
        samesite="Strict",
    )
    return response
