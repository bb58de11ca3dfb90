from datetime import date
from decimal import Decimal

from fastapi import Depends, FastAPI, HTTPException, Query
from pydantic import BaseModel

from .db import database
from .deps import Principal, current_principal

app = FastAPI(title="ledger")


class Entry(BaseModel):
    id: int
    booked_on: date
    account: str
    amount: Decimal
    memo: str | None = None


@app.get("/ledger/entries", response_model=list[Entry])
async def list_entries(
    since: date = Query(...),
    account: str | None = Query(default=None, max_length=32),
    who: Principal = Depends(current_principal),
):
    sql = "SELECT id, booked_on, account, amount, memo FROM entries WHERE tenant_id = :tid AND booked_on >= :since"
    params = {"tid": who.tenant_id, "since": since}
    if account:
        sql += " AND account = :account"
        params["account"] = account
    rows = await database.fetch_all(sql + " ORDER BY booked_on, id", params)
    return [Entry(**dict(r)) for r in rows]


@app.delete("/ledger/entries/{entry_id}", status_code=204)
async def void_entry(entry_id: int, who: Principal = Depends(current_principal)):
    if "ledger:admin" not in who.roles:
        raise HTTPException(403, "ledger:admin role required")
    result = await database.execute(
        "UPDATE entries SET voided = true WHERE id = :id AND tenant_id = :tid",
        {"id": entry_id, "tid": who.tenant_id},
    )
    if not result:
        raise HTTPException(404, "entry not found")
