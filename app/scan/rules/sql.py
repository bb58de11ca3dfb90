"""SQL schema rules: plaintext password columns, unencrypted sensitive columns, over-broad
grants and privileged roles.

sqlglot's tokenizer splits the file into statements (it knows strings, comments and quoted
identifiers, so a `;` inside them does not split). CREATE TABLE and INSERT statements are
parsed with sqlglot; GRANT and role statements vary too much between databases for its
parser, so they are read from the tokens. A statement that does not parse becomes a
warning and the rest of the file is still checked.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, SqlglotError, TokenError
from sqlglot.tokenizer_core import Token, TokenType

from app.core.findings import Confidence, Finding, ReviewWarning, Severity, StageResult
from app.core.sources import SourceFile
from app.scan.rules.common import SOURCE, Rule, RuleParseError, name_words

PLAINTEXT_PASSWORD = Rule(
    id="airlock.sql.plaintext-password",
    title="Password stored in plain text",
    cwe=(256, 312),
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    description="A password column with a text type and no sign of hashing (or a literal "
    "password inserted into it) means one database leak discloses every user's password, "
    "which people reuse elsewhere.",
    fix="Store only a slow salted hash (argon2id, scrypt or bcrypt) in a column named for "
    "it, e.g. `password_hash VARCHAR(255) NOT NULL`, and verify with the library's "
    "constant-time check.",
)
SENSITIVE_COLUMN = Rule(
    id="airlock.sql.sensitive-column-unencrypted",
    title="Sensitive data in a plain column",
    cwe=(311, 312),
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    description="A column named for card numbers, national ids, bank accounts or API "
    "credentials holds them as plain text or numbers, readable by anyone with read access "
    "to the table, its backups or its replicas.",
    fix="Encrypt the value in the application (envelope encryption with a KMS key) and "
    "store the ciphertext in a binary column named for it (`ssn_encrypted BYTEA`); keep "
    "only what you need (e.g. `card_last4`), and tokenise card data through the payment "
    "provider.",
)
OVERBROAD_GRANT = Rule(
    id="airlock.sql.overbroad-grant",
    title="Over-broad database privilege",
    cwe=(269, 250),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    description="ALL PRIVILEGES, grants on every database (`*.*`), grants to PUBLIC, "
    "administrative privileges (SUPER, FILE, ...), superuser roles or WITH GRANT OPTION "
    "give an account far more than an application needs, so one SQL injection or leaked "
    "password reaches everything.",
    fix="Grant each role only the statements and objects it uses, e.g. `GRANT SELECT, "
    "INSERT ON orders TO app_rw;`, never to PUBLIC; keep ownership and superuser with a "
    "separate migration role that the application does not use.",
)
RULES = (PLAINTEXT_PASSWORD, SENSITIVE_COLUMN, OVERBROAD_GRANT)


class _DropStatementText(logging.Filter):
    """sqlglot logs the statement it falls back on; reviewed code must not reach the logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "unsupported syntax" not in record.getMessage()


logging.getLogger("sqlglot").addFilter(_DropStatementText())

