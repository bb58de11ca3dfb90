"""Turn sink hits carrying attacker data into findings: rule, CWE, severity, message, fix."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

from app.core.findings import Clearance, Confidence, Finding, FlowStep, Severity
from app.core.sources import SourceFile
from app.scan.python_flow.calls import RANDOM_DRAWS
from app.scan.python_flow.config_checks import config_findings, keep_hit
from app.scan.python_flow.events import CallEvent, Event, ReturnEvent, StoreEvent
from app.scan.python_flow.frame import sensitive_word
from app.scan.python_flow.interpreter import FileAnalysis
from app.scan.python_flow.model import Taint, Value, from_constants
from app.scan.python_flow.project import module_parts
from app.scan.python_flow.routes import Route
from app.scan.python_flow.rule import STAGE, Rule, position
from app.scan.python_flow.sinks import SESSION_STORES, SinkHit, sink_hits
from app.scan.python_flow.sources import ATTACKER_SOURCES, LOCAL_SOURCES, REMOTE_SOURCES

_MASS_ASSIGNMENT = Rule(
    "mass-assignment", "Mass assignment from client data", (915,), Severity.MEDIUM,
    "Every field the client sends is written to the object, including ones the form "
    "never shows (is_admin, role, owner_id, price).",
    "Copy only the fields the client may set: pass them as explicit keyword arguments, "
    "filter the mapping through an allow-list ({k: data[k] for k in ALLOWED if k in "
    "data}), or validate it with a schema that declares them.",
)  # fmt: skip
RULES: dict[str, Rule] = {
    "sql": Rule(
        "sql-injection", "SQL injection", (89,), Severity.HIGH,
        "The value becomes part of the SQL text, so a quote in it changes the query: it can "
        "read or change any data the database account can.",
        "Keep the SQL a constant and pass values as bound parameters "
        "(cursor.execute(sql, params)), or use the ORM's query API.",
    ),
    "shell": Rule(
        "command-injection", "OS command injection", (78,), Severity.CRITICAL,
        "The value reaches a shell command (or chooses the program to run): `;`, `|` or "
        "`$(...)` in it run further commands with the application's rights.",
        "Run a fixed program with a list of arguments and shell=False; if a shell is "
        "unavoidable, quote each value with shlex.quote and allow-list what may be run.",
    ),
    "code": Rule(
        "code-injection", "Code injection", (95,), Severity.CRITICAL,
        "The value is evaluated as Python code: whoever controls it runs code in the process.",
        "Never evaluate input: parse data with json.loads or ast.literal_eval, or map allowed "
        "names to functions with a dict.",
    ),
    "path": Rule(
        "path-traversal", "Path traversal", (22,), Severity.HIGH,
        "The value becomes part of a file path: `../` or an absolute path in it reads, "
        "writes or deletes files outside the intended folder.",
        "Reduce client names to a bare file name (werkzeug's secure_filename, "
        "os.path.basename), or resolve the path and check it stays under the base folder "
        "(os.path.realpath(...).startswith(base)); serve downloads with send_from_directory.",
    ),
    "redirect": Rule(
        "open-redirect", "Open redirect", (601,), Severity.MEDIUM,
        "The client chooses where the browser is sent: links on this site can forward users "
        "to a phishing page.",
        "Redirect to url_for(...) targets or relative paths only, or check the target with "
        "url_has_allowed_host_and_scheme against an allow-list of hosts.",
    ),
    "xss": Rule(
        "xss", "Cross-site scripting", (79,), Severity.MEDIUM,
        "The value is sent as HTML (or as a template) without escaping: script in it runs "
        "in other users' browsers with their session.",
        "Render with an auto-escaping template file (render_template), escape with "
        "markupsafe.escape or html.escape, or return JSON.",
    ),
    "ldap": Rule(
        "ldap-injection", "LDAP injection", (90,), Severity.HIGH,
        "The value becomes part of an LDAP filter: `*`, `)` or `(` in it change which "
        "entries match, e.g. to bypass a login check.",
        "Escape each value with escape_filter_chars (ldap.filter or ldap3.utils.conv) before "
        "putting it into a filter.",
    ),
    "xpath": Rule(
        "xpath-injection", "XPath injection", (643,), Severity.HIGH,
        "The value becomes part of an XPath expression: a quote in it changes which nodes "
        "are selected.",
        "Pass values as XPath variables (tree.xpath('//user[@name=$name]', name=value)) "
        "instead of building the expression text.",
    ),
    "xxe": Rule(
        "xxe", "XML external entity expansion", (611,), Severity.HIGH,
        "Client XML is parsed with external entities resolved: it can read local files or "
        "make the server fetch URLs.",
        "Parse untrusted XML with defusedxml, or with lxml's "
        "XMLParser(resolve_entities=False, no_network=True).",
    ),
    "deserialize": Rule(
        "unsafe-deserialization", "Unsafe deserialisation", (502,), Severity.HIGH,
        "Unpickling (or loading YAML with an unsafe loader) client data runs code chosen by "
        "whoever wrote the data.",
        "Exchange data as JSON (or yaml.safe_load); if you must round-trip objects, sign them "
        "with hmac and verify before loading.",
    ),
    "ssrf": Rule(
        "ssrf", "Server-side request forgery", (918,), Severity.HIGH,
        "The client chooses the URL the server fetches: it can reach internal services and "
        "cloud metadata endpoints behind the firewall.",
        "Build URLs from a constant scheme and host, or check the parsed host against an "
        "allow-list and refuse private and link-local addresses.",
    ),
    "template-xss": Rule(
        "xss", "Template injection", (1336, 79), Severity.HIGH,
        "The value becomes part of a template's source: HTML in it reaches the page unescaped, "
        "and template syntax in it runs on the server.",
        "Keep the template constant and pass values as variables: "
        "render_template_string(TEMPLATE, name=value), or use a template file.",
    ),
    "template": Rule(
        "code-injection", "Server-side template injection", (1336, 94), Severity.CRITICAL,
        "The value is used as a template's source: template syntax in it runs with the "
        "application's rights ({{ ... }} reaches Python objects and, from them, the OS).",
        "Keep templates constant (files or literals) and pass values as template variables: "
        "render_template_string(TEMPLATE, name=value), env.from_string(CONSTANT).render(...).",
    ),
    "session": Rule(
        "session-poisoning", "Unvalidated data stored in the session", (501,), Severity.LOW,
        "Client data is stored in the session, which later code tends to trust as the "
        "server's own.",
        "Validate the value first, and store server-chosen identifiers rather than client text.",
    ),
    "regex": Rule(
        "redos", "Regular expression chosen by the client", (1333,), Severity.MEDIUM,
        "The client writes the pattern: a nested quantifier such as (a+)+ makes one request "
        "keep a worker busy for minutes (ReDoS), and the pattern can match far more than "
        "intended.",
        "Match the client's text literally (re.escape(value), str.find) or choose among "
        "server-side patterns; if users must write patterns, use the re2 engine with a "
        "timeout.",
    ),
    "redos": Rule(
        "redos", "Catastrophic regular expression on client input", (1333,), Severity.MEDIUM,
        "The pattern nests quantifiers over overlapping characters, so a failing match tries "
        "exponentially many ways to split the input: a short crafted string keeps a worker "
        "busy for minutes (ReDoS).",
        "Remove the nested repetition ((\\w+\\s?)* becomes [\\w\\s]*), use a possessive "
        "quantifier or atomic group (Python 3.11+), or limit the input's length first.",
    ),
    "mass-assign": _MASS_ASSIGNMENT,
    # `obj.__dict__.update(data)`, `setattr(obj, key, value)` on another object: a library's
    # callers count here too.
    "mass-assign-attrs": _MASS_ASSIGNMENT,
    "mass-assign-setattr": _MASS_ASSIGNMENT,
}  # fmt: skip
# Text run as code, through a shell or a template, and files parsed or unpickled: the
# places where even the program's own user can cross a trust boundary (a job file a
# customer uploaded, a feed a supplier sent).
_CONTENT_KINDS = frozenset({"deserialize", "xxe"})
_LOCAL_KINDS = frozenset({"shell", "code", "template", "template-xss"}) | _CONTENT_KINDS
_SOURCE_WORDS = {
    "request": "Client input",
    "route": "Client input",
    "socket": "Network input",
    "stdin": "Console input",
    "argv": "Command-line input",
    "env": "An environment variable",
}


def _rank(taint: Taint) -> tuple[int, int, int]:
    source = taint.label.source
    remote = 0 if source in REMOTE_SOURCES else 1 if source in LOCAL_SOURCES else 2
    return (remote, 1 if taint.via else 0, taint.label.line)


def _severity(rule: Rule, kind: str, source: str) -> Severity:
    if source in REMOTE_SOURCES:
        return rule.severity
    # Whoever runs a program already has its rights: still a bug, rarely a breach. Files it
    # is handed (unpickled, parsed) are the exception: someone else may have written them.
    steps = (-1 if kind in _CONTENT_KINDS else -2) if source in LOCAL_SOURCES else -3
    return max(rule.severity.raised(steps), Severity.LOW, key=lambda s: s.rank)


def _message(taint: Taint, hit: SinkHit, line: int, source_file: str = "") -> str:
    label = taint.label
    source = _SOURCE_WORDS.get(label.source, "Untrusted input")
    through = f" through {taint.via}()" if taint.via else ""
    where = f"{source_file} line {label.line}" if source_file else f"line {label.line}"
    return f"{source} from {label.what} ({where}) reaches {hit.sink} at line {line}{through}."


def finding_for(
    file: SourceFile,
    hit: SinkHit,
    taints: list[Taint],
    others: Mapping[str, SourceFile] | None = None,
) -> Finding:
    """The finding at the sink; a sink in another reviewed module (`others`, by path) is
    reported in that module's file, and the message names the source's file."""
    rule = RULES[hit.kind]
    primary = min(taints, key=_rank)
    sink_file = (others or {}).get(hit.event.origin, file) if hit.event.origin else file
    source_file = file.path if sink_file is not file else ""
    file = sink_file
    line, end_line, column, end_column = position(file, hit.node)
    sink_step = FlowStep(file.path, line, f"reaches {hit.sink}")
    source_step = FlowStep(
        source_file or file.path, primary.label.line, f"{primary.label.what} (untrusted input)"
    )
    return Finding(
        flow=(source_step, sink_step),
        rule_id=f"airlock.taint.{rule.slug}",
        title=rule.title,
        cwe=rule.cwe,
        severity=_severity(rule, hit.kind, primary.label.source),
        confidence=Confidence.MEDIUM if primary.via else Confidence.HIGH,
        sources=(STAGE,),
        file=file.path,
        start_line=line,
        end_line=end_line,
        start_column=column,
        end_column=end_column,
        snippet=file.line(line).strip(),
        message=_message(primary, hit, line, source_file),
        why=rule.why,
        fix=rule.fix,
    )


def _attacker_taints(hit: SinkHit) -> list[Taint]:
    """Live taints that cross a trust boundary at this sink.

    Whoever runs a program chooses its arguments, input and environment: a CLI opening
    the file it was given is its job. Local sources count only where text is run as
    code or through a shell (the textbook `os.system("ping " + input())`).
    """
    live = [t for t in hit.value.live(hit.kind) if t.label.source in ATTACKER_SOURCES]
    if hit.kind in _LOCAL_KINDS and hit.note != "program":
        return live
    return [t for t in live if t.label.source in REMOTE_SOURCES]


def taint_findings(
    file: SourceFile, analysis: FileAnalysis, others: Mapping[str, SourceFile] | None = None
) -> list[Finding]:
    """One finding per rule and sink position, naming the most direct attacker source; and
    the findings of the pattern checks that need no data flow (config_checks.py)."""
    grouped: dict[tuple[str, str, int, int], tuple[SinkHit, list[Taint]]] = {}
    for hit in sink_hits(analysis.events, _routes(analysis)):
        taints = _attacker_taints(hit)
        if not taints or not keep_hit(hit, analysis):
            continue
        key = (
            hit.kind, hit.event.origin, getattr(hit.node, "lineno", 0),
            getattr(hit.node, "col_offset", 0),
        )  # fmt: skip
        if key in grouped:
            grouped[key][1].extend(taints)
        else:
            grouped[key] = (hit, taints)
    found = [finding_for(file, hit, taints, others) for hit, taints in grouped.values()]
    return found + config_findings(file, analysis, others)


@dataclass(frozen=True)
class EntryPoints:
    """Which functions' parameters count as caller input (the threat model's
    `entry_points`): every public function of library code by default, and any function
    named in `functions` ("name", "Class.method" or "module:name")."""

    library_parameters: bool = True
    functions: tuple[str, ...] = ()

    def names(self, module: str) -> frozenset[str]:
        """The qualified names in `module` (a dotted module path) this list names."""
        found = set()
        for entry in self.functions:
            where, _, name = entry.rpartition(":")
            if not where or module == where or module.endswith("." + where):
                found.add(name)
        return frozenset(found)


# Sink kinds a caller's value can make dangerous; not the session store (501 is about
# request data reaching it), nor a mapping of fields a library is handed to build an object
# from (that is what `Model(**fields)` helpers are for; writing another object's __dict__
# from one is kind "mass-assign-attrs", which counts).
_PARAMETER_KINDS = frozenset(RULES) - {"session", "mass-assign"}


# A library function that opens the path, fetches the URL or compiles the pattern its caller
# hands it does what it is for; the weakness is where a parameter becomes PART of a path, URL
# or pattern (joined under a base folder, put into a host name, joined into an alternation).
_WHOLE_VALUE_KINDS = frozenset({"path", "ssrf", "regex", "mass-assign-setattr"})


def _passed_whole(hit: SinkHit, param: str) -> bool:
    """The parameter itself is the sink's argument (or wrapped in Path()): `open(path)`."""
    node = hit.node
    if not isinstance(node, ast.Call):
        return False
    arguments = [*node.args, *(k.value for k in node.keywords)]
    receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
    if isinstance(receiver, ast.Call) and receiver.args:
        arguments.append(receiver.args[0])  # Path(path).read_text()
    return any(isinstance(a, ast.Name) and a.id == param for a in arguments)


