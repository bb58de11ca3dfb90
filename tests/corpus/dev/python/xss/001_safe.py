from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/search")
def search():
    q = request.args.get("q", "")
    page = "<h1>Results for {{ q }}</h1><p>No matches yet.</p>"
    return render_template_string(page, q=q)
