from fastapi import FastAPI

from . import invoices

app = FastAPI(title="Invoicing API")
app.include_router(invoices.router)


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