def is_library_code(analysis: FileAnalysis) -> bool:
    """No routes, handlers, commands or `if __name__ == "__main__":` block: the module is
    called by other code, which is where its parameters' values come from."""
    if any(d.route is not None for d in analysis.definitions.values()):
        return False
    return not any(_is_main_block(stmt) for stmt in analysis.tree.body)


def _is_main_block(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.If) and "__main__" in ast.unparse(stmt.test)


def _is_public(qualname: str) -> bool:
    return all(not part.startswith("_") or part == "__init__" for part in qualname.split("."))


@dataclass(frozen=True)
class ParameterFinding:
    """A library-parameter finding and the function whose parameter it is."""

    finding: Finding
    function: str


def parameter_findings(
    file: SourceFile, analysis: FileAnalysis, entry: EntryPoints | None = None
) -> list[ParameterFinding]:
    """Parameters of public library functions (and of named entry points) that reach a
    sink unsanitised: whoever calls the function with request data has the weakness.
    Reached only this way, a finding has medium confidence."""
    entry = entry or EntryPoints()
    named = entry.names(".".join(module_parts(file.path)))
    library = entry.library_parameters and is_library_code(analysis)
    if not (library or named):
        return []
    findings: dict[tuple[int, str], ParameterFinding] = {}
    for hit in sink_hits(analysis.events, _routes(analysis)):
        if hit.kind not in _PARAMETER_KINDS or hit.event.origin or _attacker_taints(hit):
            continue
        params = [
            t for t in hit.value.live(hit.kind)
            if t.label.source == "param"
            and ((library and _is_public(t.label.facet)) or t.label.facet in named)
            and not (hit.kind in _WHOLE_VALUE_KINDS and _passed_whole(hit, t.label.what))
        ]  # fmt: skip
        if params:
            line = getattr(hit.node, "lineno", 0)
            found = ParameterFinding(
                _parameter_finding(file, hit, params, line), params[0].label.facet
            )
            findings.setdefault((line, hit.kind), found)
    return list(findings.values())


