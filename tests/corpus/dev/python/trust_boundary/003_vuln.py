import os

from quart import Quart, request, session

app = Quart(__name__)
app.secret_key = os.environ["QUART_SECRET_KEY"]


@app.post("/preferences")
async def save_preferences():
    form = await request.form
    session["is_staff_view"] = form.get("staff_view", "")
    session["display_name"] = form.get("display_name", "")
    return {"saved": True}
