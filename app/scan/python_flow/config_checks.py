"""Pattern checks that need no data flow: cookies, TLS verification, JWT verification, broken
ciphers, weak hashes, file permissions.

The weakness is in the call or the setting itself (`requests.get(url, verify=False)`,
`set_cookie("session", sid)` without `secure=True`, `jwt.decode(t, options={
"verify_signature": False})`), so these are matched against the interpreter's events like
the sinks are, with constants folded (`VERIFY = False` then `verify=VERIFY` is found;
`secure=not app.debug` is not judged). Only the file's own events count: a helper's events
replayed at its call sites (or another module's) are checked where they are written.

Also here: the precision filter of the mass-assignment sink (`keep_hit`), which needs the
file's tree to see whether a `**mapping` was built from an allow-list.
"""

from __future__ import annotations

import ast
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from app.core.findings import Confidence, Finding, Severity
from app.core.sources import SourceFile
from app.scan.python_flow.events import CallEvent, Event, StoreEvent
from app.scan.python_flow.interpreter import FileAnalysis
from app.scan.python_flow.model import Value
from app.scan.python_flow.routes import WEB_PACKAGES, dotted
from app.scan.python_flow.rule import STAGE, Rule, position
from app.scan.python_flow.sinks import SinkHit

RULE_PREFIX = "airlock.python."


_COOKIE_FIX = (
    "Set the cookie with secure=True, httponly=True and samesite='Lax' (or 'Strict'); for "
    "the framework's session cookie set SESSION_COOKIE_SECURE = True, "
    "SESSION_COOKIE_HTTPONLY = True and SESSION_COOKIE_SAMESITE = 'Lax'."
)
RULES: dict[str, Rule] = {
    "cookie-secure": Rule(
        "insecure-cookie-secure", "Session cookie sent without the Secure flag", (614,),
        Severity.MEDIUM,
        "Without Secure the browser also sends the cookie over plain HTTP, where anyone on "
        "the network path can read it and take over the session.",
        _COOKIE_FIX,
    ),
    "cookie-httponly": Rule(
        "insecure-cookie-httponly", "Session cookie readable by scripts (no HttpOnly)", (1004,),
        Severity.MEDIUM,
        "Without HttpOnly any script on the page can read the cookie: one cross-site "
        "scripting bug is enough to steal the session.",
        _COOKIE_FIX,
    ),
    "cookie-samesite": Rule(
        "insecure-cookie-samesite", "Cookie without a SameSite restriction", (1275,),
        Severity.LOW,
        "With SameSite absent or None the browser sends the cookie on requests other sites "
        "start, which is what cross-site request forgery needs.",
        _COOKIE_FIX,
    ),
    "tls": Rule(
        "tls-verification-disabled", "TLS certificate verification disabled", (295,),
        Severity.HIGH,
        "Without certificate (and host name) checks anyone on the network path can pose as "
        "the server, read the traffic and change it, credentials included.",
        "Keep verification on (the default): remove verify=False / ssl=False / CERT_NONE; for "
        "a private CA pass its bundle (verify='/path/ca.pem', ssl.create_default_context("
        "cafile=...)).",
    ),
    "jwt-unverified": Rule(
        "jwt-signature-not-verified", "JWT accepted without verifying its signature", (347,),
        Severity.HIGH,
        "A token whose signature is not checked can be forged by anyone: its claims (user, "
        "roles, expiry) are whatever the client wrote.",
        "Decode with the key and an explicit list of algorithms: jwt.decode(token, key, "
        "algorithms=['HS256']); never use unverified claims for identity.",
    ),
    "jwt-none": Rule(
        "jwt-none-algorithm", "JWT 'none' algorithm accepted", (347,), Severity.HIGH,
        "With 'none' among the accepted algorithms a token with no signature at all passes "
        "the check.",
        "List only the algorithms the issuer uses (algorithms=['RS256'] or ['HS256']).",
    ),
    "jwt-algorithms": Rule(
        "jwt-algorithms-missing", "JWT decoded without a list of algorithms", (347,),
        Severity.MEDIUM,
        "Without algorithms= older PyJWT (and python-jose) accept whatever algorithm the "
        "token names, which allows algorithm-confusion forgeries (an RS256 public key used "
        "as an HS256 secret); PyJWT 2 refuses the call.",
        "Pass the algorithms the issuer uses: jwt.decode(token, key, algorithms=['HS256']).",
    ),
    "cipher": Rule(
        "broken-cipher", "Broken or risky cipher", (327,), Severity.MEDIUM,
        "DES, 3DES, RC2, RC4, Blowfish and CAST are broken or have 64-bit blocks; ECB mode "
        "encrypts equal blocks to equal ciphertext, which shows the data's structure.",
        "Use an authenticated mode of AES (AES-GCM, cryptography's AESGCM) or "
        "ChaCha20-Poly1305.",
    ),
    "hash": Rule(
        "weak-hash", "Weak hash (SHA-1, MD5)", (328,), Severity.MEDIUM,
        "MD5 and SHA-1 collisions can be computed: signatures, integrity checks and "
        "identifiers built on them can be forged.",
        "Use SHA-256 or better (for passwords a password hash: argon2, bcrypt, scrypt).",
    ),
    "static-iv": Rule(
        "static-iv", "Constant IV or nonce", (329, 327), Severity.MEDIUM,
        "An IV or nonce written in the code is the same for every message: CBC then shows "
        "which messages start alike, and CTR or GCM with a repeated nonce give away the "
        "plaintext (and GCM's authentication key).",
        "Draw a fresh IV or nonce for every message (os.urandom(16), os.urandom(12) for GCM) "
        "and store it with the ciphertext; or use Fernet or AESGCM, which do it for you.",
    ),
    "temp-file": Rule(
        "insecure-temp-file", "Predictable file name in the shared temporary folder", (377,),
        Severity.MEDIUM,
        "Any local user can guess the name and create the file (or a link to another file) "
        "first: the program then writes into a file someone else controls, or overwrites "
        "the target of the link.",
        "Create temporary files with tempfile.mkstemp() or NamedTemporaryFile(), or work in "
        "a private folder from tempfile.mkdtemp() / TemporaryDirectory().",
    ),
    "all-fields": Rule(
        "mass-assignment-all-fields", "Form or serializer accepts every model field", (915,),
        Severity.MEDIUM,
        "fields = '__all__' lets a request set every column of the model, including ones the "
        "page never shows (is_admin, owner, balance), and new columns join silently.",
        "List the fields clients may write (fields = ('name', 'email')), and mark the rest "
        "read-only or leave them out.",
    ),
    "permissions": Rule(
        "world-writable-permissions", "World-writable file permissions", (732,),
        Severity.MEDIUM,
        "Any local user (or any process of another service) can change a world-writable "
        "file or directory: replace code or data the application trusts.",
        "Use the narrowest mode (0o600 for files, 0o700 or 0o750 for folders) and keep the "
        "umask at 0o022 or stricter.",
    ),
}  # fmt: skip