def _parameter_finding(file: SourceFile, hit: SinkHit, params: list[Taint], line: int) -> Finding:
    param = params[0].label
    function = param.facet
    message = (
        f"Parameter {param.what} of {function}() reaches {hit.sink} at line {line}"
        f"{f' through {params[0].via}()' if params[0].via else ''} without sanitising: "
        f"{function}() is an entry point of library code, so a caller that passes it "
        "request data gets this weakness."
    )
    finding = finding_for(file, hit, params)
    severity = RULES[hit.kind].severity  # the caller's request data, not a local value
    return replace(finding, severity=severity, confidence=Confidence.MEDIUM, message=message)


_BUILT_AWAY = frozenset({"sql", "path"})


def sanitised_flows(file: SourceFile, analysis: FileAnalysis) -> list[Clearance]:
    """Sinks the data flow decides as clean: every value reaching them on that line is
    either a known constant, or carries attacker input that went through a sanitiser for
    that sink and nothing else still live (a helper's parameter included)."""
    reasons: dict[tuple[int, str], set[str]] = {}
    first_hit: dict[tuple[int, str], SinkHit] = {}
    # (function, kind) -> every reason seen for direct (not replayed) hits in it
    per_function: dict[tuple[str, str], set[str]] = {}
    library = is_library_code(analysis)
    for hit in sink_hits(analysis.events, _routes(analysis), constants=True):
        if hit.event.origin or _decided_at_call_sites(hit, analysis, library):
            continue  # another module's sink, or decided where the helper is called
        key = (getattr(hit.node, "lineno", 0), hit.kind)
        reason = _clean_reason(hit)
        first_hit.setdefault(key, hit)
        reasons.setdefault(key, set()).add(reason)
        if not hit.event.via:
            # Only what the data flow saw reach the sink decides a whole function.
            seen = "" if reason == "no-input" else reason
            per_function.setdefault((hit.event.function, hit.kind), set()).add(seen)
    flows = []
    for (line, kind), found in reasons.items():
        if len(found) != 1 or "" in found:
            continue
        hit = first_hit[(line, kind)]
        # SQL text and file paths are built away from their sink (`sql = "..." + x` then
        # execute(sql); `path = os.path.join(root, name)` then open(path)), so for them a
        # function whose every such sink is clean decides a match on the building line too.
        clean_function = kind in _BUILT_AWAY and "" not in per_function.get(
            (hit.event.function, kind), {""}
        )
        flows.append(
            Clearance(
                file.path, line, RULES[kind].cwe, hit.sink, kind, reason=found.pop(),
                end_line=getattr(hit.node, "end_lineno", None) or line,
                scope=_function_lines(analysis, hit.event.function) if clean_function else None,
            )
        )  # fmt: skip
    return flows


