"""Stage: bandit over the Python files, in-process.

bandit reads files from disk, so each file is written to a private temporary folder (mode
0700, removed at the end) under a generated name: the reviewed path never decides where we
write. Files bandit cannot parse (Python 3.12+ syntax on 3.11, broken code, generated code cut off
at the token limit) are scanned again without the top-level statements that do not parse
(app/scan/python_recovery.py), with a `partly_parsed` warning naming the lines left out.

`# nosec` comments are ignored on purpose: in code under review they are the author's
claims (or a generated file's), not a verdict, and Airlock triages findings itself.
"""

from __future__ import annotations

import logging
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.core.findings import Confidence, Finding, ReviewWarning, Severity, StageResult
from app.core.sources import SourceFile
from app.scan.base import StageContext
from app.scan.python_recovery import (
    Recovered,
    parse_or_none,
    parse_quietly,
    partial_parse_warning,
    syntax_error_text,
)
from app.scan.rules.common import (
    cancelled_warning,
    mask_secret,
    names_a_non_secret,
    redact,
    snippet,
)

log = logging.getLogger(__name__)

SOURCE = "bandit"
# B101 (assert) flags every assert in every test file; asserts are not a security control
# bandit can judge, and the noise hides real findings.
EXCLUDED_TESTS = frozenset({"B101"})

_SEVERITY = {"HIGH": Severity.HIGH, "MEDIUM": Severity.MEDIUM, "LOW": Severity.LOW}
_CONFIDENCE = {"HIGH": Confidence.HIGH, "MEDIUM": Confidence.MEDIUM, "LOW": Confidence.LOW}
_PASSWORD_TESTS = frozenset({"B105", "B106", "B107"})
# bandit's CWE for these names a neighbour of the weakness; ours matches what the taint
# stage and the model report, so the stages merge (eval/exec run code: CWE-95; urlopen on a
# client URL is request forgery, with file:// reading local files). bandit files weak hashes
# (B303: MD2/MD4/MD5/SHA-1 of pycrypto(dome) and cryptography, B324: hashlib and crypt) under
# CWE-327 with the ciphers; a weak hash is CWE-328. Ciphers and modes (B304, B305) stay 327.
# A program started by a partial path (B607) is found through PATH: an untrusted search path
# (CWE-426), not a command an attacker writes (bandit says 78, which the injection findings
# and the benchmarks read as OS command injection).
_CWE_OVERRIDES: dict[str, tuple[int, ...]] = {
    "B607": (426,),
    "B102": (95,),
    "B307": (95,),
    "B310": (918, 22),
    "B303": (328,),
    "B324": (328,),
}
_PASSWORD_TEXT = re.compile(r"^(Possible hardcoded password: )'(.*)'$", re.DOTALL)