# --- what the checks read (relevance.py keeps these events) -------------------------------

_JWT_DECODERS = frozenset({"jwt.decode", "jwt.api_jwt.decode", "jose.jwt.decode"})
_JWT_UNVERIFIED = frozenset({"jose.jwt.get_unverified_claims", "jose.jws.get_unverified_claims"})
_UNVERIFIED_CONTEXTS = frozenset({"ssl._create_unverified_context", "ssl._create_stdlib_context"})
_CHMODS = frozenset({"os.chmod", "os.lchmod", "os.fchmod"})
_MKDIRS = frozenset({"os.makedirs", "os.mkdir"})
_CIPHER_NAMES = frozenset(
    {f"{package}.Cipher.{cipher}.new"
     for package in ("Crypto", "Cryptodome")
     for cipher in ("DES", "DES3", "ARC2", "ARC4", "Blowfish", "CAST", "XOR")}
    | {f"cryptography.hazmat.{where}.ciphers.algorithms.{cipher}"
       for where in ("primitives", "decrepit")
       for cipher in ("TripleDES", "ARC4", "Blowfish", "CAST5", "IDEA", "SEED", "RC2")}
)  # fmt: skip
_ECB_MODES = frozenset({"cryptography.hazmat.primitives.ciphers.modes.ECB"})
# pycryptodome's SHA-1 (bandit's list has only the old PyCrypto name Crypto.Hash.SHA);
# hashlib, MD5 and cryptography's hashes are bandit's (B303, B324).
_WEAK_HASH_NAMES = frozenset(
    {f"{package}.Hash.{name}.new" for package in ("Crypto", "Cryptodome") for name in ("SHA1",)}
)
_COOKIE_SETTINGS: dict[str, str] = {
    "SESSION_COOKIE_SECURE": "cookie-secure",
    "CSRF_COOKIE_SECURE": "cookie-secure",
    "REMEMBER_COOKIE_SECURE": "cookie-secure",
    "SESSION_COOKIE_HTTPONLY": "cookie-httponly",
    "REMEMBER_COOKIE_HTTPONLY": "cookie-httponly",
    "SESSION_COOKIE_SAMESITE": "cookie-samesite",
    "CSRF_COOKIE_SAMESITE": "cookie-samesite",
}
CHECKED_NAMES: frozenset[str] = frozenset(
    {*_JWT_DECODERS, *_JWT_UNVERIFIED, *_UNVERIFIED_CONTEXTS, *_CHMODS, *_MKDIRS, "os.umask",
     *_CIPHER_NAMES, *_ECB_MODES, *_WEAK_HASH_NAMES}
)  # fmt: skip
CHECKED_METHODS: frozenset[str] = frozenset(
    {"set_cookie", "set_signed_cookie", "from_mapping", "chmod", "mkdir"}
)
CHECKED_KEYWORDS: frozenset[str] = frozenset(
    {*_COOKIE_SETTINGS, "verify", "verify_ssl", "ssl", "cert_reqs", "mode"}
)
# Attribute stores whose value is not a constant but a reference (`ssl.CERT_NONE`).
CHECKED_ATTRIBUTES: frozenset[str] = frozenset(
    {"verify_mode", "check_hostname", "_create_default_https_context", "verify"}
)


def checked_call(event: CallEvent) -> bool:
    """Does some check here read this call? (relevance.py records it if so)."""
    return (
        (event.name or "") in CHECKED_NAMES
        or (event.method or "") in CHECKED_METHODS
        or any(key in CHECKED_KEYWORDS for key, _ in event.kwargs)
    )


def checked_store(event: StoreEvent) -> bool:
    return event.target.rsplit(".", 1)[-1] in CHECKED_ATTRIBUTES


# --- helpers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hit:
    check: str
    node: ast.AST
    message: str
    severity: Severity | None = None
    cwe: tuple[int, ...] | None = None


def _false(value: Value | None) -> bool:
    return value is not None and value.known and value.const in (False, 0, None, "")


def _keyword_node(call: ast.Call, name: str) -> ast.AST:
    """Where `name=` is written in the call."""
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return call


