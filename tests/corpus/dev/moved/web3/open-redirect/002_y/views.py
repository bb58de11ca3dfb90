import logging

from pyramid.httpexceptions import HTTPBadRequest, HTTPFound
from pyramid.view import view_config

from .urlpolicy import is_trusted_destination, trusted_hosts_from_settings

log = logging.getLogger(__name__)


def _destination(request, fallback_route="home"):
    return_to = request.params.get("return_to", "").strip()
    hosts = trusted_hosts_from_settings(request.registry.settings)
    if is_trusted_destination(return_to, hosts):
        return return_to
    log.info("ignoring untrusted return_to=%r", return_to)
    return request.route_url(fallback_route)


@view_config(route_name="sso_return", request_method="GET")
def sso_return(request):
    ticket = request.params.get("ticket")
    if not ticket:
        raise HTTPBadRequest("missing ticket")
    identity = request.sso_client.validate(ticket)
    if identity is None:
        raise HTTPBadRequest("ticket rejected")
    request.session["user_id"] = identity.user_id
    return HTTPFound(location=_destination(request))


@view_config(route_name="switch_account", request_method="POST", require_csrf=True)
def switch_account(request):
    account_id = request.POST.get("account_id", "")
    if account_id not in request.identity.account_ids:
        raise HTTPBadRequest("unknown account")
    request.session["active_account"] = account_id
    return HTTPFound(location=_destination(request, fallback_route="account_home"))
