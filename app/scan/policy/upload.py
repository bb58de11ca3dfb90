"""file_upload: type allow-list, size limit, client file names and overwriting.

An upload handler is a function whose data flow touches an uploaded file (`request.files`,
`request.FILES`, a FastAPI `UploadFile`). Its events, including those replayed from helpers
such as `allowed_file(f.filename)`, show what it checks and where the file goes.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import partial

from app.core.findings import Confidence, Finding, Severity
from app.core.threat_model import FileUploadPolicy, Policies
from app.scan.policy.common import (
    Deferred,
    Outcome,
    PolicyFile,
    ProjectFacts,
    Rule,
    facets,
    function_node,
    human_bytes,
    human_list,
    make_finding,
)
from app.scan.python_flow.events import CallEvent, Event, StoreEvent, TestEvent
from app.scan.python_flow.model import Value
from app.scan.python_flow.relevance import EXISTS_CHECKS, TEXT_TESTS, TYPE_CHECKS
from app.scan.python_flow.sinks import SinkHit

POLICY = "file_upload"
_WHY_TYPE = (
    "Without an allow-list a client can upload HTML, SVG or scripts that are later served "
    "or executed, or files the rest of the system cannot handle safely."
)
TYPE_RULE = Rule(
    POLICY, "upload-unchecked-type", "Upload without a file type check", (434,), Severity.HIGH,
    _WHY_TYPE,
    "Check the extension against the policy's allow-list (and the content, e.g. with "
    "filetype or Pillow) before storing the file.",
)  # fmt: skip
EXTRA_TYPE_RULE = Rule(
    POLICY, "upload-type-not-allowed", "Upload accepts types the policy forbids", (434,),
    Severity.MEDIUM, _WHY_TYPE, "Narrow the allow-list to the extensions the policy allows.",
)  # fmt: skip
NO_UPLOADS_RULE = Rule(
    POLICY, "upload-not-allowed", "Upload handler where the policy allows none", (434,),
    Severity.HIGH, "The threat model allows no uploads (allowed_extensions is empty).",
    "Remove the upload handler, or state the allowed types in the threat model.",
)  # fmt: skip
SIZE_RULE = Rule(
    POLICY, "upload-unlimited-size", "Upload without a size limit", (770,), Severity.MEDIUM,
    "Without a limit one request can fill the disk or memory of the service.",
    "Set MAX_CONTENT_LENGTH (Flask) or check the size (len of the data, UploadFile.size, "
    "request.content_length) against the policy's limit before reading it all.",
)  # fmt: skip
LIMIT_RULE = Rule(
    POLICY, "upload-limit-above-policy", "Upload limit above the policy", (770,),
    Severity.MEDIUM, "The code accepts larger uploads than the threat model allows.",
    "Lower the limit to the policy's max_bytes.",
)  # fmt: skip
NAME_RULE = Rule(
    POLICY, "upload-client-filename", "Client file name used in a path", (22,), Severity.HIGH,
    "The client chooses the file name: `../` in it writes outside the upload folder.",
    "Store under a server-chosen name (uuid4().hex plus a checked extension), or at least "
    "pass the name through werkzeug's secure_filename.",
)  # fmt: skip
OVERWRITE_RULE = Rule(
    POLICY, "upload-overwrite", "Upload may overwrite existing files", (73,), Severity.MEDIUM,
    "The threat model says uploads must not replace existing files, but the path comes from "
    "the client's name alone: a second upload with the same name replaces the first.",
    "Save under a unique server-chosen name (uuid4), or refuse when the path exists "
    "(open(path, 'xb')).",
)  # fmt: skip
_UPLOAD_FACETS = frozenset({"upload", "filename", "content-type", "size"})
_NAME_FACETS = frozenset({"filename", "content-type"})
_LIMIT_SETTINGS = frozenset({"MAX_CONTENT_LENGTH"})
_WRITE_METHODS = frozenset({"save", "write_text", "write_bytes"})
_COPIES = frozenset(
    {"shutil.copy", "shutil.copy2", "shutil.copyfile", "shutil.move", "os.rename", "os.replace"}
)


def applies(policies: Policies) -> bool:
    return policies.file_upload is not None


def _values(event: Event) -> list[Value]:
    if isinstance(event, CallEvent):
        return list(event.values())
    if isinstance(event, TestEvent):
        return list(event.values)
    return [event.value]


def upload_handlers(file: PolicyFile) -> dict[str, list[Event]]:
    return {
        function: events
        for function, events in file.by_function.items()
        if any(facets(v) & _UPLOAD_FACETS for e in events for v in _values(e))
    }


def _allow_list(value: Value) -> list[str] | None:
    """The strings of a constant collection (tuple, set, dict keys), or None."""
    if isinstance(value.const, tuple | frozenset):
        return [str(item) for item in value.const]
    if value.keys is not None and not value.taints:
        return [str(key) for key, _ in value.keys]
    return None


def _type_evidence(events: list[Event]) -> tuple[bool, list[str]]:
    """Whether the handler checks the file type, and the constants it compares with."""
    checked, allowed = False, []
    for event in events:
        found = _checked_names(event)
        if found is not None:
            checked = True
            allowed.extend(found)
    return checked, allowed


def _checked_names(event: Event) -> list[str] | None:
    """The allowed names an event checks a file name or type against (None: not a check)."""
    if isinstance(event, TestEvent) and event.op in {"in", "not in", "==", "!="}:
        if not any(facets(v) & _NAME_FACETS for v in event.values):
            return None
        for value in event.values:
            listed = _allow_list(value)
            if listed is not None:
                return listed
            if isinstance(value.const, str) and len(value.const.strip(".")) >= 2:
                return [value.const]
        return None
    if isinstance(event, CallEvent):
        if event.method in TEXT_TESTS and facets(event.receiver) & _NAME_FACETS:
            return _endswith_names(event)
        if event.name in TYPE_CHECKS:
            return []
    return None


def _endswith_names(event: CallEvent) -> list[str]:
    suffix = event.arg(0)
    if suffix is None:
        return []
    if isinstance(suffix.const, str):
        return [suffix.const]
    return _allow_list(suffix) or []


def _extensions(names: list[str]) -> set[str]:
    """Extension-looking strings: "png", ".PNG" -> "png"; MIME types are left out."""
    return {n.lower().lstrip(".") for n in names if n and "/" not in n and len(n) <= 10}


def _size_evidence(events: list[Event], max_bytes: int) -> tuple[bool, list[tuple[int, Event]]]:
    """Whether the handler bounds the size, and constant limits above the policy."""
    bounded = False
    too_big: list[tuple[int, Event]] = []
    for event in events:
        if isinstance(event, TestEvent) and event.op in {"<", "<=", ">", ">="}:
            if any("length" in v.marks or "size" in facets(v) for v in event.values):
                bounded = True
                too_big.extend((n, event) for v in event.values if (n := _over(v, max_bytes)))
        elif isinstance(event, CallEvent) and event.method == "read" and event.args:
            # file.read(LIMIT + 1) reads no more than the limit, whatever the client sends.
            bounded = bounded or ("upload" in facets(event.receiver) and event.args[0].known)
    return bounded, too_big


def _over(value: Value, limit: int) -> int:
    """The constant when it is a number above `limit`, else 0."""
    const = value.const
    return const if isinstance(const, int) and not isinstance(const, bool) and const > limit else 0


def _writes(hit: SinkHit) -> bool:
    event = hit.event
    if not isinstance(event, CallEvent):
        return False
    if event.method in _WRITE_METHODS or event.name in _COPIES:
        return True
    if event.name in {"open", "io.open"}:
        mode = event.arg(1, "mode")
        text = mode.const if mode is not None and isinstance(mode.const, str) else "r"
        return "x" not in text and any(c in text for c in "wa+")
    return False


def _overwrites(hit: SinkHit, events: list[Event]) -> bool:
    """The path is the client's name (sanitised or not), with nothing unique and no check."""
    sources = {t.label.source for t in hit.value.taints}
    from_name = "filename" in facets(hit.value)
    checked = any(
        isinstance(e, CallEvent)
        and (e.method in EXISTS_CHECKS or (e.name or "").rsplit(".", 1)[-1] in EXISTS_CHECKS)
        for e in events
    )
    return from_name and "unique" not in sources and not checked and _writes(hit)