def _arg_node(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    if index < len(call.args):
        return call.args[index]
    return next((kw.value for kw in call.keywords if kw.arg == keyword), None)


def _written(event: CallEvent) -> str:
    written = dotted(event.node.func)
    return f"{written}()" if written else f"{event.name or event.method}()"


# --- cookies ------------------------------------------------------------------------------

_SENSITIVE_COOKIE = re.compile(
    r"sess|sid|auth|token|jwt|login|remember|user|uid|account|csrf|xsrf|secret|cred|access|"
    r"refresh|identity|api.?key|^id$|[_-]id$",
    re.IGNORECASE,
)
_PREFERENCE_COOKIE = re.compile(
    r"theme|lang|locale|tz|timezone|currency|consent|banner|dismiss|seen|font|colou?r|"
    r"layout|view|sort|page.?size|per.?page|region|country|tour|onboard|sidebar|notice|mode",
    re.IGNORECASE,
)
_CSRF_COOKIE = re.compile(r"csrf|xsrf", re.IGNORECASE)
_LAX_BY_DEFAULT = frozenset({"fastapi", "starlette"})  # Starlette's set_cookie: samesite="lax"
_OTHER_FRAMEWORKS = frozenset(WEB_PACKAGES - _LAX_BY_DEFAULT)
# set_cookie(key, value, max_age, expires, path, domain, secure, httponly, samesite): Flask,
# Django and Starlette agree on the order; aiohttp's flags are keyword-only.
_FLAG_POSITIONS = {"secure": 6, "httponly": 7, "samesite": 8}


def _sensitive_cookie(name: Value | None, value: Value | None) -> bool:
    """A session or credential cookie; not a preference such as theme="dark"."""
    text = name.const if name is not None and isinstance(name.const, str) else None
    if text is not None and _SENSITIVE_COOKIE.search(text):
        return True
    if text is not None and _PREFERENCE_COOKIE.search(text):
        return False
    return not (value is not None and value.known)


def _cookie_options(event: CallEvent) -> tuple[dict[str, Value | None], bool]:
    """The secure/httponly/samesite arguments, and whether all of them are visible (a
    `**options` whose keys are not known hides them)."""
    found: dict[str, Value | None] = {}
    complete = True
    signed = event.method == "set_signed_cookie"
    for flag, index in _FLAG_POSITIONS.items():
        found[flag] = event.kwarg(flag) if signed else event.arg(index, flag)
    for key, value in event.kwargs:
        if key is not None:
            continue
        if value.keys is None:
            complete = False
            continue
        for flag in _FLAG_POSITIONS:
            if found[flag] is None:
                found[flag] = value.key(flag)
    return found, complete


def _cookie_calls(event: CallEvent, lax_default: bool) -> Iterator[_Hit]:
    if event.method not in {"set_cookie", "set_signed_cookie"} or event.arg(1, "value") is None:
        return  # a cookie jar's set_cookie(cookie) takes a Cookie object, not a name and value
    name, value = event.arg(0, "key") or event.kwarg("name"), event.arg(1, "value")
    if not _sensitive_cookie(name, value):
        return
    options, complete = _cookie_options(event)
    label = f"'{name.const}'" if name is not None and isinstance(name.const, str) else "the"
    call = _written(event)
    secure, httponly, samesite = options["secure"], options["httponly"], options["samesite"]
    if _false(secure) or (secure is None and complete):
        yield _Hit(
            "cookie-secure",
            event.node,
            f"{call} sets {label} cookie without secure=True: it is also sent over plain HTTP.",
        )
    csrf = name is not None and isinstance(name.const, str) and _CSRF_COOKIE.search(name.const)
    if not csrf and (_false(httponly) or (httponly is None and complete)):
        yield _Hit(
            "cookie-httponly",
            event.node,
            f"{call} sets {label} cookie without httponly=True: page scripts can read it.",
        )
    none_samesite = samesite is not None and (
        _false(samesite) or (isinstance(samesite.const, str) and samesite.const.lower() == "none")
    )
    if none_samesite or (samesite is None and complete and not lax_default):
        yield _Hit(
            "cookie-samesite",
            event.node,
            f"{call} sets {label} cookie with no "
            "SameSite restriction: other sites' requests carry it.",
        )


_NOT_PRODUCTION = frozenset({"dev", "development", "local", "test", "tests", "testing", "debug"})
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


def _not_production(name: str) -> bool:
    """settings/dev.py, test_settings.py, class DevelopmentConfig: meant to relax."""
    return any(word.lower() in _NOT_PRODUCTION for word in _WORD.findall(name))


def _setting_hit(setting: str, value: Value, node: ast.AST) -> _Hit | None:
    check = _COOKIE_SETTINGS.get(setting)
    if check is None or not value.known:
        return None
    const = value.const
    if check == "cookie-samesite":
        insecure = const is None or (isinstance(const, str) and const.lower() == "none")
        wanted = "'Lax' or 'Strict'"
    else:
        insecure = const is False or const == 0
        wanted = "True"
    if not insecure:
        return None
    return _Hit(check, node, f"{setting} = {const!r} (should be {wanted}).")


def _config_target(target: str) -> bool:
    return target == "config" or target.endswith(".config")


def _cookie_settings(event: Event) -> Iterator[_Hit]:
    """`SESSION_COOKIE_SECURE = False` in a settings module, `app.config[...] = False`,
    `app.config.update(SESSION_COOKIE_SECURE=False)`."""
    if isinstance(event, StoreEvent):
        if event.function == "<module>" and event.target in _COOKIE_SETTINGS:
            hit = _setting_hit(event.target, event.value, event.node)
        elif _config_target(event.target) and isinstance(event.key, str):
            hit = _setting_hit(event.key, event.value, event.node)
        else:
            hit = None
        if hit is not None:
            yield hit
        return
    if not isinstance(event, CallEvent) or event.method not in {"update", "from_mapping"}:
        return
    func = event.node.func
    owner = (event.receiver.ref or "") if event.receiver is not None else ""
    written = dotted(func.value) if isinstance(func, ast.Attribute) else ""
    if not (_config_target(owner) or written.endswith("config")):
        return
    pairs = [(key, value) for key, value in event.kwargs if key is not None]
    for argument in event.args:
        pairs += [(k, v) for k, v in argument.keys or () if isinstance(k, str)]
    for key, value in pairs:
        hit = _setting_hit(key, value, _keyword_node(event.node, key))
        if hit is not None:
            yield hit


def _class_settings(tree: ast.Module) -> Iterator[_Hit]:
    """Flask-style config classes: `class ProductionConfig: SESSION_COOKIE_SECURE = False`."""
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or _not_production(node.name):
            continue
        for stmt in node.body:
            if not (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant)):
                continue
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    hit = _setting_hit(target.id, Value(const=stmt.value.value), stmt)
                    if hit is not None:
                        yield hit


