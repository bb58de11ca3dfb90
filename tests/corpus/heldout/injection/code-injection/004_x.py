"""Computed-column preview for the pricing sheet editor."""

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from aiohttp import web

from .sheets import load_sheet_rows

MAX_FORMULA_LENGTH = 300
PREVIEW_ROWS = 20

routes = web.RouteTableDef()

TOKEN_RE = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(.))")


class FormulaError(ValueError):
    pass


@dataclass
class Token:
    kind: str  # "num", "name" or "op"
    text: str


def tokenize(formula: str) -> list[Token]:
    tokens = []
    for number, name, op in TOKEN_RE.findall(formula.strip()):
        if number:
            tokens.append(Token("num", number))
        elif name:
            tokens.append(Token("name", name))
        elif op in "+-*/()":
            tokens.append(Token("op", op))
        elif op.strip():
            raise FormulaError(f"unexpected character {op!r}")
    return tokens


class Parser:
    """expr := term (('+'|'-') term)* ; term := factor (('*'|'/') factor)* ;
    factor := NUMBER | NAME | '-' factor | '(' expr ')'"""

    def __init__(self, tokens: list[Token], columns: set[str]):
        self.tokens = tokens
        self.pos = 0
        self.columns = columns

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        tok = self.peek()
        if tok is None:
            raise FormulaError("formula ends unexpectedly")
        self.pos += 1
        return tok

    def parse(self):
        node = self.expr()
        if self.peek() is not None:
            raise FormulaError(f"unexpected {self.peek().text!r}")
        return node

    def expr(self):
        node = self.term()
        while (tok := self.peek()) and tok.text in "+-" and tok.kind == "op":
            self.take()
            node = (tok.text, node, self.term())
        return node

    def term(self):
        node = self.factor()
        while (tok := self.peek()) and tok.text in "*/" and tok.kind == "op":
            self.take()
            node = (tok.text, node, self.factor())
        return node

    def factor(self):
        tok = self.take()
        if tok.kind == "num":
            return ("num", Decimal(tok.text))
        if tok.kind == "name":
            if tok.text not in self.columns:
                raise FormulaError(f"unknown column {tok.text!r}")
            return ("col", tok.text)
        if tok.text == "-":
            return ("neg", self.factor())
        if tok.text == "(":
            node = self.expr()
            if self.take().text != ")":
                raise FormulaError("missing closing parenthesis")
            return node
        raise FormulaError(f"unexpected {tok.text!r}")


def compile_formula(formula: str, columns: set[str]):
    if len(formula) > MAX_FORMULA_LENGTH:
        raise FormulaError("formula is too long")
    return Parser(tokenize(formula), columns).parse()


def evaluate(node, row: dict[str, Decimal]) -> Decimal:
    match node:
        case ("num", value):
            return value
        case ("col", name):
            return row[name]
        case ("neg", inner):
            return -evaluate(inner, row)
        case ("+", a, b):
            return evaluate(a, row) + evaluate(b, row)
        case ("-", a, b):
            return evaluate(a, row) - evaluate(b, row)
        case ("*", a, b):
            return evaluate(a, row) * evaluate(b, row)
        case ("/", a, b):
            return evaluate(a, row) / evaluate(b, row)
    raise FormulaError("malformed formula")


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
        tree = compile_formula(formula, columns)
    except (FormulaError, RecursionError) as exc:
        return web.json_response({"error": str(exc) or "formula is too deeply nested"}, status=422)

    preview = []
    for row in numeric_rows:
        try:
            preview.append(str(evaluate(tree, row).quantize(Decimal("0.01"))))
        except (ArithmeticError, KeyError, InvalidOperation):
            preview.append(None)
    return web.json_response({"formula": formula, "preview": preview})
