import requests
from flask import Flask, jsonify, request

app = Flask(__name__)
INVENTORY = "http://inventory.internal:8080"


@app.get("/stock")
def stock():
    item = int(request.args.get("item", "0"))
    resp = requests.get(f"{INVENTORY}/items/{item}", timeout=3)
    resp.raise_for_status()
    data = resp.json()
    return jsonify({"item": data.get("id"), "available": data.get("available", 0)})
