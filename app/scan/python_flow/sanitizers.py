"""Sanitisers: calls whose result is safe for some sink kinds, and value facts they set.

A sanitiser does not erase taint: it marks each taint as cleared for the sink kinds it
protects, so a value passed through `secure_filename` is still known to be the client's file
name (the upload policy cares) but no longer reaches a path sink as traversal.
"""

from __future__ import annotations

import re
from typing import Final

from app.scan.python_flow.model import ALL

_EVERYTHING: Final = frozenset({ALL})
# Every sink kind except those where a file's content (not its name) is the danger.
ALL_BUT_CONTENT: Final = frozenset(
    {"sql", "shell", "code", "template", "path", "redirect", "xss", "ldap", "xpath", "ssrf",
     "session", "response", "log", "hash", "regex", "redos", "mass-assign"}
)  # fmt: skip
_PATH = frozenset({"path"})
_XSS = frozenset({"xss"})
_SHELL = frozenset({"shell"})

# By resolved dotted name.
_BY_NAME: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        (
            "int",
            "float",
            "bool",
            "complex",
            "len",
            "ord",
            "hash",
            "id",
            "abs",
            "round",
            "type",
            "isinstance",
            "issubclass",
            "callable",
            "uuid.UUID",
            "decimal.Decimal",
            "ipaddress.ip_address",
            "ipaddress.IPv4Address",
            "ipaddress.IPv6Address",
            "flask.url_for",
            "django.urls.reverse",
            "django.shortcuts.reverse",
            "hmac.new",
            "hmac.compare_digest",
            "secrets.compare_digest",
            "datetime.date.fromisoformat",
            "datetime.datetime.fromisoformat",
            "math.floor",
            "math.ceil",
        ),
        _EVERYTHING,
    ),
    **dict.fromkeys(("shlex.quote", "pipes.quote", "shlex.join"), _SHELL),
    **dict.fromkeys(("os.path.basename", "posixpath.basename", "ntpath.basename"), _PATH),
    **dict.fromkeys(
        (
            "html.escape",
            "cgi.escape",
            "markupsafe.escape",
            "flask.escape",
            "jinja2.escape",
            "django.utils.html.escape",
            "bleach.clean",
            "werkzeug.utils.escape",
            "urllib.parse.quote",
            "urllib.parse.quote_plus",
            "markupsafe.Markup.escape",
            "flask.jsonify",
            "flask.render_template",
            "django.shortcuts.render",
            "django.template.loader.render_to_string",
            "tornado.escape.xhtml_escape",
            "tornado.escape.url_escape",
        ),
        _XSS,
    ),
    "xml.sax.saxutils.escape": frozenset({"xss", "xpath"}),
    # An in-memory file is handed to ZipFile/tarfile/open-like APIs as a file object, never
    # as a path or a URL; what it holds still matters (unpickling, XML, archive members).
    **dict.fromkeys(("io.BytesIO", "io.StringIO"), frozenset({"path", "ssrf", "redirect"})),
    "re.escape": frozenset({"regex"}),  # the text is matched literally
    "psycopg2.sql.Identifier": frozenset({"sql"}),
    "psycopg2.sql.Literal": frozenset({"sql"}),
}
# By the last part of the name: these are distinctive and re-exported from many places.
_BY_TAIL: dict[str, frozenset[str]] = {
    "secure_filename": _PATH,
    "safe_join": _PATH,
    "escape_filter_chars": frozenset({"ldap"}),
    "filter_format": frozenset({"ldap"}),  # python-ldap: escapes each value it formats in
    "escape_dn_chars": frozenset({"ldap"}),
    "escape_rdn": frozenset({"ldap"}),
    "format_html": _XSS,
    "format_html_join": _XSS,
    "conditional_escape": _XSS,
    "escape_xpath": frozenset({"xpath"}),
}
# str methods whose result is a number or a flag, never text an attacker controls.
NON_TEXT_METHODS: Final = frozenset(
    {"count", "find", "rfind", "index", "rindex", "startswith", "endswith", "isdigit",
     "isdecimal", "isnumeric", "isalnum", "isalpha", "isidentifier", "islower", "isupper",
     "isspace", "isascii", "istitle", "hexdigest", "digest", "exists", "is_file", "is_dir",
     "isfile", "isdir", "getsize", "__len__", "bit_length"}
)  # fmt: skip
# Functions whose result is a normalised absolute path: a following `.startswith(base)`
# check then really confines it.
NORMALISERS: Final = frozenset({"os.path.realpath", "os.path.abspath", "os.path.normpath"})
NORMALISING_METHODS: Final = frozenset({"resolve"})
# Values that make a path unique (so saving under it cannot overwrite another upload).
UNIQUE_NAMES: Final = frozenset(
    {"uuid.uuid4", "uuid.uuid1", "secrets.token_hex", "secrets.token_urlsafe", "time.time",
     "time.time_ns", "datetime.datetime.now", "datetime.datetime.utcnow", "tempfile.mkstemp",
     "tempfile.NamedTemporaryFile", "tempfile.mkdtemp", "os.urandom"}
)  # fmt: skip


def sanitised_kinds(name: str | None) -> frozenset[str]:
    """The sink kinds that calling `name` makes its argument safe for (empty: none)."""
    if not name:
        return frozenset()
    if name in _BY_NAME:
        return _BY_NAME[name]
    if name.startswith("hashlib."):
        return _EVERYTHING  # a digest: fixed alphabet, fixed length
    return _BY_TAIL.get(name.rsplit(".", 1)[-1], frozenset())


# A constant prefix that fixes scheme and host ("https://api.example.com/...") keeps the
# rest of a URL from choosing where a request or redirect goes; "/path..." keeps a redirect
# on this site ("//" or "/\" would not: browsers read them as another host).
_FIXED_HOST = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#\s{}%@\\]+[/?#]")
_LOCAL_PATH = re.compile(r"^/[^/\\]")


def prefix_clears(prefix: str) -> frozenset[str]:
    """Sink kinds made safe by building a URL after the constant text `prefix`."""
    if _FIXED_HOST.match(prefix):
        return frozenset({"ssrf", "redirect"})
    if _LOCAL_PATH.match(prefix):
        return frozenset({"redirect"})
    return frozenset()