_DIALECTS = ("postgres", "mysql", "tsql", "sqlite", "oracle")
_TEXT_TYPES = frozenset(
    {"CHAR", "VARCHAR", "NCHAR", "NVARCHAR", "TEXT", "MEDIUMTEXT", "LONGTEXT", "TINYTEXT",
     "STRING", "CLOB", "NCLOB", "CITEXT", "NAME", "BPCHAR", "VARCHAR2", "NVARCHAR2",
     "USERDEFINED", "JSON", "JSONB"}
)  # fmt: skip
_NUMBER_TYPES = frozenset({"INT", "BIGINT", "SMALLINT", "DECIMAL", "NUMERIC", "NUMBER"})
_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "passphrase", "pass"})
# A name with one of these words says the column holds a hash, a ciphertext or metadata
# about the secret rather than the secret itself.
_PROTECTED_WORDS = frozenset(
    {"hash", "hashed", "digest", "bcrypt", "argon2", "scrypt", "pbkdf2", "salt", "encrypted",
     "enc", "crypt", "cipher", "ciphertext", "sealed", "kms", "last4", "last", "masked",
     "mask", "hint", "fingerprint", "id", "ref", "token_id"}
)  # fmt: skip
_METADATA_WORDS = frozenset(
    {"changed", "updated", "reset", "expires", "expiry", "expiration", "at", "set",
     "required", "policy", "length", "attempts", "version", "algorithm", "algo", "count",
     "date", "time", "strength", "type"}
)  # fmt: skip
_SENSITIVE_NAMES: tuple[tuple[str, ...], ...] = (
    ("ssn",), ("social", "security"), ("tax", "id"), ("taxid",), ("national", "id"),
    ("passport",), ("drivers", "license"), ("driver", "license"), ("credit", "card"),
    ("card", "number"), ("cc", "number"), ("ccnum",), ("pan",), ("cvv",), ("cvc",),
    ("cvv2",), ("iban",), ("bank", "account"), ("account", "number"), ("routing", "number"),
    ("api", "key"), ("apikey",), ("secret", "key"), ("access", "token"),
    ("refresh", "token"), ("private", "key"), ("client", "secret"), ("otp", "secret"),
    ("totp", "secret"), ("mfa", "secret"),
)  # fmt: skip
_HASH_VALUE = re.compile(
    r"^(?:\$(?:2[abxy]?|argon2(?:id|i|d)|scrypt|pbkdf2[-\w]*|[156])\$|pbkdf2_\w+\$|"
    r"\{(?:SSHA|SHA|BCRYPT|ARGON2)\w*\}|SCRAM-SHA-256\$|md5[0-9a-f]{32}$|[0-9a-fA-F]{32,}$)"
)
_ADMIN_PRIVILEGES = frozenset(
    {"SUPER", "FILE", "SHUTDOWN", "PROCESS", "RELOAD", "CREATE USER", "GRANT OPTION",
     "CONTROL SERVER", "CONTROL", "IMPERSONATE", "TAKE OWNERSHIP"}
)  # fmt: skip
_SUPER_ROLES = frozenset(
    {"rds_superuser", "cloudsqlsuperuser", "azure_pg_admin", "pg_write_all_data",
     "pg_read_server_files", "pg_write_server_files", "pg_execute_server_program",
     "pg_read_all_data", "db_owner", "sysadmin", "securityadmin", "dba", "postgres", "root"}
)  # fmt: skip


@dataclass(frozen=True)
class Statement:
    tokens: list[Token]
    text: str
    dialect: str

    @property
    def line(self) -> int:
        return self.tokens[0].line

    def words(self) -> list[str]:
        return [token.text.upper() for token in self.tokens]


def check(file: SourceFile) -> StageResult:
    """Every SQL rule over one file."""
    result = StageResult()
    for statement in split_statements(file.text):
        kind = _statement_kind(statement)
        try:
            if kind == "create_table":
                result.findings.extend(_create_table(file, statement))
            elif kind == "insert":
                result.findings.extend(_insert(file, statement))
            elif kind == "grant":
                result.findings.extend(_grant(file, statement))
            elif kind == "role":
                result.findings.extend(_role_attributes(file, statement))
        except RuleParseError as exc:
            result.warnings.append(
                ReviewWarning("parse_error", str(exc), file=file.path, stage=SOURCE)
            )
    return result


def split_statements(text: str) -> list[Statement]:
    """The file's statements, split on `;` tokens."""
    dialect = _guess_dialect(text)
    try:
        tokens = sqlglot.Dialect.get_or_raise(dialect).tokenize(text)
    except TokenError as exc:
        raise RuleParseError(f"SQL tokenizer: {str(exc).splitlines()[0][:120]}") from exc
    statements: list[Statement] = []
    current: list[Token] = []
    for token in [*tokens, None]:
        if token is None or token.token_type == TokenType.SEMICOLON:
            if current:
                source = text[current[0].start : current[-1].end + 1]
                statements.append(Statement(current, source, dialect))
            current = []
        else:
            current.append(token)
    return statements


def _guess_dialect(text: str) -> str:
    # Backquoted identifiers are MySQL's; bracketed ones T-SQL's. Postgres reads the rest.
    if "`" in text:
        return "mysql"
    if re.search(r"\[\w+\]", text) and re.search(r"\bNVARCHAR\b|\bGO\b", text, re.I):
        return "tsql"
    return "postgres"


def _statement_kind(statement: Statement) -> str:
    words = statement.words()[:6]
    if words[:1] == ["CREATE"] and "TABLE" in words:
        return "create_table"
    if words[:2] == ["INSERT", "INTO"]:
        return "insert"
    if words[:1] == ["GRANT"]:
        return "grant"
    if words[:1] in (["CREATE"], ["ALTER"]) and len(words) > 1 and words[1] in {"ROLE", "USER"}:
        return "role"
    return "other"


