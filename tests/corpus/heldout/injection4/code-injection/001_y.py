"""Tiny calculator backend for the quoting spreadsheet widget.

Runs under gunicorn: `gunicorn calc_service:application`.
"""
import json
import math
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


def _json(start_response, status: str, payload: dict):
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def evaluate(expression: str, variables: dict[str, float]) -> float:
    scope = {"__builtins__": {}}
    scope.update(FUNCTIONS)
    scope.update(variables)
    return eval(expression, scope)


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
    except Exception:
        return _json(start_response, "422 Unprocessable Entity", {"error": "could not evaluate"})

    return _json(start_response, "200 OK", {"expr": expression, "result": result})
