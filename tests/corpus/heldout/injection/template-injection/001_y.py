from datetime import datetime, timezone

from flask import Flask, abort, render_template_string, request

from .store import get_campaign

app = Flask(__name__)

LANDING_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ campaign.title }}</title></head>
<body>
  <main class="landing">
    <h1>{{ campaign.title }}</h1>
    {% if first_name %}
    <p>Welcome back, {{ first_name }}!</p>
    {% else %}
    <p>Welcome!</p>
    {% endif %}
    <p class="fine-print">Offer valid until {{ campaign.ends_at.strftime("%d %B %Y") }}.</p>
  </main>
</body>
</html>
"""


@app.get("/c/<slug>")
def campaign_landing(slug: str):
    campaign = get_campaign(slug)
    if campaign is None or campaign.ends_at < datetime.now(timezone.utc):
        abort(404)
    # links in campaign emails carry ?n=<first name> for a personal greeting
    first_name = request.args.get("n", "").strip()[:80]
    return render_template_string(LANDING_PAGE, campaign=campaign, first_name=first_name)
