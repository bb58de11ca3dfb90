import defusedxml.ElementTree as SafeET
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from lxml import etree

MAX_SVG_BYTES = 512 * 1024


@login_required
def svg_dimensions(request):
    upload = request.FILES["image"]
    if upload.size > MAX_SVG_BYTES:
        return JsonResponse({"error": "file too large"}, status=413)
    parser = etree.XMLParser(load_dtd=True, resolve_entities=True)
    root = etree.parse(upload, parser).getroot()
    return JsonResponse({"width": root.get("width"), "height": root.get("height")})