def _policy_text(policy: FileUploadPolicy) -> str:
    allowed = human_list(policy.allowed_extensions or ())
    size = f" up to {human_bytes(policy.max_bytes)}" if policy.max_bytes else ""
    return f"policy allows {allowed}{size}"


def _handler_findings(
    file: PolicyFile,
    function: str,
    events: list[Event],
    policy: FileUploadPolicy,
) -> Iterator[Outcome]:
    node = function_node(file, function) or file.analysis.tree
    text = _policy_text(policy)
    if policy.allowed_extensions == ():
        yield make_finding(
            NO_UPLOADS_RULE,
            file,
            node,
            f"{function}() accepts an upload; the threat model allows none.",
        )
    elif policy.allowed_extensions is not None:
        yield from _type_findings(file, node, function, events, policy, text)
    if policy.max_bytes:
        yield from _size_findings(file, node, function, events, policy, text)
    yield from _path_findings(file, function, events, policy, text)


def _type_findings(
    file: PolicyFile,
    node: ast.AST,
    function: str,
    events: list[Event],
    policy: FileUploadPolicy,
    text: str,
) -> Iterator[Finding]:
    checked, names = _type_evidence(events)
    if not checked:
        yield make_finding(
            TYPE_RULE,
            file,
            node,
            f"{text}; {function}() stores the file without checking its type.",
            confidence=Confidence.MEDIUM,
        )
        return
    extra = sorted(_extensions(names) - {e.lower() for e in policy.allowed_extensions or ()})
    if extra:
        yield make_finding(
            EXTRA_TYPE_RULE, file, node, f"{text}; {function}() also accepts {', '.join(extra)}."
        )