# test id -> (title, fix). Titles for the rest come from bandit's test names.
_GUIDANCE: dict[str, tuple[str, str]] = {
    "B102": ("Use of exec", "Do not execute built strings; dispatch to known functions."),
    "B103": ("Permissive file permissions", "Use the narrowest mode, e.g. 0o600 or 0o640."),
    "B104": (
        "Binding to all interfaces",
        "Bind to 127.0.0.1 or a configured interface; expose services through a proxy.",
    ),
    "B105": (
        "Hard-coded password",
        "Read the secret from the environment or a secret store; rotate the exposed one.",
    ),
    "B106": (
        "Hard-coded password argument",
        "Pass the secret from the environment or a secret store; rotate the exposed one.",
    ),
    "B107": (
        "Hard-coded password default",
        "Do not default a password parameter to a literal; require it from configuration.",
    ),
    "B108": (
        "Insecure temporary file",
        "Use tempfile.mkstemp()/NamedTemporaryFile()/TemporaryDirectory(), not fixed paths.",
    ),
    "B113": ("Request without timeout", "Pass timeout= to every requests call."),
    "B201": ("Flask debug mode", "Never run with debug=True outside local development."),
    "B301": (
        "Unsafe deserialisation (pickle)",
        "Never unpickle untrusted data; use JSON or a schema-validated format.",
    ),
    "B303": ("Weak hash", "Use SHA-256 or better; for passwords use argon2id/bcrypt/scrypt."),
    "B304": ("Insecure cipher", "Use AES-GCM or ChaCha20-Poly1305 (cryptography's AEAD)."),
    "B305": ("Insecure cipher mode", "Use an authenticated mode such as AES-GCM."),
    "B306": ("Insecure mktemp", "Use tempfile.mkstemp() or NamedTemporaryFile()."),
    "B307": ("Use of eval", "Use ast.literal_eval() for literals, or parse the input."),
    "B308": ("mark_safe on data", "Escape data; use format_html() with arguments."),
    "B310": (
        "urlopen with arbitrary scheme",
        "Allow only http(s) URLs you validated; prefer requests with a timeout.",
    ),
    "B311": (
        "Non-cryptographic random",
        "Use the secrets module for tokens, passwords and keys.",
    ),
    "B323": (
        "Unverified TLS context",
        "Use ssl.create_default_context() and keep certificate checks on.",
    ),
    "B324": (
        "Weak hash",
        "Use hashlib.sha256(); for passwords use argon2id/bcrypt/scrypt; pass "
        "usedforsecurity=False only where it is truly not for security.",
    ),
    "B501": (
        "TLS certificate check disabled",
        "Remove verify=False; point verify= at a CA bundle if a private CA is used.",
    ),
    "B502": ("Insecure TLS version", "Use ssl.PROTOCOL_TLS_CLIENT with TLS 1.2 minimum."),
    "B503": ("Insecure TLS version", "Use ssl.PROTOCOL_TLS_CLIENT with TLS 1.2 minimum."),
    "B504": ("TLS without version", "Use ssl.create_default_context()."),
    "B505": ("Weak cryptographic key", "Use RSA >= 3072 bits or EC P-256 or better."),
    "B506": ("Unsafe YAML load", "Use yaml.safe_load()."),
    "B507": (
        "SSH host key not checked",
        "Load known hosts and use RejectPolicy instead of AutoAddPolicy.",
    ),
    "B602": (
        "Shell command with shell=True",
        "Pass an argument list with shell=False; never format input into a command string.",
    ),
    "B603": (
        "Subprocess call without shell",
        "Make sure the program and arguments do not come from untrusted input.",
    ),
    "B604": ("Function call with shell=True", "Pass an argument list without a shell."),
    "B605": ("Process started with a shell", "Use subprocess.run([...]) without a shell."),
    "B607": ("Process started with a partial path", "Use the program's absolute path."),
    "B608": (
        "SQL built from strings",
        'Use parameterised queries: cursor.execute("... WHERE id = %s", (value,)).',
    ),
    "B609": ("Wildcard in command", "List files in Python and pass them explicitly."),
    "B610": ("Django extra() with data", "Use ORM filters or parameterised RawSQL."),
    "B611": ("Django RawSQL with data", "Pass values as params=, never format them in."),
    "B614": ("Unsafe torch.load", "Use torch.load(..., weights_only=True) or safetensors."),
    "B615": ("Unpinned Hugging Face download", "Pin revision= to a commit hash."),
    "B701": (
        "Jinja2 autoescape off",
        "Use Environment(autoescape=select_autoescape()) for HTML.",
    ),
    "B702": ("Mako templates without escaping", "Use default_filters=['h'] or escape data."),
    "B703": ("Django mark_safe on data", "Escape data; use format_html() with arguments."),
    "B704": ("markupsafe.Markup on data", "Escape data; build markup with Markup.format()."),
}
_IMPORT_FIX = "Review the use of this module on untrusted data; prefer a safe alternative."


