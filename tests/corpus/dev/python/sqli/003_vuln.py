from fastapi import FastAPI, HTTPException, Query
import psycopg

app = FastAPI()
SORTABLE = {"created_at", "total", "status"}


def connect():
    return psycopg.connect("dbname=shop")


@app.get("/orders")
def list_orders(sort: str = Query("created_at"), limit: int = Query(50, le=200)):
    with connect() as conn, conn.cursor() as cur:
        cur.execute(
            f"SELECT id, status, total, created_at FROM orders ORDER BY {sort} DESC LIMIT %s",
            (limit,),
        )
        rows = cur.fetchall()
    return [
        {"id": r[0], "status": r[1], "total": float(r[2]), "created_at": r[3].isoformat()}
        for r in rows
    ]
