from flask import Flask, jsonify, request
from jinja2 import Environment, StrictUndefined

app = Flask(__name__)
env = Environment(undefined=StrictUndefined, autoescape=True)


@app.post("/notifications/preview")
def preview_subject():
    data = request.get_json(silent=True) or {}
    customer = str(data.get("customer", "customer"))
    subject_template = data.get("subject", "Your order for {{ customer }} has shipped")
    subject = env.from_string(subject_template).render(customer=customer)
    return jsonify({"subject": subject})
