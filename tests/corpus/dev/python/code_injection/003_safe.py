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
    try:
        result = OPERATIONS[op](float(a), float(b))
    except ValueError:
        return jsonify({"error": "operands must be numbers"}), 400
    return jsonify({"result": result})
