import re

from django.http import JsonResponse

EMAIL = re.compile(r"^[a-zA-Z0-9._-]+@[a-zA-Z0-9-]+(\.[a-zA-Z]{2,})+$")


def check_email(request):
    address = request.GET.get("email", "")
    if not EMAIL.match(address):
        return JsonResponse({"valid": False}, status=400)
    return JsonResponse({"valid": True})