def _size_findings(
    file: PolicyFile,
    node: ast.AST,
    function: str,
    events: list[Event],
    policy: FileUploadPolicy,
    text: str,
) -> Iterator[Outcome]:
    assert policy.max_bytes is not None
    bounded, too_big = _size_evidence(events, policy.max_bytes)
    for limit, event in too_big:
        yield make_finding(
            LIMIT_RULE,
            file,
            event.node,
            f"{text}; {function}() accepts up to {human_bytes(limit)}.",
        )
    if not bounded:
        unlimited = make_finding(
            SIZE_RULE,
            file,
            node,
            f"{text}; nothing limits the size of the upload in {function}() "
            "(no MAX_CONTENT_LENGTH, no length check).",
            confidence=Confidence.MEDIUM,
        )
        # MAX_CONTENT_LENGTH may be set in another file (a config module).
        yield Deferred(partial(_unless_limited, unlimited))


def _unless_limited(finding: Finding, project: ProjectFacts) -> Finding | None:
    return None if project.upload_limits else finding


def _path_findings(
    file: PolicyFile, function: str, events: list[Event], policy: FileUploadPolicy, text: str
) -> Iterator[Finding]:
    for hit in file.hits:
        if hit.kind != "path" or hit.event.function != function:
            continue
        if any(t.label.facet == "filename" for t in hit.value.live("path")):
            yield make_finding(
                NAME_RULE,
                file,
                hit.node,
                f"The client's file name reaches {hit.sink} in {function}() without "
                f"secure_filename; {text}.",
            )
        elif policy.overwrite is False and _overwrites(hit, events):
            yield make_finding(
                OVERWRITE_RULE,
                file,
                hit.node,
                f"The policy forbids overwriting uploads, but {hit.sink} in {function}() "
                "writes to a path made from the client's file name.",
                confidence=Confidence.MEDIUM,
            )


def limit_settings(file: PolicyFile) -> Iterator[tuple[int, ast.AST]]:
    """`app.config["MAX_CONTENT_LENGTH"] = N`, `MAX_CONTENT_LENGTH = N`, config.update(...)."""
    for event in file.analysis.events:
        if isinstance(event, StoreEvent) and isinstance(event.value.const, int):
            name = event.key if isinstance(event.key, str) else event.target.rsplit(".", 1)[-1]
            if name in _LIMIT_SETTINGS:
                yield event.value.const, event.node
        elif isinstance(event, CallEvent) and event.method in {"update", "from_mapping"}:
            for key, value in event.kwargs:
                if key in _LIMIT_SETTINGS and isinstance(value.const, int):
                    yield value.const, event.node


def check(file: PolicyFile, policies: Policies) -> Iterator[Outcome]:
    policy = policies.file_upload
    assert policy is not None
    for function, events in upload_handlers(file).items():
        yield from _handler_findings(file, function, events, policy)
    if policy.max_bytes:
        for limit, node in limit_settings(file):
            if limit > policy.max_bytes:
                message = f"{_policy_text(policy)}; MAX_CONTENT_LENGTH allows {human_bytes(limit)}."
                yield make_finding(LIMIT_RULE, file, node, message)
