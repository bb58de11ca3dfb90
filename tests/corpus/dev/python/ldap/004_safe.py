import os
import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from ldap3 import Connection, Server

GROUP_NAME = re.compile(r"[a-z0-9-]{1,64}")
server = Server("ldaps://ldap.corp.example.com", use_ssl=True)


@login_required
def group_members(request, group):
    if not GROUP_NAME.fullmatch(group):
        raise Http404("no such group")
    conn = Connection(server, os.environ["LDAP_BIND_DN"], os.environ["LDAP_BIND_PASSWORD"],
                      auto_bind=True)
    conn.search("ou=groups,dc=corp,dc=example,dc=com", f"(&(objectClass=groupOfNames)(cn={group}))",
                attributes=["member"])
    members = [str(m) for entry in conn.entries for m in entry.member]
    conn.unbind()
    return JsonResponse({"group": group, "members": members})
