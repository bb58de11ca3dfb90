"""Group membership check used by the VPN portal."""
import ldap
import ldap.filter

BASE = "dc=corp,dc=example,dc=com"


def is_vpn_user(conn, email: str) -> bool:
    query = ldap.filter.filter_format(
        "(&(objectClass=person)(mail=%s)(memberOf=cn=vpn,ou=groups,%s))", [email, BASE]
    )
    results = conn.search_s(BASE, ldap.SCOPE_SUBTREE, query, ["uid"])
    return len(results) == 1
