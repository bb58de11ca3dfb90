import os

import ldap
from flask import Flask, jsonify, request

from .auth import login_required

app = Flask(__name__)

LDAP_URI = os.environ.get("LDAP_URI", "ldaps://ldap.corp.example.com")
BASE_DN = os.environ.get("LDAP_BASE_DN", "ou=people,dc=corp,dc=example,dc=com")
BIND_DN = os.environ["LDAP_BIND_DN"]
BIND_PASSWORD = os.environ["LDAP_BIND_PASSWORD"]
RETURNED_ATTRS = ["cn", "mail", "title", "telephoneNumber", "departmentNumber"]


def _connection():
    conn = ldap.initialize(LDAP_URI)
    conn.set_option(ldap.OPT_REFERRALS, 0)
    conn.set_option(ldap.OPT_NETWORK_TIMEOUT, 5)
    conn.simple_bind_s(BIND_DN, BIND_PASSWORD)
    return conn


def _decode(entry: dict) -> dict:
    return {
        attr: values[0].decode("utf-8") if len(values) == 1 else [v.decode("utf-8") for v in values]
        for attr, values in entry.items()
    }


@app.get("/directory/search")
@login_required
def directory_search():
    name = request.args.get("name", "").strip()
    if len(name) < 2:
        return jsonify({"error": "type at least two characters"}), 400

    search_filter = f"(&(objectClass=inetOrgPerson)(!(employeeType=disabled))(cn=*{name}*))"
    conn = _connection()
    try:
        results = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, search_filter, RETURNED_ATTRS)
    except ldap.SIZELIMIT_EXCEEDED:
        return jsonify({"error": "too many matches, refine the search"}), 422
    finally:
        conn.unbind_s()

    people = [_decode(entry) for dn, entry in results if dn]
    return jsonify({"count": len(people), "people": people[:50]})
