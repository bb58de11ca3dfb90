from fastapi import FastAPI

from .admin import router as admin_router

app = FastAPI(title="Tenant administration", docs_url=None, redoc_url=None)
app.include_router(admin_router)


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
