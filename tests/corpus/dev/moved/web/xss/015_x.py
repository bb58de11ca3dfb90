from flask import Blueprint, request
from markupsafe import escape

from .catalog import search_products

bp = Blueprint("search", __name__)

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Search</title>
<link rel="stylesheet" href="/static/site.css"></head>
<body>
<form action="/search" method="get"><input name="q" placeholder="Search products"></form>
{body}
</body>
</html>"""


def _product_row(product) -> str:
    return (
        f'<li><a href="/p/{product.id}">{escape(product.display_name)}</a>'
        f' <span class="price">{product.price_cents / 100:.2f}</span></li>'
    )


@bp.get("/search")
def search():
    query = request.args.get("q", "").strip()
    if not query:
        return PAGE.format(body="<p>Type something to search.</p>")

    shown = escape(query)

    results = search_products(query, limit=50)
    if not results:
        body = f"<p>No products matched <strong>{shown}</strong>.</p>"
    else:
        rows = "\n".join(_product_row(p) for p in results)
        body = f"<h2>{len(results)} results for “{shown}”</h2>\n<ul>{rows}</ul>"
    return PAGE.format(body=body)