def unreachable_arms(file: SourceFile, analysis: FileAnalysis) -> list[Clearance]:
    """Arms of branches that constants decide (`if 2 + 2 == 5:`) and nothing enters: a
    pattern match or a model claim there is about code that never runs."""
    return [_unreachable(file.path, *arm) for arm in analysis.unreachable]


def _unreachable(path: str, first: int, last: int, test: str, value: bool) -> Clearance:
    lines = f"line {first} never runs" if first == last else f"lines {first}-{last} never run"
    evidence = f"`{test}` is always {str(value).lower()}, so {lines}"
    sink = f"the arm of `{test}`"
    return Clearance(
        path, first, (), sink, "unreachable", reason="unreachable", end_line=last,
        evidence=evidence,
    )  # fmt: skip


def _function_lines(analysis: FileAnalysis, function: str) -> tuple[int, int] | None:
    definition = analysis.definitions.get(function)
    if definition is None:
        return None
    node = definition.node
    return (node.lineno, node.end_lineno or node.lineno)


def _clean_reason(hit: SinkHit) -> str:
    """ "constant", "sanitised", "no-input" (no client data or caller's parameter reaches
    it), or "" when the value may still carry something harmful."""
    value = hit.value
    live = value.live(hit.kind)
    if any(_outside(t) for t in live):
        return ""
    if from_constants(value):
        return "constant"  # a known constant, or one of several the code itself chose
    if any(_outside(t) for t in value.taints):  # all of it cleared (checked above)
        return "sanitised"
    return "no-input"


