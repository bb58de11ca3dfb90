import os

from flask import Flask, jsonify, request
from flask_login import login_required
from ldap3 import Connection, Server
from ldap3.utils.conv import escape_filter_chars

app = Flask(__name__)
server = Server("ldaps://ldap.corp.example.com", use_ssl=True)


@app.get("/directory/lookup")
@login_required
def lookup():
    username = request.args.get("user", "")
    conn = Connection(server, os.environ["LDAP_BIND_DN"], os.environ["LDAP_BIND_PASSWORD"],
                      auto_bind=True)
    conn.search("ou=people,dc=corp,dc=example,dc=com", f"(uid={username})",
                attributes=["cn", "mail", "title"])
    people = [{"name": str(e.cn), "mail": str(e.mail), "title": str(e.title)}
              for e in conn.entries]
    conn.unbind()
    return jsonify(people)
