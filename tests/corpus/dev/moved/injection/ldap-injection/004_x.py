"""Account search used by the helpdesk API.

The helpdesk endpoints pass the ``field`` and ``q`` query parameters straight
through to :func:`search_accounts`.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ldap3 import SAFE_SYNC, SUBTREE, Connection, Server, Tls
from ldap3.utils.conv import escape_filter_chars

SEARCH_BASE = "ou=accounts,dc=example,dc=edu"
RESULT_ATTRIBUTES = ["uid", "cn", "mail", "eduPersonAffiliation", "accountStatus"]
MAX_RESULTS = 25


@dataclass
class Account:
    uid: str
    name: str
    mail: str | None
    affiliation: list[str]
    status: str | None


@contextmanager
def directory() -> Iterator[Connection]:
    tls = Tls(validate=ssl.CERT_REQUIRED, version=ssl.PROTOCOL_TLS_CLIENT)
    server = Server(os.environ["HELPDESK_LDAP_HOST"], port=636, use_ssl=True, tls=tls)
    conn = Connection(
        server,
        user=os.environ["HELPDESK_LDAP_USER"],
        password=os.environ["HELPDESK_LDAP_PASSWORD"],
        client_strategy=SAFE_SYNC,
        auto_bind=True,
        read_only=True,
    )
    try:
        yield conn
    finally:
        conn.unbind()


def build_filter(field: str, value: str, prefix: bool = False) -> str:
    escaped = escape_filter_chars(value)
    pattern = f"{escaped}*" if prefix else escaped
    return f"(&(objectClass=eduPerson)({field}={pattern}))"


def search_accounts(field: str, value: str, prefix: bool = False) -> list[Account]:
    if not value:
        return []
    query = build_filter(field, value, prefix)
    with directory() as conn:
        _, _, entries, _ = conn.search(
            SEARCH_BASE,
            query,
            search_scope=SUBTREE,
            attributes=RESULT_ATTRIBUTES,
            size_limit=MAX_RESULTS,
        )
    accounts = []
    for entry in entries:
        if entry.get("type") != "searchResEntry":
            continue
        attrs = entry["attributes"]
        accounts.append(
            Account(
                uid=attrs["uid"][0],
                name=attrs["cn"][0] if attrs.get("cn") else attrs["uid"][0],
                mail=attrs["mail"][0] if attrs.get("mail") else None,
                affiliation=list(attrs.get("eduPersonAffiliation", [])),
                status=attrs.get("accountStatus") or None,
            )
        )
    return accounts
