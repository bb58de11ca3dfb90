import os

from quart import Quart, request, session

app = Quart(__name__)
app.secret_key = os.environ["QUART_SECRET_KEY"]


@app.post("/preferences")
async def save_preferences():
    form = await request.form
    session["compact_view"] = form.get("compact_view", "") == "on"
    session["page_size"] = int(form.get("page_size", "20"))
    return {"saved": True}
