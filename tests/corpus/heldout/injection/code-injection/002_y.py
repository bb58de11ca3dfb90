import operator
from datetime import date
from typing import Any, Callable, Literal

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel, Field

from .auth import require_analyst
from .warehouse import fetch_orders

app = FastAPI(title="order-explorer")

Row = dict[str, Any]

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "in": lambda value, options: value in options,
    "contains": lambda value, needle: isinstance(value, str) and str(needle) in value,
}

FILTERABLE_FIELDS = {"country", "total", "currency", "status", "channel", "item_count"}


class Condition(BaseModel):
    field: str
    op: Literal["eq", "ne", "lt", "le", "gt", "ge", "in", "contains"]
    value: str | int | float | list[str | int | float]


class FilterRequest(BaseModel):
    start: date
    end: date
    where: list[Condition] = Field(default_factory=list, max_length=20)
    match: Literal["all", "any"] = "all"
    limit: int = Field(default=500, ge=1, le=5000)


def compile_predicate(conditions: list[Condition], match: str) -> Callable[[Row], bool]:
    for cond in conditions:
        if cond.field not in FILTERABLE_FIELDS:
            raise ValueError(f"cannot filter on {cond.field!r}")
    combine = all if match == "all" else any

    def predicate(row: Row) -> bool:
        if not conditions:
            return True
        return combine(OPERATORS[c.op](row.get(c.field), c.value) for c in conditions)

    return predicate


@app.post("/orders/filter")
def filter_orders(body: FilterRequest, analyst=Depends(require_analyst)):
    if body.end < body.start:
        raise HTTPException(status_code=400, detail="end must not be before start")
    try:
        predicate = compile_predicate(body.where, body.match)
    except ValueError as exc:
        raise HTTPException(status_code=400, detail=str(exc))

    matched: list[Row] = []
    for row in fetch_orders(body.start, body.end):
        try:
            keep = predicate(row)
        except TypeError:
            keep = False
        if keep:
            matched.append(row)
            if len(matched) >= body.limit:
                break
    return {"count": len(matched), "orders": matched}