def _parse(statement: Statement) -> exp.Expr:
    """The statement as a sqlglot tree, trying the guessed dialect first."""
    problem = ""
    for dialect in (statement.dialect, *(d for d in _DIALECTS if d != statement.dialect)):
        try:
            tree = sqlglot.parse_one(statement.text, read=dialect)
        except SqlglotError as exc:
            problem = problem or _error_text(exc)
            continue
        except (ValueError, RecursionError) as exc:  # hostile nesting, odd literals
            problem = problem or type(exc).__name__
            continue
        if not isinstance(tree, exp.Command):
            return tree
    raise RuleParseError(
        f"cannot parse this statement ({problem or 'unsupported syntax'})", line=statement.line
    )


def _error_text(exc: SqlglotError) -> str:
    if isinstance(exc, ParseError) and exc.errors:
        return str(exc.errors[0].get("description", "parse error"))
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__


# --- CREATE TABLE ----------------------------------------------------------------------


def _create_table(file: SourceFile, statement: Statement) -> Iterator[Finding]:
    tree = _parse(statement)
    for column in tree.find_all(exp.ColumnDef):
        name = column.name
        type_name = _type_name(column)
        line = _absolute_line(statement, column)
        if _is_plain_password(name, type_name):
            yield PLAINTEXT_PASSWORD.finding(
                file,
                line,
                message=f"Column {name} ({type_name}) is named as a password and nothing "
                "says it holds a hash.",
            )
        elif _is_plain_sensitive(name, type_name):
            yield SENSITIVE_COLUMN.finding(
                file,
                line,
                message=f"Column {name} ({type_name}) holds sensitive data without encryption.",
            )


def _type_name(column: exp.ColumnDef) -> str:
    kind = column.args.get("kind")
    if not isinstance(kind, exp.DataType):
        return "UNKNOWN"
    value = kind.this
    return str(value.name if hasattr(value, "name") else value).upper()


def _absolute_line(statement: Statement, node: exp.Expr) -> int:
    # sqlglot counts lines within the statement text, which starts at the first token.
    meta_line = node.this.meta.get("line") if isinstance(node.this, exp.Expr) else None
    return statement.line + int(meta_line) - 1 if meta_line else statement.line


def _is_plain_password(name: str, type_name: str) -> bool:
    words = name_words(name)
    if not words or not _PASSWORD_WORDS.intersection(words) or type_name not in _TEXT_TYPES:
        return False
    if words == ["pass"] or "pass" in words[:-1]:
        return words == ["pass"]  # "pass" alone only; "pass_count", "pass_through" are not
    return _is_bare_secret(words)


def _is_plain_sensitive(name: str, type_name: str) -> bool:
    words = name_words(name)
    if type_name not in _TEXT_TYPES | _NUMBER_TYPES or not _is_bare_secret(words):
        return False
    return any(_contains(words, pattern) for pattern in _SENSITIVE_NAMES)


def _is_bare_secret(words: list[str]) -> bool:
    return not _PROTECTED_WORDS.intersection(words) and words[-1] not in _METADATA_WORDS


def _contains(words: list[str], pattern: tuple[str, ...]) -> bool:
    size = len(pattern)
    return any(tuple(words[i : i + size]) == pattern for i in range(len(words) - size + 1))


# --- INSERT of literal passwords -------------------------------------------------------


def _insert(file: SourceFile, statement: Statement) -> Iterator[Finding]:
    if not any(word in statement.text.lower() for word in _PASSWORD_WORDS):
        return  # most inserts carry no password column: skip parsing them
    tree = _parse(statement)
    schema = tree.this if isinstance(tree, exp.Insert) else None
    values = tree.expression if isinstance(tree, exp.Insert) else None
    if not isinstance(schema, exp.Schema) or not isinstance(values, exp.Values):
        return
    columns = [column.name for column in schema.expressions]
    positions = [i for i, name in enumerate(columns) if _is_password_column(name)]
    for row in values.expressions:
        cells = row.expressions if isinstance(row, exp.Tuple) else []
        for position in positions:
            cell = cells[position] if position < len(cells) else None
            if isinstance(cell, exp.Literal) and cell.is_string:
                yield from _literal_password(file, statement, columns[position], cell.this)


def _is_password_column(name: str) -> bool:
    words = name_words(name)
    return bool(_PASSWORD_WORDS.intersection(words)) and _is_bare_secret(words)