def _outside(taint: Taint) -> bool:
    """Data from outside: a client (or whoever runs the program), or a caller through a
    parameter. The environment is the operator's configuration, not outside data here."""
    return taint.label.source in ATTACKER_SOURCES - {"env"} or taint.label.source == "param"


def _decided_at_call_sites(hit: SinkHit, analysis: FileAnalysis, library: bool) -> bool:
    """A helper's own sink, reached only by its parameters, where the helper is no entry
    point (private, or in code that has its own entry points): its callers' values,
    replayed at each call, decide the sink, not its symbols."""
    live = hit.value.live(hit.kind)
    return bool(live) and all(
        t.label.source == "param" and t.label.facet in analysis.definitions
        and not (library and _is_public(t.label.facet))
        for t in live
    )  # fmt: skip


def _routes(analysis: FileAnalysis) -> dict[str, Route]:
    return {name: d.route for name, d in analysis.definitions.items() if d.route is not None}


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(
        findings, key=lambda f: (f.file, f.start_line or 0, f.start_column or 0, f.rule_id)
    )


# Where a random value becomes a secret: names and keys with these words, or a cookie.
_SECRET_WORDS = (
    "token", "secret", "password", "passwd", "pwd", "key", "otp", "nonce", "salt", "session",
    "sid", "csrf", "reset", "auth", "pin", "code", "verify", "verification", "invite",
    "voucher", "coupon", "signature", "cookie", "credential", "apikey",
)  # fmt: skip
_SECRET_CALLS = frozenset({"set_cookie", "set_signed_cookie", "set_password", "login_user"})


