import defusedxml.ElementTree as SafeET
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse

MAX_SVG_BYTES = 512 * 1024


@login_required
def svg_dimensions(request):
    upload = request.FILES["image"]
    if upload.size > MAX_SVG_BYTES:
        return JsonResponse({"error": "file too large"}, status=413)
    root = SafeET.parse(upload).getroot()
    return JsonResponse({"width": root.get("width"), "height": root.get("height")})
