"""Embeddable uptime badge: /badge?service=api&label=Our%20API"""

from urllib.parse import parse_qs

from mako.template import Template

from .status import current_status

STATUS_COLOURS = {"operational": "#2da44e", "degraded": "#d4a72c", "outage": "#cf222e"}

BADGE_TEMPLATE = Template(
    """<!doctype html>
<html><head><meta charset="utf-8">
<style>
  .badge { font: 12px sans-serif; display: inline-flex; border-radius: 3px; overflow: hidden; }
  .badge span { padding: 2px 6px; color: #fff; }
</style></head>
<body>
<div class="badge">
  <span style="background:#555">${label}</span>
  <span style="background:${colour}">${status}</span>
</div>
</body></html>
""",
    default_filters=["h"],
)


def application(environ, start_response):
    params = parse_qs(environ.get("QUERY_STRING", ""))
    service = params.get("service", [""])[0]
    label = params.get("label", [service or "status"])[0][:60]

    status = current_status(service)
    if status is None:
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return [b"unknown service"]

    html = BADGE_TEMPLATE.render(
        label=label,
        status=status,
        colour=STATUS_COLOURS.get(status, "#555"),
    )
    body = html.encode("utf-8")
    start_response(
        "200 OK",
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "public, max-age=60"),
        ],
    )
    return [body]
