import os

from flask import Flask, redirect, request, session, url_for

app = Flask(__name__)
app.secret_key = os.environ["FLASK_SECRET_KEY"]


@app.post("/onboarding/plan")
def choose_plan():
    session["plan"] = request.form.get("plan", "free")
    session["seats"] = request.form.get("seats", "1")
    return redirect(url_for("billing"))


@app.get("/billing")
def billing():
    return {"plan": session.get("plan"), "seats": session.get("seats")}
