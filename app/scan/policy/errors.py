"""errors.expose_details: false — no exception text in responses, no debug mode.

Exception objects (`except ... as e`, error handler parameters) and `traceback.format_exc()`
are labelled; a route's returned value or a response built from them (`jsonify`, `abort`,
`HTTPException(detail=...)`, `HttpResponse`) is a finding. `type(e).__name__` and `e.code`
carry no details and end the flow.
"""

from __future__ import annotations

from collections.abc import Iterator

from app.core.findings import Finding, Severity
from app.core.threat_model import Policies
from app.scan.policy.common import PolicyFile, Rule, dotted_tail, make_finding
from app.scan.python_flow.events import CallEvent, Event, ReturnEvent, StoreEvent
from app.scan.python_flow.model import Taint, Value
from app.scan.python_flow.relevance import RESPONSE_CALLS

POLICY = "errors"
DETAILS_RULE = Rule(
    POLICY,
    "error-details-exposed",
    "Exception details sent to the client",
    (209,),
    Severity.MEDIUM,
    "Exception text and tracebacks show file paths, SQL, library versions and sometimes "
    "secrets: a map for the next attack. The threat model says errors must not expose them.",
    "Log the exception on the server (log.exception) and return a generic message with an "
    "error id the user can quote.",
)
DEBUG_RULE = Rule(
    POLICY,
    "debug-mode",
    "Debug mode enabled",
    (489,),
    Severity.MEDIUM,
    "Debug mode shows tracebacks to clients, and Werkzeug's debugger even runs code typed "
    "into the error page. The threat model says errors must not expose details.",
    "Turn debug off in code (debug=False) and enable it only from a development setting "
    "such as an environment variable that production never sets.",
)
_DEBUG_APPS = ("flask.Flask()", "quart.Quart()")
_DEBUG_CONSTRUCTORS = frozenset({"fastapi.FastAPI", "starlette.applications.Starlette"})
_SETTINGS_MARKERS = frozenset({"INSTALLED_APPS", "ROOT_URLCONF", "MIDDLEWARE"})


def applies(policies: Policies) -> bool:
    return policies.errors is not None and policies.errors.expose_details is False


def _exception_taints(value: Value | None) -> list[Taint]:
    if value is None:
        return []
    return [t for t in value.live("response") if t.label.source == "exception"]


def _response_exposure(file: PolicyFile, event: Event) -> tuple[list[Taint], str]:
    if isinstance(event, ReturnEvent) and event.function in file.routes:
        return _exception_taints(event.value), "the route's response"
    if isinstance(event, CallEvent) and dotted_tail(event.name) in RESPONSE_CALLS:
        found = [t for v in event.values() if v is not event.receiver for t in _exception_taints(v)]
        return found, f"{dotted_tail(event.name)}()"
    return [], ""


def _details_findings(file: PolicyFile) -> Iterator[Finding]:
    for event in file.analysis.events:
        taints, where = _response_exposure(file, event)
        if taints:
            first = min(taints, key=lambda t: t.label.line)
            message = (
                f"Text of {first.label.what} (line {first.label.line}) reaches {where}; "
                "the threat model says errors must not expose details."
            )
            yield make_finding(DETAILS_RULE, file, event.node, message)


def _debug_call(event: CallEvent) -> str | None:
    debug = event.kwarg("debug")
    if event.method == "run" and debug is not None and debug.const is True:
        return "the app runs with debug=True"
    if event.name in _DEBUG_CONSTRUCTORS and debug is not None and debug.const is True:
        return f"{dotted_tail(event.name)}(debug=True)"
    debugger = event.kwarg("use_debugger")
    if dotted_tail(event.name) == "run_simple" and debugger is not None and debugger.const is True:
        return "run_simple(use_debugger=True)"
    if event.method in {"update", "from_mapping"}:
        value = event.kwarg("DEBUG")
        if value is not None and value.const is True:
            return "config DEBUG=True"
    return None


def _debug_store(file: PolicyFile, event: StoreEvent) -> str | None:
    if event.value.const is not True:
        return None
    if event.key == "DEBUG" and event.target.endswith("config"):
        return 'config["DEBUG"] = True'
    if event.target.endswith(".debug") and event.target.startswith(_DEBUG_APPS):
        return "app.debug = True"
    if event.target == "DEBUG" and event.function == "<module>" and _settings_module(file):
        return "DEBUG = True in the settings module"
    return None


def _settings_module(file: PolicyFile) -> bool:
    name = file.source.path.rsplit("/", 1)[-1]
    return name.startswith("settings") or bool(_SETTINGS_MARKERS & set(file.analysis.module_env))


def _debug_findings(file: PolicyFile) -> Iterator[Finding]:
    for event in file.analysis.events:
        if isinstance(event, CallEvent):
            what = _debug_call(event)
        elif isinstance(event, StoreEvent):
            what = _debug_store(file, event)
        else:
            continue
        if what:
            message = (
                f"Debug mode is on ({what}); the threat model says errors must not expose details."
            )
            yield make_finding(DEBUG_RULE, file, event.node, message)


def check(file: PolicyFile, policies: Policies) -> Iterator[Finding]:
    yield from _details_findings(file)
    yield from _debug_findings(file)
