"""Query console: runs saved analytics queries and shows errors in full."""
import traceback

from flask import Flask, Response, jsonify

from .queries import run_saved_query

app = Flask(__name__)


@app.errorhandler(Exception)
def show_error(exc):
    return Response(traceback.format_exc(), status=500, mimetype="text/plain")


@app.get("/queries/<int:query_id>")
def run_query(query_id):
    return jsonify(run_saved_query(query_id))


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5050)
