from urllib.parse import urlparse

import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
FEED_HOSTS = {"feeds.bbci.co.uk", "rss.nytimes.com", "www.theguardian.com"}


@app.get("/feeds/preview")
def preview_feed():
    url = request.args.get("url", "")
    parsed = urlparse(url)
    if parsed.scheme != "https" or parsed.hostname not in FEED_HOSTS:
        abort(400)
    resp = requests.get(url, timeout=5, allow_redirects=False)
    return jsonify({"status": resp.status_code, "bytes": len(resp.content)})