# --- TLS ----------------------------------------------------------------------------------

_HTTP_PACKAGES = ("requests.", "httpx.")
_HTTP_CLIENTS = ("requests.Session()", "requests.session()", "httpx.Client()",
                 "httpx.AsyncClient()")  # fmt: skip
_AIOHTTP = "aiohttp."


def _cert_none(value: Value | None) -> bool:
    if value is None:
        return False
    return value.ref == "ssl.CERT_NONE" or value.const in {"CERT_NONE", "NONE"}


def _tls_calls(event: CallEvent) -> Iterator[_Hit]:
    name = event.name or ""
    receiver = (event.receiver.ref or "") if event.receiver is not None else ""
    call = _written(event)
    if name in _UNVERIFIED_CONTEXTS:
        yield _Hit("tls", event.node, f"{call} makes a context that checks no certificate.")
        return
    verify = event.kwarg("verify")
    if _false(verify) and (name.startswith(_HTTP_PACKAGES) or receiver.startswith(_HTTP_CLIENTS)):
        # At the call, where bandit's B501 reports it too: the two merge.
        yield _Hit("tls", event.node, f"{call} with verify=False accepts any certificate.")
        return
    if name.startswith(_AIOHTTP) or receiver.startswith(_AIOHTTP):
        for flag in ("ssl", "verify_ssl"):
            given = event.kwarg(flag)
            if given is not None and given.const is False:
                yield _Hit("tls", event.node, f"{call} with {flag}=False accepts any certificate.")
                return
    if _cert_none(event.kwarg("cert_reqs")):
        yield _Hit("tls", event.node, f"{call} with cert_reqs=CERT_NONE checks no certificate.")


def _tls_stores(events: list[StoreEvent]) -> Iterator[_Hit]:
    """`ctx.check_hostname = False` with `ctx.verify_mode = ssl.CERT_NONE` (in one function),
    `session.verify = False`, and `ssl._create_default_https_context =
    ssl._create_unverified_context`."""
    no_hostname = {
        e.function for e in events if e.target.endswith(".check_hostname") and _false(e.value)
    }
    for event in events:
        target = event.target
        if target.endswith(".verify_mode") and _cert_none(event.value):
            if event.function in no_hostname:
                yield _Hit(
                    "tls",
                    event.node,
                    "verify_mode = CERT_NONE with check_hostname = "
                    "False: the context accepts any certificate for any host.",
                )
        elif target.endswith(".verify") and event.value.const is False:
            owner = target[: -len(".verify")]
            if owner.startswith(_HTTP_CLIENTS) or re.search(r"session|client", owner, re.I):
                yield _Hit(
                    "tls",
                    event.node,
                    "verify = False on an HTTP session: every "
                    "request it sends accepts any certificate.",
                )
        elif target == "ssl._create_default_https_context" and event.value.ref in (
            _UNVERIFIED_CONTEXTS
        ):
            yield _Hit(
                "tls",
                event.node,
                "The default HTTPS context is replaced by one that "
                "checks no certificate, for every urllib request in the process.",
            )


# --- JWT ----------------------------------------------------------------------------------


def _algorithm_names(value: Value) -> list[str]:
    if value.items is not None:
        return [str(item.const) for item in value.items if item.known]
    if isinstance(value.const, tuple | frozenset):
        return [str(item) for item in value.const]
    if isinstance(value.const, str):
        return [value.const]
    return []


def _jwt_calls(event: CallEvent) -> Iterator[_Hit]:
    name = event.name or ""
    call = _written(event)
    if name in _JWT_UNVERIFIED:
        yield _Hit(
            "jwt-unverified",
            event.node,
            f"{call} reads the token's claims without checking its signature.",
            Severity.MEDIUM,
        )
        return
    if name not in _JWT_DECODERS:
        return
    options = event.kwarg("options")
    flag = options.key("verify_signature") if options is not None else None
    old_flag = event.kwarg("verify")
    if _false(flag) or (old_flag is not None and old_flag.const is False):
        yield _Hit(
            "jwt-unverified",
            event.node,
            f"{call} with signature verification switched off accepts forged tokens.",
        )
        return
    algorithms = event.arg(2, "algorithms")
    if algorithms is None or (algorithms.known and algorithms.const is None):
        yield _Hit(
            "jwt-algorithms",
            event.node,
            f"{call} without algorithms= accepts the algorithm the token names.",
        )
    elif any(alg.lower() == "none" for alg in _algorithm_names(algorithms)):
        yield _Hit(
            "jwt-none", event.node, f"{call} accepts the 'none' algorithm: unsigned tokens pass."
        )


def _verified_after(function: str, verified: set[str], analysis: FileAnalysis) -> bool:
    if function in verified:
        return True
    name = function.rsplit(".", 1)[-1]
    for caller in verified:
        definition = analysis.definitions.get(caller)
        if definition is not None and any(
            isinstance(node, ast.Call) and dotted(node.func).rsplit(".", 1)[-1] == name
            for node in ast.walk(definition.node)
        ):
            return True
    return False


