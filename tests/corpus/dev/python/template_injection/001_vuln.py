from flask import Flask, jsonify, request
from jinja2 import Template

from .mail import send_mail

app = Flask(__name__)


@app.post("/campaigns/preview")
def preview_campaign():
    body = request.get_json(force=True)
    rendered = Template(body["template"]).render(first_name="Ada", company="Example Ltd")
    send_mail(to=body["test_address"], subject="Preview", html=rendered)
    return jsonify({"status": "sent"})
