"""Chat link previews: fetch the page title of a posted link."""
import re
from urllib.parse import urlparse

import requests
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse

PREVIEW_HOSTS = {"www.youtube.com", "vimeo.com"}
TITLE = re.compile(r"<title>(.*?)</title>", re.I | re.S)


@login_required
def link_preview(request):
    url = request.POST.get("url", "")
    host = urlparse(url).hostname or ""
    page = requests.get(url, timeout=4, allow_redirects=False)
    match = TITLE.search(page.text[:20000])
    return JsonResponse({"host": host, "title": match.group(1).strip() if match else None})
