"""Tiny calculator backend for the quoting spreadsheet widget.

Runs under gunicorn: `gunicorn calc_service:application`.
"""
import ast
import json
import math
import operator
from urllib.parse import parse_qs

MAX_EXPR_LEN = 200

FUNCTIONS = {
    "round": round,
    "min": min,
    "max": max,
    "abs": abs,
    "ceil": math.ceil,
    "floor": math.floor,
    "sqrt": math.sqrt,
}

BINARY_OPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}
UNARY_OPS = {ast.UAdd: operator.pos, ast.USub: operator.neg}


def _json(start_response, status: str, payload: dict):
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def evaluate(expression: str, variables: dict[str, float]) -> float:
    tree = ast.parse(expression, mode="eval")

    def walk(node):
        match node:
            case ast.Expression(body=body):
                return walk(body)
            case ast.Constant(value=value) if isinstance(value, (int, float)) and not isinstance(value, bool):
                return value
            case ast.Name(id=name) if name in variables:
                return variables[name]
            case ast.BinOp(left=left, op=op, right=right) if type(op) in BINARY_OPS:
                return BINARY_OPS[type(op)](walk(left), walk(right))
            case ast.UnaryOp(op=op, operand=operand) if type(op) in UNARY_OPS:
                return UNARY_OPS[type(op)](walk(operand))
            case ast.Call(func=ast.Name(id=fname), args=args, keywords=[]) if fname in FUNCTIONS:
                return FUNCTIONS[fname](*(walk(a) for a in args))
            case _:
                raise ValueError(f"unsupported syntax: {type(node).__name__}")

    return walk(tree)


def application(environ, start_response):
    if environ.get("PATH_INFO") != "/calc":
        return _json(start_response, "404 Not Found", {"error": "not found"})

    params = parse_qs(environ.get("QUERY_STRING", ""))
    expression = params.get("expr", [""])[0].strip()
    if not expression:
        return _json(start_response, "400 Bad Request", {"error": "expr is required"})
    if len(expression) > MAX_EXPR_LEN:
        return _json(start_response, "400 Bad Request", {"error": "expression too long"})

    variables = {}
    for key, values in params.items():
        if key.startswith("v_"):
            try:
                variables[key[2:]] = float(values[0])
            except ValueError:
                return _json(start_response, "400 Bad Request", {"error": f"bad value for {key}"})

    try:
        result = evaluate(expression, variables)
    except ZeroDivisionError:
        return _json(start_response, "422 Unprocessable Entity", {"error": "division by zero"})
    except (SyntaxError, ValueError, TypeError, OverflowError):
        return _json(start_response, "422 Unprocessable Entity", {"error": "could not evaluate"})

    return _json(start_response, "200 OK", {"expr": expression, "result": result})

