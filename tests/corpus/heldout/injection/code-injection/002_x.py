from datetime import date
from typing import Any, Callable

from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel, Field

from .auth import require_analyst
from .warehouse import fetch_orders

app = FastAPI(title="order-explorer")

Row = dict[str, Any]


class FilterRequest(BaseModel):
    start: date
    end: date
    where: str = Field(default="True", max_length=500)
    limit: int = Field(default=500, ge=1, le=5000)


def compile_predicate(where: str) -> Callable[[Row], bool]:
    # expressions look like:  row["country"] == "DE" and row["total"] > 250
    return eval(f"lambda row: bool({where})", {"__builtins__": {}}, {})


@app.post("/orders/filter")
def filter_orders(body: FilterRequest, analyst=Depends(require_analyst)):
    if body.end < body.start:
        raise HTTPException(status_code=400, detail="end must not be before start")
    try:
        predicate = compile_predicate(body.where)
    except SyntaxError as exc:
        raise HTTPException(status_code=400, detail=f"invalid filter: {exc.msg}")

    matched: list[Row] = []
    for row in fetch_orders(body.start, body.end):
        try:
            keep = predicate(row)
        except (KeyError, TypeError):
            raise HTTPException(status_code=400, detail="filter refers to unknown fields")
        if keep:
            matched.append(row)
            if len(matched) >= body.limit:
                break
    return {"count": len(matched), "orders": matched}
