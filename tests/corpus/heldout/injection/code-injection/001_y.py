import ast
import math
import operator
from decimal import Decimal

from flask import Flask, jsonify, request

app = Flask(__name__)

MAX_EXPRESSION_LENGTH = 200
MAX_EXPONENT = 100

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

BINARY_OPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
UNARY_OPS = {ast.UAdd: operator.pos, ast.USub: operator.neg}


def _eval_node(node: ast.AST) -> float:
    match node:
        case ast.Expression(body=body):
            return _eval_node(body)
        case ast.Constant(value=value) if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        case ast.Name(id=name) if name in CONSTANTS:
            return CONSTANTS[name]
        case ast.BinOp(left=left, op=op, right=right) if type(op) in BINARY_OPS:
            lhs, rhs = _eval_node(left), _eval_node(right)
            if isinstance(op, ast.Pow) and abs(rhs) > MAX_EXPONENT:
                raise ValueError("exponent too large")
            return BINARY_OPS[type(op)](lhs, rhs)
        case ast.UnaryOp(op=op, operand=operand) if type(op) in UNARY_OPS:
            return UNARY_OPS[type(op)](_eval_node(operand))
        case ast.Call(func=ast.Name(id=name), args=args, keywords=[]) if name in FUNCTIONS:
            return FUNCTIONS[name](*(_eval_node(a) for a in args))
        case _:
            raise ValueError(f"unsupported syntax: {type(node).__name__}")


def evaluate(expression: str) -> float:
    tree = ast.parse(expression, mode="eval")
    return _eval_node(tree)


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
    except (SyntaxError, TypeError, ValueError, OverflowError):
        return jsonify({"error": "could not evaluate expression"}), 422

    precision = int(request.args.get("precision", 10))
    return jsonify(
        {
            "expression": expression,
            "result": str(round(Decimal(str(value)), max(0, min(precision, 15)))),
        }
    )