def _literal_password(
    file: SourceFile, statement: Statement, column: str, value: str
) -> Iterator[Finding]:
    if not value or _HASH_VALUE.match(value):
        return
    line = next(
        (token.line for token in statement.tokens
         if token.token_type == TokenType.STRING and token.text == value),
        statement.line,
    )  # fmt: skip
    finding = PLAINTEXT_PASSWORD.finding(
        file,
        line,
        message=f"INSERT writes a plain-text value into {column}.",
        confidence=Confidence.HIGH,
        secret=value,
    )
    yield finding


# --- GRANT and role attributes ---------------------------------------------------------


def _grant(file: SourceFile, statement: Statement) -> Iterator[Finding]:
    words = statement.words()
    on = _index(words, "ON")
    to = _index(words, "TO")
    if to is None:
        return
    privileges = _privileges(words[1 : on if on is not None else to])
    target = " ".join(words[on + 1 : to]) if on is not None else ""
    grantees = words[to + 1 :]
    reasons, severe = _grant_reasons(privileges, target, grantees, role_grant=on is None)
    if reasons:
        yield OVERBROAD_GRANT.finding(
            file,
            statement.line,
            end_line=statement.tokens[-1].line,
            message="GRANT " + "; ".join(reasons) + ".",
            severity=Severity.HIGH if severe else Severity.MEDIUM,
        )


def _index(words: list[str], word: str) -> int | None:
    return words.index(word) if word in words else None


def _privileges(words: list[str]) -> list[str]:
    """`SELECT , INSERT ( a ) , CREATE USER` -> ["SELECT", "INSERT", "CREATE USER"]."""
    privileges: list[str] = []
    current: list[str] = []
    depth = 0
    for word in [*words, ","]:
        depth += (word == "(") - (word == ")")
        if word == "," and depth == 0:
            if current:
                privileges.append(" ".join(current))
            current = []
        elif depth == 0 and word not in {"(", ")"}:
            current.append(word)
    return privileges


def _grant_reasons(
    privileges: list[str], target: str, grantees: list[str], *, role_grant: bool
) -> tuple[list[str], bool]:
    reasons: list[str] = []
    severe = False
    if any(privilege in {"ALL", "ALL PRIVILEGES"} for privilege in privileges):
        reasons.append("gives ALL PRIVILEGES")
        severe = True
    admin = sorted(set(privileges) & _ADMIN_PRIVILEGES)
    if admin:
        reasons.append("gives administrative privileges " + ", ".join(admin))
        severe = True
    roles = {p.lower().strip("\"'`") for p in privileges} if role_grant else set()
    if roles & _SUPER_ROLES:
        reasons.append("gives a superuser-level role " + ", ".join(sorted(roles & _SUPER_ROLES)))
        severe = True
    if target.replace(" ", "") == "*.*":
        reasons.append("applies to every database on the server (*.*)")
        severe = True
    recipients, _, options = " ".join(grantees).partition("WITH")
    if "PUBLIC" in recipients.replace(",", " ").split():
        reasons.append("is given to PUBLIC, i.e. every role")
        severe = severe or any(p not in {"SELECT", "USAGE", "CONNECT"} for p in privileges)
    for option in ("GRANT OPTION", "ADMIN OPTION"):
        if option in options:
            reasons.append(f"lets the grantee pass it on (WITH {option})")
    return reasons, severe


def _role_attributes(file: SourceFile, statement: Statement) -> Iterator[Finding]:
    words = statement.words()
    granted = [word for word in ("SUPERUSER", "BYPASSRLS") if word in words]
    if granted:
        yield OVERBROAD_GRANT.finding(
            file,
            statement.line,
            end_line=statement.tokens[-1].line,
            message=f"{words[0]} {words[1]} gives {' and '.join(granted)}.",
        )
    password = _role_password(statement)
    if password is not None and not _HASH_VALUE.match(password):
        yield PLAINTEXT_PASSWORD.finding(
            file,
            statement.line,
            end_line=statement.tokens[-1].line,
            message=f"{words[0]} {words[1]} sets a literal password in the script.",
            confidence=Confidence.HIGH,
            secret=password,
        )


def _role_password(statement: Statement) -> str | None:
    tokens = statement.tokens
    for index, token in enumerate(tokens[:-1]):
        following = tokens[index + 1]
        if token.text.upper() in {"PASSWORD", "BY"} and following.token_type == TokenType.STRING:
            return following.text or None
    return None
