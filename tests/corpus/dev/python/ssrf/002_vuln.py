import urllib.request
from urllib.parse import urlparse

from django.http import HttpResponse, HttpResponseBadRequest

CDN_HOST = "images.examplecdn.net"
MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


def image_proxy(request):
    src = request.GET.get("src", "")
    with urllib.request.urlopen(src, timeout=5) as upstream:
        content_type = upstream.headers.get("Content-Type", "")
        if content_type not in IMAGE_TYPES:
            return HttpResponseBadRequest("not an image")
        data = upstream.read(MAX_IMAGE_BYTES)
    return HttpResponse(data, content_type=content_type)
