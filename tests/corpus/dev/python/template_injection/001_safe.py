from flask import Flask, jsonify, request
from jinja2 import Template

from .mail import send_mail

app = Flask(__name__)
CAMPAIGN = Template("<p>Hello {{ first_name }},</p><p>{{ message }}</p>", autoescape=True)


@app.post("/campaigns/preview")
def preview_campaign():
    body = request.get_json(force=True)
    rendered = CAMPAIGN.render(first_name="Ada", message=body["message"])
    send_mail(to=body["test_address"], subject="Preview", html=rendered)
    return jsonify({"status": "sent"})
