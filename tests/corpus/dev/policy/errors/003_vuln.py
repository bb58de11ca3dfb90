import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

app = FastAPI()
log = logging.getLogger("orders-api")


@app.exception_handler(SQLAlchemyError)
async def database_error(request: Request, exc: SQLAlchemyError) -> JSONResponse:
    log.error("database error on %s: %s", request.url.path, exc)
    return JSONResponse(
        status_code=503,
        content={"error": "database error", "detail": str(exc)},
    )
