import httpx
from fastapi import FastAPI, HTTPException

app = FastAPI()
SERVICES = {
    "billing": "http://billing.internal:8080",
    "search": "http://search.internal:9200",
}


@app.get("/status/{service}")
async def service_status(service: str) -> dict:
    base = SERVICES.get(service)
    if base is None:
        raise HTTPException(status_code=404, detail="unknown service")
    async with httpx.AsyncClient(timeout=3.0) as client:
        resp = await client.get(f"{base}/healthz")
    return {"service": service, "healthy": resp.status_code == 200}
