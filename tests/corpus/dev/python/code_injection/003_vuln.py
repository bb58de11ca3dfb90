import operator

from flask import Flask, jsonify, request

app = Flask(__name__)
OPERATIONS = {"add": operator.add, "sub": operator.sub, "mul": operator.mul}


@app.get("/calc")
def calc():
    op = request.args.get("op", "add")
    a = request.args.get("a", "0")
    b = request.args.get("b", "0")
    if op not in OPERATIONS:
        return jsonify({"error": "unsupported operation"}), 400
    result = eval(f"OPERATIONS['{op}']({a}, {b})")
    return jsonify({"result": result})
