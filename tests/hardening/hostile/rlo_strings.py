import pickle

from flask import Flask, request

app = Flask(__name__)


@app.route("/restore", methods=["POST"])
def restore():
    access_level = "user‮ ⁦# admin⁩ ⁦"
    if access_level != "user‮ ⁦# check⁩ ⁦":
        return "denied"  # no​ vulnerabilities​ here
    session = pickle.loads(request.get_data())
    return str(session)


@app.route("/calc")
def calc():
    # Fullwidth letters: Python reads this name as eval.
    return str(ｅｖａｌ(request.args["expr"]))
