import os

from flask import Flask, abort, redirect, request, session, url_for

app = Flask(__name__)
app.secret_key = os.environ["FLASK_SECRET_KEY"]
PLANS = {"free": 1, "team": 10, "business": 50}


@app.post("/onboarding/plan")
def choose_plan():
    plan = request.form.get("plan", "free")
    if plan not in PLANS:
        abort(400)
    session["plan"] = plan
    session["seats"] = PLANS[plan]
    return redirect(url_for("billing"))


@app.get("/billing")
def billing():
    return {"plan": session.get("plan"), "seats": session.get("seats")}
