import re
from html import unescape
from urllib.parse import urlparse

import requests
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

TITLE_RE = re.compile(r"<title>([^<]{0,300})</title>", re.IGNORECASE)
PREVIEW_HOSTS = frozenset(
    {
        "www.youtube.com",
        "youtu.be",
        "vimeo.com",
        "github.com",
        "gist.github.com",
        "docs.google.com",
    }
)


class PreviewRequestSerializer(serializers.Serializer):
    url = serializers.CharField(max_length=2048)


class LinkPreviewView(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [UserRateThrottle]

    def post(self, request):
        ser = PreviewRequestSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        url = ser.validated_data["url"].strip()

        parsed = urlparse(url)
        if parsed.scheme != "https":
            return Response({"detail": "unsupported scheme"}, status=status.HTTP_400_BAD_REQUEST)
        if (parsed.hostname or "").lower() not in PREVIEW_HOSTS:
            return Response({"detail": "previews are not available for this site"}, status=status.HTTP_400_BAD_REQUEST)

        try:
            resp = requests.get(
                url,
                timeout=(3, 5),
                headers={"User-Agent": "ChatUnfurl/2.0"},
                stream=True,
                allow_redirects=False,
            )
            body = resp.raw.read(256 * 1024, decode_content=True).decode(
                resp.encoding or "utf-8", errors="replace"
            )
        except requests.RequestException:
            return Response({"detail": "could not fetch link"}, status=status.HTTP_502_BAD_GATEWAY)

        title = TITLE_RE.search(body)
        return Response(
            {
                "url": url,
                "status": resp.status_code,
                "title": unescape(title.group(1)).strip() if title else None,
            }
        )