def _verifies(event: CallEvent) -> bool:
    """`jwt.decode(token, key, algorithms=[...])` with the signature checked."""
    if (event.name or "") not in _JWT_DECODERS or len(event.args) + len(event.kwargs) < 2:
        return False
    options = event.kwarg("options")
    flag = options.key("verify_signature") if options is not None else None
    old_flag = event.kwarg("verify")
    algorithms = event.arg(2, "algorithms")
    return (
        not _false(flag)
        and not (old_flag is not None and old_flag.const is False)
        and algorithms is not None
        and not (algorithms.known and algorithms.const is None)
        and not any(alg.lower() == "none" for alg in _algorithm_names(algorithms))
    )


# --- ciphers and hashes -------------------------------------------------------------------


def _crypto_calls(event: CallEvent) -> Iterator[_Hit]:
    name = event.name or ""
    call = _written(event)
    if name in _CIPHER_NAMES:
        cipher = name.removesuffix(".new").rsplit(".", 1)[-1]
        yield _Hit("cipher", event.node, f"{call} uses {cipher}, a broken or 64-bit-block cipher.")
    elif name in _ECB_MODES or (
        name.startswith(("Crypto.Cipher.", "Cryptodome.Cipher."))
        and any((v.ref or "").endswith(".MODE_ECB") for v in (event.arg(1, "mode"),) if v)
    ):
        yield _Hit(
            "cipher",
            event.node,
            f"{call} uses ECB mode: equal plaintext blocks give equal ciphertext blocks.",
        )
    elif name in _WEAK_HASH_NAMES:
        yield _Hit(
            "hash", event.node, f"{call} hashes with SHA-1, whose collisions can be computed."
        )
    yield from _static_iv(event, name, call)


# cryptography's modes and whether their argument is an IV (CBC-like) or a nonce.
_IV_MODES = {f"cryptography.hazmat.primitives.ciphers.modes.{mode}": kind
             for kind, modes in (("iv", ("CBC", "CFB", "CFB8", "OFB")),
                                 ("nonce", ("CTR", "GCM")))
             for mode in modes}  # fmt: skip
_AEADS = ("AESGCM()", "AESCCM()", "AESOCB3()", "AESSIV()", "ChaCha20Poly1305()")
_CBC_LIKE = (".MODE_CBC", ".MODE_CFB", ".MODE_OFB", ".MODE_OPENPGP")


def _constant_bytes(value: Value | None) -> bool:
    return value is not None and isinstance(value.const, bytes | bytearray) and bool(value.const)


def _static_iv(event: CallEvent, name: str, call: str) -> Iterator[_Hit]:
    """`modes.CBC(b"fixed...")`, `AES.new(key, AES.MODE_CBC, iv=IV)`, `aead.encrypt(NONCE,
    ...)`: the same IV or nonce for every message."""
    receiver = (event.receiver.ref or "") if event.receiver is not None else ""
    kind = ""
    if name in _IV_MODES and _constant_bytes(event.arg(0, "initialization_vector")):
        kind = _IV_MODES[name]
    elif name in _IV_MODES and _constant_bytes(event.arg(0, "nonce")):
        kind = "nonce"
    elif name.startswith(("Crypto.Cipher.", "Cryptodome.Cipher.")) and name.endswith(".new"):
        mode = event.arg(1, "mode")
        cbc_like = mode is not None and (mode.ref or "").endswith(_CBC_LIKE)
        if _constant_bytes(event.kwarg("iv")) or (cbc_like and _constant_bytes(event.arg(2))):
            kind = "iv" if cbc_like else "nonce"
        elif _constant_bytes(event.kwarg("nonce")):
            kind = "nonce"
    elif event.method == "encrypt" and receiver.endswith(_AEADS):
        kind = "nonce" if _constant_bytes(event.arg(0, "nonce")) else ""
    if kind == "iv":
        message = f"{call} uses an IV written in the code: every message gets the same one."
        yield _Hit("static-iv", event.node, message, cwe=(329, 327))
    elif kind == "nonce":
        message = f"{call} uses a nonce written in the code: it repeats under the same key."
        yield _Hit("static-iv", event.node, message, cwe=(323, 327))


# --- temporary files ----------------------------------------------------------------------

# Names nobody can guess in advance (`unique` labels of calls.py, by what they name).
_UNPREDICTABLE = frozenset(
    {"uuid.uuid4()", "secrets.token_hex()", "secrets.token_urlsafe()", "secrets.token_bytes()",
     "tempfile.mkstemp()", "tempfile.NamedTemporaryFile()", "tempfile.mkdtemp()",
     "os.urandom()"}
)  # fmt: skip
_WRITE_OPENERS = frozenset({"open", "io.open", "codecs.open"})


def _writes(mode: Value | None, default: str) -> bool:
    text = mode.const if mode is not None else default
    return isinstance(text, str) and bool(set(text) & {"w", "a", "+"}) and "x" not in text


def _predictable_temp(path: Value | None) -> bool:
    """A path under tempfile.gettempdir() whose name holds nothing unguessable."""
    if path is None or not any(t.label.source == "tempdir" for t in path.taints):
        return False
    return not any(
        t.label.source == "unique" and t.label.what in _UNPREDICTABLE for t in path.taints
    )


def _temp_calls(event: CallEvent) -> Iterator[_Hit]:
    name, method = event.name or "", event.method
    receiver = event.receiver
    if name in _WRITE_OPENERS:
        path, writes = event.arg(0, "file"), _writes(event.arg(1, "mode"), "r")
    elif method in {"write_text", "write_bytes"} and receiver is not None:
        path, writes = receiver, True
    elif method == "open" and receiver is not None and (receiver.ref or "").startswith("pathlib."):
        path, writes = receiver, _writes(event.arg(0, "mode"), "r")
    else:
        return
    if writes and _predictable_temp(path):
        message = (
            f"{_written(event)} writes to a name in the shared temporary folder that another "
            "local user can guess and create first."
        )
        yield _Hit("temp-file", event.node, message)


