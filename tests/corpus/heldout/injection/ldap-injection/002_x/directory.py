from dataclasses import dataclass

from ldap3 import NONE, SUBTREE, Connection, Server
from ldap3.utils.conv import escape_filter_chars

from .conf import directory_settings as cfg


@dataclass
class StaffMember:
    dn: str
    display_name: str
    email: str
    department: str | None
    groups: list[str]


def clean_filter_value(value: str) -> str:
    return escape_filter_chars(value.strip())


def _connect() -> Connection:
    server = Server(cfg.server_uri, use_ssl=True, get_info=NONE, connect_timeout=cfg.timeout)
    return Connection(server, user=cfg.bind_user, password=cfg.bind_password, auto_bind=True, read_only=True)


def find_by_email(email: str) -> StaffMember | None:
    search_filter = f"(&(objectCategory=person)(objectClass=user)(mail={clean_filter_value(email)}))"
    with _connect() as conn:
        conn.search(
            cfg.people_base,
            search_filter,
            search_scope=SUBTREE,
            attributes=["displayName", "mail", "department", "memberOf"],
            size_limit=2,
        )
        if len(conn.entries) != 1:
            return None
        entry = conn.entries[0]
    groups = [dn.split(",", 1)[0].removeprefix("CN=") for dn in entry.memberOf.values]
    return StaffMember(
        dn=entry.entry_dn,
        display_name=str(entry.displayName),
        email=str(entry.mail),
        department=entry.department.value,
        groups=sorted(groups),
    )
