"""Computed-column preview for the pricing sheet editor."""

import json
from decimal import Decimal, InvalidOperation

from aiohttp import web

from .sheets import load_sheet_rows

MAX_FORMULA_LENGTH = 300
BLOCKED_WORDS = ("import", "exec", "eval", "open", "lambda", "globals", "locals")
PREVIEW_ROWS = 20

routes = web.RouteTableDef()


class FormulaError(ValueError):
    pass


def compile_formula(formula: str, columns: set[str]):
    if len(formula) > MAX_FORMULA_LENGTH:
        raise FormulaError("formula is too long")
    lowered = formula.lower()
    if any(word in lowered for word in BLOCKED_WORDS):
        raise FormulaError("formula contains a reserved word")
    try:
        return compile(formula, "<formula>", "eval")
    except SyntaxError as exc:
        raise FormulaError(f"syntax error at column {exc.offset}") from None


def apply_formula(code, row: dict[str, Decimal]) -> Decimal:
    result = eval(code, {"__builtins__": {}}, dict(row))
    return Decimal(result).quantize(Decimal("0.01"))


def _numeric(row: dict[str, str]) -> dict[str, Decimal]:
    out = {}
    for key, value in row.items():
        try:
            out[key] = Decimal(value)
        except (InvalidOperation, TypeError):
            continue
    return out


@routes.post("/sheets/{sheet_id:\\d+}/formula-preview")
async def formula_preview(request: web.Request) -> web.Response:
    sheet_id = int(request.match_info["sheet_id"])
    try:
        body = await request.json()
    except json.JSONDecodeError:
        raise web.HTTPBadRequest(text="expected a JSON body")
    formula = str(body.get("formula", "")).strip()
    if not formula:
        raise web.HTTPBadRequest(text="formula is required")

    rows = await load_sheet_rows(request.app["db"], sheet_id, owner=request["user_id"])
    if rows is None:
        raise web.HTTPNotFound()
    numeric_rows = [_numeric(r) for r in rows[:PREVIEW_ROWS]]
    columns = set().union(*(r.keys() for r in numeric_rows)) if numeric_rows else set()

    try:
        code = compile_formula(formula, columns)
    except FormulaError as exc:
        return web.json_response({"error": str(exc)}, status=422)

    preview = []
    for row in numeric_rows:
        try:
            preview.append(str(apply_formula(code, row)))
        except (ArithmeticError, NameError, TypeError, InvalidOperation):
            preview.append(None)
    return web.json_response({"formula": formula, "preview": preview})
