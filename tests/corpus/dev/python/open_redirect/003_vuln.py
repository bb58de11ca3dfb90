from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()
DESTINATIONS = {
    "billing": "/account/billing",
    "profile": "/account/profile",
    "home": "/",
}


@app.get("/continue")
def continue_to(return_to: str = "home") -> RedirectResponse:
    target = return_to
    return RedirectResponse(url=target, status_code=303)
