from datetime import datetime, timezone

from flask import Flask, abort, render_template_string, request

from .store import get_campaign

app = Flask(__name__)

LANDING_LAYOUT = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ campaign.title }}</title></head>
<body>
  <main class="landing">
    <h1>{{ campaign.title }}</h1>
    %s
    <p class="fine-print">Offer valid until {{ campaign.ends_at.strftime("%%d %%B %%Y") }}.</p>
  </main>
</body>
</html>
"""


def greeting_block(first_name: str) -> str:
    if not first_name:
        return "<p>Welcome!</p>"
    return f"<p>Welcome back, {first_name}!</p>"


@app.get("/c/<slug>")
def campaign_landing(slug: str):
    campaign = get_campaign(slug)
    if campaign is None or campaign.ends_at < datetime.now(timezone.utc):
        abort(404)
    # links in campaign emails carry ?n=<first name> for a personal greeting
    first_name = request.args.get("n", "").strip()[:80]
    page = LANDING_LAYOUT % greeting_block(first_name)
    return render_template_string(page, campaign=campaign)
