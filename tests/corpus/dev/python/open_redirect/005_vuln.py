from flask import Flask, redirect, request, url_for
from flask_login import current_user, login_required

from .prefs import save_preferences

app = Flask(__name__)


@app.post("/settings/save")
@login_required
def save_settings():
    save_preferences(current_user.id, theme=request.form.get("theme", "light"))
    continue_to = request.form.get("continue")
    if continue_to:
        return redirect(continue_to)
    return redirect(url_for("settings_page"))


@app.get("/settings")
@login_required
def settings_page():
    return "settings"
