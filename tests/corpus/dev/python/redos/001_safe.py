import re

from flask import Flask, jsonify, request

from .store import all_articles

app = Flask(__name__)


@app.get("/articles/search")
def search_articles():
    pattern = re.compile(re.escape(request.args.get("q", "")), re.IGNORECASE)
    hits = [a["id"] for a in all_articles() if pattern.search(a["title"])]
    return jsonify({"ids": hits[:50]})
