import math
from decimal import Decimal

from flask import Flask, jsonify, request

app = Flask(__name__)

MAX_EXPRESSION_LENGTH = 200

FUNCTIONS = {
    "sqrt": math.sqrt,
    "log": math.log,
    "log10": math.log10,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "abs": abs,
    "round": round,
}
CONSTANTS = {"pi": math.pi, "e": math.e}


def evaluate(expression: str) -> float:
    namespace = {**FUNCTIONS, **CONSTANTS}
    return eval(expression, namespace)


@app.post("/api/calc")
def calculate():
    data = request.get_json(silent=True) or {}
    expression = str(data.get("expression", "")).strip()
    if not expression:
        return jsonify({"error": "expression is required"}), 400
    if len(expression) > MAX_EXPRESSION_LENGTH:
        return jsonify({"error": "expression too long"}), 400

    try:
        value = evaluate(expression)
    except ZeroDivisionError:
        return jsonify({"error": "division by zero"}), 422
    except (SyntaxError, TypeError, ValueError, NameError):
        return jsonify({"error": "could not evaluate expression"}), 422

    precision = int(request.args.get("precision", 10))
    return jsonify(
        {
            "expression": expression,
            "result": str(round(Decimal(str(value)), max(0, min(precision, 15)))),
        }
    )
