from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse

from .config import settings
from .redirects import is_internal_url
from .sessions import SessionStore, get_store

app = FastAPI(docs_url=None, redoc_url=None)


def _landing(return_to: str | None) -> str:
    if return_to and is_internal_url(return_to):
        return return_to
    return settings.home_path


@app.post("/auth/logout")
async def logout(request: Request, return_to: str | None = None, store: SessionStore = Depends(get_store)):
    if sid := request.cookies.get(settings.session_cookie):
        await store.revoke(sid)
    response = RedirectResponse(_landing(return_to), status_code=303)
    response.delete_cookie(settings.session_cookie, domain=settings.cookie_domain)
    return response


@app.get("/auth/continue")
async def continue_after_login(request: Request, return_to: str | None = None,
                               store: SessionStore = Depends(get_store)):
    """Landing hop used by the SSO callback and by the 'you were signed out' banner."""
    sid = request.cookies.get(settings.session_cookie)
    if sid is None or not await store.is_active(sid):
        return RedirectResponse("/auth/login", status_code=303)
    return RedirectResponse(_landing(return_to), status_code=303)