# --- permissions --------------------------------------------------------------------------


class _Constants:
    """Int constants of the other reviewed modules: `conf.FILE_MODE` where conf.py says
    `FILE_MODE = 0o666` (the interpreter follows functions across modules, not constants)."""

    def __init__(self, path: str, others: Mapping[str, SourceFile]) -> None:
        self.folder = path.rsplit("/", 1)[0] if "/" in path else ""
        self.others = others
        self.cache: dict[str, dict[str, int]] = {}

    def __call__(self, ref: str | None) -> int | None:
        parts = [part for part in (ref or "").split(".") if part]
        if len(parts) < 2 or not self.others:
            return None
        module, name = parts[-2], parts[-1]
        for path in self._candidates(module):
            found = self._module(path).get(name)
            if found is not None:
                return found
        return None

    def _candidates(self, module: str) -> list[str]:
        named = [p for p in self.others if p.rsplit("/", 1)[-1] in {f"{module}.py"}]
        here = [p for p in named if (p.rsplit("/", 1)[0] if "/" in p else "") == self.folder]
        return here or named

    def _module(self, path: str) -> dict[str, int]:
        if path not in self.cache:
            self.cache[path] = _int_constants(self.others[path].text)
        return self.cache[path]


def _int_constants(text: str) -> dict[str, int]:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    found: dict[str, int] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
            value = _stat_expression(stmt.value)
            if isinstance(target, ast.Name) and value is not None:
                found[target.id] = value
    return found


def _mode_value(
    value: Value | None, node: ast.expr | None, resolve: _Constants | None = None
) -> int | None:
    """An int mode: folded by the interpreter, written with stat constants, or a constant of
    another reviewed module."""
    if value is not None and isinstance(value.const, int) and not isinstance(value.const, bool):
        return value.const
    written = _stat_expression(node) if node is not None else None
    if written is None and resolve is not None and value is not None:
        return resolve(value.ref)
    return written


def _stat_expression(node: ast.expr) -> int | None:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.Attribute) and node.attr.startswith("S_I"):
        found = getattr(stat, node.attr, None)
        return found if isinstance(found, int) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr | ast.Add | ast.BitAnd):
        left, right = _stat_expression(node.left), _stat_expression(node.right)
        if left is None or right is None:
            return None
        if isinstance(node.op, ast.BitAnd):
            return left & right
        return left | right if isinstance(node.op, ast.BitOr) else left + right
    return None


def _permission_calls(event: CallEvent, resolve: _Constants | None = None) -> Iterator[_Hit]:
    name, method = event.name or "", event.method
    call = _written(event)
    if name in _CHMODS or (method == "chmod" and not name.startswith("os.")):
        index = 1 if name in _CHMODS else 0
        mode = _mode_value(event.arg(index, "mode"), _arg_node(event.node, index, "mode"), resolve)
        if mode is not None and mode & stat.S_IWOTH:
            yield _Hit(
                "permissions",
                event.node,
                f"{call} sets mode {oct(mode)}: anyone on the machine can write to it.",
            )
    elif name in _MKDIRS or (method == "mkdir" and not name.startswith("os.")):
        index = 1 if name in _MKDIRS else 0
        mode = _mode_value(event.arg(index, "mode"), _arg_node(event.node, index, "mode"), resolve)
        if mode is not None and mode & stat.S_IWOTH:
            yield _Hit(
                "permissions",
                event.node,
                f"{call} asks for mode {oct(mode)}: the "
                "folder is world-writable unless the umask removes it.",
                Severity.LOW,
            )
    elif name == "os.umask":
        mask = _mode_value(event.arg(0, "mask"), _arg_node(event.node, 0, "mask"))
        if mask is not None and not mask & stat.S_IWOTH:
            yield _Hit(
                "permissions",
                event.node,
                f"{call} sets umask {oct(mask)}: files and "
                "folders created afterwards are world-writable by default.",
            )


# --- the findings -------------------------------------------------------------------------


def _own(event: Event) -> bool:
    """Written in this file's own code (not a helper's event replayed at a call site)."""
    return not event.via and not event.origin


