"""Thin wrapper around the corporate LDAP directory."""
from __future__ import annotations

import os
from dataclasses import dataclass

from ldap3 import ALL, Connection, Server, SUBTREE

BASE_DN = os.environ.get("LDAP_BASE_DN", "ou=people,dc=corp,dc=example,dc=com")
PUBLIC_ATTRS = ["cn", "mail", "title", "telephoneNumber", "departmentNumber"]


@dataclass
class Person:
    name: str
    email: str
    title: str | None
    phone: str | None
    department: str | None


def _connect() -> Connection:
    server = Server(os.environ["LDAP_URL"], use_ssl=True, get_info=ALL)
    return Connection(
        server,
        user=os.environ["LDAP_BIND_DN"],
        password=os.environ["LDAP_BIND_PASSWORD"],
        auto_bind=True,
        read_only=True,
    )


def normalize_term(value: str) -> str:
    """Collapse whitespace and lower-case a search term."""
    return " ".join(value.split()).lower()


def _to_person(entry) -> Person:
    def first(attr):
        values = entry[attr].values if attr in entry else []
        return str(values[0]) if values else None

    return Person(
        name=first("cn") or "",
        email=first("mail") or "",
        title=first("title"),
        phone=first("telephoneNumber"),
        department=first("departmentNumber"),
    )


def search_people(term: str, limit: int = 25) -> list[Person]:
    term = normalize_term(term)
    # only active employees are listed; service accounts and leavers are hidden
    search_filter = (
        "(&(objectClass=inetOrgPerson)(!(employeeType=service))(!(nsAccountLock=true))"
        f"(|(cn=*{term}*)(mail={term}*)(uid={term})))"
    )
    with _connect() as conn:
        conn.search(BASE_DN, search_filter, search_scope=SUBTREE, attributes=PUBLIC_ATTRS, size_limit=limit)
        return [_to_person(e) for e in conn.entries]
