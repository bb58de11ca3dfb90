from flask import Flask, request

app = Flask(__name__)
ARCHIVE = [f"Issue #{n}" for n in range(1, 121)]


@app.route("/archive")
def archive():
    page = request.args.get("page", "1")
    number = int(page) if page.isdigit() else 1
    start = (number - 1) * 20
    rows = "".join(f"<li>{title}</li>" for title in ARCHIVE[start : start + 20])
    return (
        f"<html><body><h1>Archive, page {page}</h1><ul>{rows}</ul></body></html>",
        200,
        {"Content-Type": "text/html; charset=utf-8"},
    )