class BanditStage:
    """bandit's Python checks, one file at a time.

    In-process for a few files; for many, the pipeline runs it in a child process next to
    the other stages (app/scan/offload.py).
    """

    name = SOURCE
    languages = frozenset({"python"})
    by_rules = True
    runs_in_child = True

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        result = StageResult()
        python = [file for file in files if file.language == "python"]
        if not python:
            return result
        try:
            manager = _new_manager()
        except ImportError:
            message = "bandit is not installed: Python files were not scanned by bandit"
            result.warnings.append(ReviewWarning("stage_failed", message, stage=self.name))
            return result
        with tempfile.TemporaryDirectory(prefix="airlock-bandit-") as folder:
            for index, file in enumerate(python):
                context.on_file(index, len(python))
                if context.should_cancel():
                    result.warnings.append(cancelled_warning(self.name, len(python) - index))
                    break
                _scan_one(manager, Path(folder) / f"{index:05d}.py", file, into=result)
        return result


class _DropOptionalFormatterErrors(logging.Filter):
    """bandit loads its report formatters through stevedore, which logs an ERROR for each
    optional one whose extra is not installed (e.g. 'sarif'). We never use bandit's
    formatters, so that message would only alarm users of every review."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Could not load" not in record.getMessage()


def _new_manager() -> Any:
    stevedore_log = logging.getLogger("stevedore.extension")
    if not any(isinstance(f, _DropOptionalFormatterErrors) for f in stevedore_log.filters):
        stevedore_log.addFilter(_DropOptionalFormatterErrors())
    from bandit.core import config as bandit_config
    from bandit.core import manager as bandit_manager

    return bandit_manager.BanditManager(
        bandit_config.BanditConfig(),
        "file",
        ignore_nosec=True,
        profile={"exclude": set(EXCLUDED_TESTS)},
    )


def _scan_one(manager: Any, path: Path, file: SourceFile, *, into: StageResult) -> None:
    skipped = _run_bandit(manager, path, file, file.text, into=into)
    if skipped is None:
        return
    if "syntax error" not in skipped:
        into.warnings.append(_failure(file, skipped))
        return
    recovered = _recover(file.text)
    if recovered is None:
        into.warnings.append(_skip_warning(file))
        return
    # Scan the statements that do parse: line numbers are unchanged, so findings point at
    # the real lines of the file.
    if _run_bandit(manager, path, file, recovered.text, into=into) is None:
        into.warnings.append(partial_parse_warning(recovered, file.path, SOURCE))
    else:
        into.warnings.append(_skip_warning(file))


def _run_bandit(
    manager: Any, path: Path, file: SourceFile, text: str, *, into: StageResult
) -> str | None:
    """Scan `text` as `file` into `into`; the reason bandit skipped it, if it did."""
    path.write_text(text, encoding="utf-8", newline="")
    first_result, first_skip = len(manager.results), len(manager.skipped)
    try:
        manager.files_list = [str(path)]
        manager.run_tests()
    except Exception as exc:  # bandit's own failure on hostile input: report, go on
        log.debug("bandit failed on %s", file.path, exc_info=True)
        into.warnings.append(_failure(file, type(exc).__name__))
        return None
    finally:
        path.unlink(missing_ok=True)  # reviewed code stays on disk only while scanned
    into.findings.extend(_finding(issue, file) for issue in manager.results[first_result:])
    reasons = [str(reason) for _name, reason in manager.skipped[first_skip:]]
    return "; ".join(reasons) if reasons else None


def _recover(text: str) -> Recovered | None:
    parsed = parse_or_none(text)
    return parsed[1] if parsed is not None else None


def _finding(issue: Any, file: SourceFile) -> Finding:
    test_id = str(issue.test_id)
    lines = [int(number) for number in (issue.linerange or [issue.lineno])]
    title, fix = _guidance(test_id, str(issue.test))
    message = str(issue.text)
    text = snippet(file, min(lines), max(lines))
    if test_id in _PASSWORD_TESTS:
        message, text = _mask_password(message, text)
    cwe_id = int(getattr(issue.cwe, "id", 0) or 0)
    finding = Finding(
        rule_id=f"bandit.{test_id}",
        title=title,
        cwe=_CWE_OVERRIDES.get(test_id, (cwe_id,) if cwe_id else ()),
        severity=_SEVERITY.get(str(issue.severity), Severity.INFO),
        confidence=_CONFIDENCE.get(str(issue.confidence), Confidence.LOW),
        sources=(SOURCE,),
        file=file.path,
        start_line=min(lines),
        end_line=max(lines),
        start_column=int(issue.col_offset) + 1 if issue.col_offset is not None else None,
        end_column=int(issue.end_col_offset) if issue.end_col_offset else None,
        snippet=text,
        message=message,
        fix=fix,
    )
    return _as_note_when_pointer(finding, test_id, file.line(finding.start_line or 1))


def _as_note_when_pointer(finding: Finding, test_id: str, line: str) -> Finding:
    """Matches that point at something to look at, not at a weakness, become info notes.

    - low-severity import checks (B4xx: `import subprocess`, `import xml.sax`): the use is
      judged by the call checks and the data-flow analysis, the import says nothing;
    - B413 (`import Crypto`, reported high as the unmaintained pycrypto): pycryptodome, the
      maintained library, installs the same `Crypto` package, and the calls that matter
      (DES, ECB mode, MD5) are judged on their own (B303-B305, the taint stage's checks);
    - a hard-coded "password" whose name describes a credential rather than holding one
      (`PASSWORD_RESET_TEMPLATE = "emails/password_reset.html"`);
    - B603 (a process started from an argument list, no shell): bandit's reminder to check
      the input; the data flow reports a program or shell command the client chooses.
    Kept, never dropped, so the report still shows what bandit saw.
    """
    note = ""
    if test_id.startswith("B4") and (finding.severity is Severity.LOW or test_id == "B413"):
        note = "An import is a pointer, not a weakness: its uses are checked on their own."
    elif test_id == "B603":
        note = (
            "No shell is involved; whether the client chooses the program is decided by the "
            "data-flow analysis, which reports it as command injection."
        )
    elif test_id in _PASSWORD_TESTS and (name := names_a_non_secret(line)):
        note = f"{name} describes a credential (its template, header or field), not a value."
    if not note:
        return finding
    message = f"{finding.message} {note}"
    return replace(finding, severity=Severity.INFO, confidence=Confidence.LOW, message=message)


def _guidance(test_id: str, test_name: str) -> tuple[str, str]:
    if test_id in _GUIDANCE:
        return _GUIDANCE[test_id]
    name = _blacklist_name(test_id) or test_name
    title = name.replace("_", " ").strip().capitalize() or test_id
    return title, _IMPORT_FIX if test_id.startswith("B4") else ""


def _blacklist_name(test_id: str) -> str | None:
    # Blacklist checks all report the test name "blacklist"; their own names say more.
    from bandit.core import extension_loader

    entry = extension_loader.MANAGER.blacklist_by_id.get(test_id)
    return str(entry["name"]) if entry else None


def _mask_password(message: str, text: str) -> tuple[str, str]:
    match = _PASSWORD_TEXT.match(message)
    if not match:
        return message, text
    secret = match.group(2)
    return f"{match.group(1)}'{mask_secret(secret)}'", redact(text, secret)


def _skip_warning(file: SourceFile) -> ReviewWarning:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    detail = _syntax_detail(file.text)
    return ReviewWarning(
        "parse_error",
        f"Python {version} cannot parse this file ({detail}); bandit did not scan it",
        file=file.path,
        stage=SOURCE,
    )


def _syntax_detail(text: str) -> str:
    try:
        parse_quietly(text)
    except SyntaxError as exc:
        return syntax_error_text(exc)
    except (ValueError, RecursionError, MemoryError) as exc:
        return type(exc).__name__
    return "syntax error"


def _failure(file: SourceFile, reason: str) -> ReviewWarning:
    return ReviewWarning(
        "stage_failed", f"bandit failed on this file ({reason}); not scanned", file=file.path,
        stage=SOURCE,
    )  # fmt: skip
