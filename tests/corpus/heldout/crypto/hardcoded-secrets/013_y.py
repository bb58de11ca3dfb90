"""Store-locator endpoints: geocode a customer's address and list nearby stores."""
import math

import requests
from flask import Flask, abort, jsonify, request

from .stores import all_stores

app = Flask(__name__)

GEOCODER_URL = "https://api.geocodely.io/v2/search"
GEOCODER_API_KEY = "gk_prod_7Qm2vXr9LpT4sW8zN1cB6yHdK3fJ"
MAX_RESULTS = 10


def geocode(address: str) -> tuple[float, float] | None:
    resp = requests.get(
        GEOCODER_URL,
        params={"q": address, "limit": 1},
        headers={"Authorization": f"Bearer {GEOCODER_API_KEY}"},
        timeout=5,
    )
    resp.raise_for_status()
    hits = resp.json().get("results", [])
    if not hits:
        return None
    return hits[0]["lat"], hits[0]["lon"]


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@app.get("/api/stores/nearby")
def nearby():
    address = request.args.get("address", "").strip()
    if not address or len(address) > 200:
        abort(400, "address is required")
    origin = geocode(address)
    if origin is None:
        return jsonify(stores=[], message="address not found")
    ranked = sorted(
        ({**s, "distance_km": round(haversine_km(origin, (s["lat"], s["lon"])), 1)} for s in all_stores()),
        key=lambda s: s["distance_km"],
    )
    return jsonify(stores=ranked[:MAX_RESULTS])
