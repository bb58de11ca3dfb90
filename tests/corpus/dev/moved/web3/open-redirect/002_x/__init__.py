from pyramid.config import Configurator


def main(global_config, **settings):
    settings.setdefault("sso.trusted_hosts", "docs.example.org shop.example.org example.org")
    with Configurator(settings=settings) as config:
        config.include("pyramid_jinja2")
        config.add_route("home", "/")
        config.add_route("account_home", "/account")
        config.add_route("sso_return", "/sso/return")
        config.add_route("switch_account", "/account/switch")
        config.scan(".views")
    return config.make_wsgi_app()