def _hits(analysis: FileAnalysis, path: str, others: Mapping[str, SourceFile]) -> Iterator[_Hit]:
    resolve = _Constants(path, others)
    packages = analysis.packages
    lax_default = bool(packages & _LAX_BY_DEFAULT) and not packages & _OTHER_FRAMEWORKS
    settings_allowed = not _not_production(path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    stores: list[StoreEvent] = []
    jwt_hits: list[tuple[str, _Hit]] = []
    verified: set[str] = set()
    for event in analysis.events:
        if not _own(event):
            continue
        if isinstance(event, StoreEvent):
            stores.append(event)
        if settings_allowed:
            yield from _cookie_settings(event)
        if isinstance(event, CallEvent):
            for check in (_tls_calls, _crypto_calls, _temp_calls):
                yield from check(event)
            yield from _permission_calls(event, resolve)
            yield from _cookie_calls(event, lax_default)
            jwt_hits.extend((event.function, hit) for hit in _jwt_calls(event))
            if _verifies(event):
                verified.add(event.function)
    # Reading the claims unverified to choose the key (its `iss` or `kid`), then decoding
    # with the key and the algorithms (in the same function, or in one that calls the
    # peeking helper), is how multi-issuer auth works.
    for function, hit in jwt_hits:
        if hit.check != "jwt-unverified" or not _verified_after(function, verified, analysis):
            yield hit
    yield from _tls_stores(stores)
    yield from _all_fields(analysis.tree)
    if settings_allowed:
        yield from _class_settings(analysis.tree)


_ALL_FIELDS_BASES = ("ModelSerializer", "ModelForm", "CreateView", "UpdateView")


def _all_fields(tree: ast.Module) -> Iterator[_Hit]:
    """DRF ModelSerializer / Django ModelForm `class Meta: fields = "__all__"`, and Django's
    CreateView/UpdateView with `fields = "__all__"` (they build such a form)."""
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        if not any(dotted(base).endswith(_ALL_FIELDS_BASES) for base in node.bases):
            continue
        metas = [s for s in node.body if isinstance(s, ast.ClassDef) and s.name == "Meta"]
        for body in (node.body, *(meta.body for meta in metas)):
            for stmt in body:
                if (
                    isinstance(stmt, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "fields" for t in stmt.targets)
                    and isinstance(stmt.value, ast.Constant)
                    and stmt.value.value == "__all__"
                ):
                    message = f"{node.name} accepts every field of its model (fields = '__all__')."
                    yield _Hit("all-fields", stmt, message)


def _umask_read(hit: _Hit, tree: ast.Module) -> bool:
    """`old = os.umask(0); os.umask(old)`: the usual way to read the umask, not to set it.
    Only a umask call written as a statement of its own sets it for what follows."""
    if not (isinstance(hit.node, ast.Call) and dotted(hit.node.func).endswith("umask")):
        return False
    return not any(isinstance(n, ast.Expr) and n.value is hit.node for n in ast.walk(tree))


def config_findings(
    file: SourceFile, analysis: FileAnalysis, others: Mapping[str, SourceFile] | None = None
) -> list[Finding]:
    """One finding per check and place. `others`: the other reviewed files, by path, whose
    module constants a check may read (`os.chmod(p, conf.FILE_MODE)`)."""
    found: dict[tuple[str, int, int], Finding] = {}
    for hit in _hits(analysis, file.path, others or {}):
        if hit.check == "permissions" and _umask_read(hit, analysis.tree):
            continue
        key = (hit.check, getattr(hit.node, "lineno", 0), getattr(hit.node, "col_offset", 0))
        if key not in found:
            found[key] = _finding(file, hit)
    return list(found.values())


def _finding(file: SourceFile, hit: _Hit) -> Finding:
    rule = RULES[hit.check]
    line, end_line, column, end_column = position(file, hit.node)
    return Finding(
        rule_id=f"{RULE_PREFIX}{rule.slug}",
        title=rule.title,
        cwe=hit.cwe or rule.cwe,
        severity=hit.severity or rule.severity,
        confidence=Confidence.HIGH,
        sources=(STAGE,),
        file=file.path,
        start_line=line,
        end_line=end_line,
        start_column=column,
        end_column=end_column,
        snippet=file.line(line).strip(),
        message=hit.message,
        why=rule.why,
        fix=rule.fix,
    )


# --- mass assignment: which `**mapping`s the code built from an allow-list -----------------

# Attributes of a validated form or serializer, and methods that give back only declared
# fields (pydantic's .dict()/.model_dump(), marshmallow's .load()).
_VALIDATED_ATTRS = frozenset({"validated_data", "cleaned_data"})
_SCHEMA_METHODS = frozenset({"dict", "model_dump", "load"})
_REQUEST_NAMES = frozenset({"request", "req"})
_REQUEST_MAPPINGS = frozenset(
    {"POST", "GET", "form", "args", "values", "json", "data", "query_params", "query",
     "REQUEST", "body"}
)  # fmt: skip
# Classes that take only declared fields, or are not stored: not mass assignment.
_SAFE_BASES = re.compile(
    r"(^|\.)(BaseModel|BaseSettings|Schema|\w*Serializer|\w*Form|TypedDict|NamedTuple|"
    r"\w*Exception|\w*Error|Enum)$"
)
_SAFE_CALLEES = re.compile(
    r"(Response|Error|Exception|Warning|Schema|Serializer|Form|Request|Config|Settings|"
    r"Options|Params|Payload|Body|Query|DTO|Input|In|Out|Create|Update|Filter|Dict|"
    r"Namespace)$"
)
_SAFE_MODULE = re.compile(r"schema|serializer|form|dto|pydantic|marshmallow", re.IGNORECASE)
_LIBRARY_ROOTS = frozenset(
    WEB_PACKAGES
    | {"pydantic", "marshmallow", "attr", "attrs", "dataclasses", "collections", "types",
       "typing", "logging", "datetime", "json", "requests", "httpx", "jinja2", "argparse",
       "email", "http", "urllib", "pathlib", "subprocess", "threading", "asyncio", "uuid",
       "decimal", "fractions", "enum", "functools", "itertools", "string", "re", "os", "sys"}
)  # fmt: skip


_MASS_KINDS = frozenset({"mass-assign", "mass-assign-attrs", "mass-assign-setattr"})


def keep_hit(hit: SinkHit, analysis: FileAnalysis) -> bool:
    """False for a mass-assignment hit the code made safe (allow-listed keys, a validated
    schema, a class that takes only declared fields), here or, for a helper's sink, at every
    call of the helper; True for every other hit."""
    if hit.kind not in _MASS_KINDS or hit.note == "setattr":
        return True
    event = hit.event
    if not isinstance(event, CallEvent):
        return True
    tree = None if event.origin else analysis.tree  # another module's node: not this tree
    if hit.note == "kwargs" and not _assignable_class(event, tree):
        return False
    node = event.node
    if hit.note == "kwargs":
        values = [kw.value for kw in node.keywords if kw.arg is None]
    else:
        values = node.args[:1]
    scope = _scope(tree, node) if tree is not None else None
    if all(_allow_listed(value, scope, node.lineno) for value in values):
        return False
    return not (event.via and _callers_allow_list(event, analysis))


def _callers_allow_list(event: CallEvent, analysis: FileAnalysis) -> bool:
    """Every call of the helper (`event.via`) in the calling function passes a mapping the
    caller built from an allow-list, and none passes the request's data as it came."""
    definition = analysis.definitions.get(event.function)
    scope: ast.AST = definition.node if definition is not None else analysis.tree
    helper = event.via.rsplit(".", 1)[-1]
    calls = [
        node
        for node in ast.walk(scope)
        if isinstance(node, ast.Call) and dotted(node.func).rsplit(".", 1)[-1] == helper
    ]
    for call in calls:
        arguments = [*call.args, *(keyword.value for keyword in call.keywords)]
        if any(_raw_request(a, scope, call.lineno) for a in arguments):
            return False
        if not any(_allow_listed(a, scope, call.lineno) for a in arguments):
            return False
    return bool(calls)


def _raw_request(expr: ast.expr, scope: ast.AST, line: int, depth: int = 0) -> bool:
    """The request's data as it came (`request.get_json()`, a name assigned from it)."""
    if _allow_listed(expr, scope, line):
        return False
    if isinstance(expr, ast.Name) and expr.id not in _REQUEST_NAMES:
        assigned = _last_assignment(scope, expr.id, line)
        return (
            assigned is not None
            and depth < 4
            and _raw_request(assigned, scope, assigned.lineno, depth + 1)
        )
    return any(isinstance(n, ast.Name) and n.id in _REQUEST_NAMES for n in ast.walk(expr))


def _assignable_class(event: CallEvent, tree: ast.Module | None) -> bool:
    """A constructor (or ORM call) that sets whatever fields it is given."""
    if event.method in {"create", "get_or_create", "update_or_create", "update", "values"}:
        return True
    name = event.name or dotted(event.node.func)
    if name.startswith("class:"):
        cls = name[len("class:") :].removesuffix("()")
        return tree is None or not _safe_class(cls, tree)
    parts = name.split(".")
    if _SAFE_CALLEES.search(parts[-1]) or any(_SAFE_MODULE.search(p) for p in parts[:-1]):
        return False
    if parts[0] in _LIBRARY_ROOTS and "models" not in parts:
        return False
    return not (len(parts) == 1 and tree is not None and _safe_class(parts[0], tree))


def _safe_class(name: str, tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == name:
            return any(_SAFE_BASES.search(dotted(base)) for base in node.bases)
    return False


def _scope(tree: ast.Module, node: ast.AST) -> ast.AST:
    """The innermost function holding `node` (the module when none does)."""
    line = getattr(node, "lineno", 0)
    best: ast.AST = tree
    for candidate in ast.walk(tree):
        if isinstance(candidate, ast.FunctionDef | ast.AsyncFunctionDef):
            end = candidate.end_lineno or candidate.lineno
            if candidate.lineno <= line <= end and (
                best is tree or candidate.lineno >= getattr(best, "lineno", 0)
            ):
                best = candidate
    return best


def _allow_listed(expr: ast.expr, scope: ast.AST | None, line: int, depth: int = 0) -> bool:
    """Was the mapping `expr` built from keys the code chose?"""
    if depth > 4:
        return False
    if isinstance(expr, ast.Dict):
        return None not in expr.keys
    if isinstance(expr, ast.DictComp):
        return _filtered(expr)
    if isinstance(expr, ast.Attribute):
        return expr.attr in _VALIDATED_ATTRS
    if isinstance(expr, ast.Call):
        func = expr.func
        if isinstance(func, ast.Attribute) and func.attr in _SCHEMA_METHODS:
            # item.dict(), schema.load(data): declared fields; request.POST.dict(): not
            owner = dotted(func.value).split(".")
            return not (len(owner) > 1 and owner[-1] in _REQUEST_MAPPINGS)
        if dotted(func) == "dict" and len(expr.args) == 1 and not expr.keywords:
            return _allow_listed(expr.args[0], scope, line, depth + 1)
        return False
    if isinstance(expr, ast.Name) and scope is not None:
        assigned = _last_assignment(scope, expr.id, line)
        return assigned is not None and _allow_listed(assigned, scope, assigned.lineno, depth + 1)
    return False


def _filtered(comp: ast.DictComp) -> bool:
    """`{k: data[k] for k in ALLOWED}`, `{k: v for k, v in data.items() if k in ALLOWED}`."""
    generator = comp.generators[0]
    keys = {n.id for n in ast.walk(generator.target) if isinstance(n, ast.Name)}
    for condition in generator.ifs:
        for node in ast.walk(condition):
            if (
                isinstance(node, ast.Compare)
                and isinstance(node.left, ast.Name)
                and node.left.id in keys
                and isinstance(node.ops[0], ast.In | ast.NotIn | ast.Eq)
            ):
                return True
    source = generator.iter
    if isinstance(source, ast.BinOp) and isinstance(source.op, ast.BitAnd):
        return True  # data.keys() & ALLOWED: the keys both have
    if isinstance(source, ast.Call) and isinstance(source.func, ast.Attribute):
        return False  # data.items(), data.keys(): the client's keys
    return isinstance(source, ast.Tuple | ast.List | ast.Set) or (
        isinstance(source, ast.Name | ast.Attribute) and dotted(source).split(".")[-1].isupper()
    )


def _last_assignment(scope: ast.AST, name: str, line: int) -> ast.expr | None:
    """The value last assigned to `name` above `line` in `scope` (flow-insensitive)."""
    best: tuple[int, ast.expr] | None = None
    for node in ast.walk(scope):
        value: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.NamedExpr):
            targets = [node.target]
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            value = node.value
        if value is not None and node.lineno < line and (best is None or node.lineno > best[0]):
            best = (node.lineno, value)
    return best[1] if best is not None else None
