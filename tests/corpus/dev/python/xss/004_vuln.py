import html

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/docs/not-found", response_class=HTMLResponse)
def not_found(path: str = "") -> HTMLResponse:
    body = (
        "<html><body><h2>Page not found</h2>"
        f"<p>We could not find <code>{path}</code>.</p>"
        '<p><a href="/docs/">Back to the documentation</a></p></body></html>'
    )
    return HTMLResponse(body, status_code=404)
