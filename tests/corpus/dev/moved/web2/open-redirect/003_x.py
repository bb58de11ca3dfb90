"""Locale switcher for the public help centre (aiohttp)."""
from aiohttp import web

SUPPORTED_LOCALES = ("en", "de", "fr", "es", "ja", "pt-BR")
LOCALE_COOKIE = "hc_locale"
ONE_YEAR = 365 * 24 * 3600

routes = web.RouteTableDef()


@routes.get("/", name="home")
async def home(request: web.Request) -> web.Response:
    locale = request.cookies.get(LOCALE_COOKIE, "en")
    return web.json_response({"page": "home", "locale": locale})


@routes.get("/articles/{slug}", name="article")
async def article(request: web.Request) -> web.Response:
    return web.json_response({"page": "article", "slug": request.match_info["slug"]})


def _back_destination(request: web.Request) -> str:
    router = request.app.router
    match request.query.get("back_page", "home"):
        case "article" if (slug := request.query.get("slug", "")).isalnum():
            return str(router["article"].url_for(slug=slug))
        case _:
            return str(router["home"].url_for())


@routes.get("/locale/{locale}", name="set_locale")
async def set_locale(request: web.Request) -> web.StreamResponse:
    locale = request.match_info["locale"]
    if locale not in SUPPORTED_LOCALES:
        raise web.HTTPNotFound(text="unsupported locale")

    destination = _back_destination(request)

    response = web.HTTPSeeOther(location=destination)
    response.set_cookie(
        LOCALE_COOKIE, locale, max_age=ONE_YEAR, httponly=True, secure=True, samesite="Lax"
    )
    raise response


def create_app() -> web.Application:
    app = web.Application()
    app.add_routes(routes)
    return app


if __name__ == "__main__":
    web.run_app(create_app(), port=8080)
