import os

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from .cart import router as cart_router

app = FastAPI(title="storefront", docs_url=None, redoc_url=None)
app.add_middleware(
    SessionMiddleware,
    secret_key=os.environ["STOREFRONT_SESSION_SECRET"],
    session_cookie="sf_session",
    max_age=60 * 60 * 24,
    same_site="strict",
    https_only=True,
)
app.include_router(cart_router)