def random_uses(file: SourceFile, analysis: FileAnalysis) -> list[Clearance]:
    """Draws of the `random` module whose every visible use is not a secret (a shuffle, a
    jitter, a sample): a pattern match on them (bandit's B311) is decided. A draw that
    reaches a name, key, argument or function about a token, password, code or key, a
    cookie, or a route's response, is not decided."""
    uses: dict[int, list[bool]] = {}
    for event in analysis.events:
        if isinstance(event, CallEvent) and _draw(event) and not event.origin:
            uses.setdefault(event.node.lineno, [])  # a draw used nowhere is no secret either
        for line, secret in _random_uses_in(event, analysis):
            uses.setdefault(line, []).append(secret)
    return [_not_secret(file, line) for line, secrets in uses.items() if not any(secrets)]


def _not_secret(file: SourceFile, line: int) -> Clearance:
    evidence = f"the random value drawn on line {line} is not used as a token, key or code"
    return Clearance(
        file.path, line, (330,), "random", "random", reason="not-secret", evidence=evidence
    )


def _random_uses_in(event: Event, analysis: FileAnalysis) -> Iterator[tuple[int, bool]]:
    if event.origin:
        return
    if isinstance(event, StoreEvent):
        named = f"{event.target} {event.key if isinstance(event.key, str) else ''}"
        for line in _random_lines(event.value):
            yield line, _secret_name(named) or event.target.split("[")[0] in SESSION_STORES
    elif isinstance(event, CallEvent):
        call_name = f"{event.name or ''} {event.method or ''}"
        for value in event.args:
            for line in _random_lines(value):
                yield line, _secret_name(call_name) or (event.method or "") in _SECRET_CALLS
        for key, value in event.kwargs:
            for line in _random_lines(value):
                yield line, _secret_name(f"{key or ''} {call_name}")
    elif isinstance(event, ReturnEvent):
        route = analysis.route(event.function) is not None
        for line in _random_lines(event.value):
            yield line, route or _secret_name(event.function)


def _draw(event: CallEvent) -> bool:
    name = event.name or ""
    return name.startswith("random.") and name.rsplit(".", 1)[-1] in RANDOM_DRAWS


def _random_lines(value: Value) -> set[int]:
    return {t.label.line for t in value.taints if t.label.source == "random"}


def _secret_name(text: str) -> bool:
    return any(
        sensitive_word(part, _SECRET_WORDS) for part in re.split(r"[\s.\[\]'\"]+", text) if part
    )
