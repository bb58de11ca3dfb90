from fastapi import Depends, FastAPI, Query
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from .database import get_db
from .models import EmailConfirmation, User

app = FastAPI()

DEFAULT_LANDING = "/welcome"


def is_local_url(url: str) -> bool:
    """Only allow paths on this site."""
    return url.startswith("/")


def landing_for(return_to: str | None) -> str:
    if return_to and is_local_url(return_to):
        return return_to
    return DEFAULT_LANDING


@app.get("/account/confirm")
def confirm_email(
    token: str = Query(..., min_length=20, max_length=128),
    return_to: str | None = Query(None, max_length=500),
    db: Session = Depends(get_db),
):
    confirmation = db.query(EmailConfirmation).filter_by(token=token, used=False).one_or_none()
    if confirmation is None or confirmation.is_expired():
        return RedirectResponse("/account/confirm/expired", status_code=303)

    user = db.get(User, confirmation.user_id)
    user.email_verified = True
    confirmation.used = True
    db.commit()

    return RedirectResponse(landing_for(return_to), status_code=303)


@app.get("/onboarding/skip")
def skip_onboarding(return_to: str | None = Query(None, max_length=500)):
    response = RedirectResponse(landing_for(return_to), status_code=303)
    response.set_cookie("onboarding_skipped", "1", max_age=30 * 86400, secure=True, samesite="lax")
    return response
