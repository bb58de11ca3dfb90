"""file_upload: type allow-list, size limit, client file names and overwriting.

An upload handler is a function whose data flow touches an uploaded file (`request.files`,
`request.FILES`, a FastAPI `UploadFile`), or an entry point that reads a multipart part or
the raw body and writes it to a file (aiohttp, Starlette, WSGI; see upload_flow.py). Its
events, including those replayed from helpers such as `allowed_file(f.filename)`, and its
syntax (with reviewed helpers in other files) show what it checks and where the file goes.
A check counts only when failing it refuses the file.
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
from app.scan.policy.evaluate import Evaluator
from app.scan.policy.upload_flow import Handler
from app.scan.python_flow.events import CallEvent, Event, StoreEvent, TestEvent
from app.scan.python_flow.model import Value
from app.scan.python_flow.relevance import EXISTS_CHECKS, TEXT_TESTS, TYPE_CHECKS
from app.scan.python_flow.routes import FunctionNode, dotted
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
STORED_TYPE_RULE = Rule(
    POLICY, "upload-stored-type-unchecked", "Stored file type is not the checked one", (434,),
    Severity.HIGH, _WHY_TYPE,
    "Store the file under a server-chosen name with the extension the check allowed (the "
    "same variable, or the allow-list's own value for the checked type), and check the LAST "
    "extension (os.path.splitext, PurePath.suffix), never the text after the first dot.",
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


def _type_evidence(events: list[Event], view: Handler | None) -> tuple[bool, list[str]]:
    """Whether the handler checks the file type, and the constants it compares with. A
    check in the handler's own body counts only if failing it refuses the file (one that
    only logs a warning does not)."""
    checked, allowed = False, []
    own = {id(n) for n in view.nodes} if view is not None else set()
    for event in events:
        found = _checked_names(event)
        if found is None:
            continue
        if view is not None and id(event.node) in own and not view.enforced(event.node):
            continue
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


def _size_evidence(
    events: list[Event], max_bytes: int, in_loops: set[int]
) -> tuple[bool, list[tuple[int, Event]]]:
    """Whether the handler bounds the size, and constant limits above the policy."""
    bounded = False
    too_big: list[tuple[int, Event]] = []
    for event in events:
        if isinstance(event, TestEvent) and event.op in {"<", "<=", ">", ">="}:
            if any("length" in v.marks or "size" in facets(v) for v in event.values):
                bounded = True
                too_big.extend((n, event) for v in event.values if (n := _over(v, max_bytes)))
        elif isinstance(event, CallEvent) and event.method == "read" and event.args:
            # file.read(LIMIT + 1) reads no more than the limit, whatever the client sends;
            # read(CHUNK) in a loop reads it all.
            once = id(event.node) not in in_loops
            bounded = bounded or (
                "upload" in facets(event.receiver) and event.args[0].known and once
            )
    return bounded, too_big


def _loop_calls(file: PolicyFile) -> set[int]:
    """The calls inside a loop anywhere in the file."""
    found: set[int] = set()
    for loop in ast.walk(file.analysis.tree):
        if isinstance(loop, ast.For | ast.AsyncFor | ast.While):
            found.update(id(n) for n in ast.walk(loop) if isinstance(n, ast.Call))
    return found


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
    view = _view(file, node)
    text = _policy_text(policy)
    paths = list(_path_findings(file, function, events, policy, text))
    # The raw client name in the path already says the client picks the stored name.
    named = any(f.rule_id.endswith(NAME_RULE.slug) for f in paths)
    if policy.allowed_extensions == ():
        yield make_finding(
            NO_UPLOADS_RULE,
            file,
            node,
            f"{function}() accepts an upload; the threat model allows none.",
        )
    elif policy.allowed_extensions is not None:
        found = _type_findings(file, node, function, events, policy, text, view)
        yield from (f for f in found if not (named and f.rule_id.endswith(STORED_TYPE_RULE.slug)))
    if policy.max_bytes:
        yield from _size_findings(file, node, function, events, policy, text, view)
    yield from paths


def _view(file: PolicyFile, node: ast.AST) -> Handler | None:
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return None
    return Handler(file.code, file.code.module, node)


def _type_findings(
    file: PolicyFile,
    node: ast.AST,
    function: str,
    events: list[Event],
    policy: FileUploadPolicy,
    text: str,
    view: Handler | None,
) -> Iterator[Finding]:
    checked, names = _type_evidence(events, view)
    checks = view.type_checks() if view is not None else []
    checked = checked or bool(checks)
    names = names + [name for c in checks for name in c.allowed]
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
    unchecked = view.unchecked_name(checks) if view is not None and checks else None
    if unchecked is not None:
        yield _stored_type_finding(file, node, function, text, unchecked)


def _stored_type_finding(
    file: PolicyFile,
    node: ast.AST,
    function: str,
    text: str,
    unchecked: tuple[tuple[str, ...], str],
) -> Finding:
    root, why = unchecked
    source = ".".join(str(part) for part in root)
    if why == "first-dot":
        detail = (
            f"the type check reads the text after the first dot of {source} (photo.png.html "
            "passes as png) but the file is stored with its last extension"
        )
    else:
        detail = f"the stored name takes its extension from {source}, which no type check covers"
    return make_finding(STORED_TYPE_RULE, file, node, f"{text}; in {function}() {detail}.")


def _size_findings(
    file: PolicyFile,
    node: ast.AST,
    function: str,
    events: list[Event],
    policy: FileUploadPolicy,
    text: str,
    view: Handler | None,
) -> Iterator[Outcome]:
    assert policy.max_bytes is not None
    bounded, too_big = _size_evidence(events, policy.max_bytes, _loop_calls(file))
    for limit, event in too_big:
        yield make_finding(
            LIMIT_RULE,
            file,
            event.node,
            f"{text}; {function}() accepts up to {human_bytes(limit)}.",
        )
    if not bounded and not (view is not None and view.size_bounded()):
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
    """`app.config["MAX_CONTENT_LENGTH"] = N`, `MAX_CONTENT_LENGTH = N`, config.update(...).
    A value the analysis cannot fold (a constant imported from a reviewed config module,
    an environment variable) is still a limit: it counts as 0, below any policy."""
    seen: set[int] = set()
    for event in file.analysis.events:
        if isinstance(event, StoreEvent) and isinstance(event.value.const, int):
            name = event.key if isinstance(event.key, str) else event.target.rsplit(".", 1)[-1]
            if name in _LIMIT_SETTINGS:
                seen.add(id(event.node))
                yield event.value.const, event.node
        elif isinstance(event, CallEvent) and event.method in {"update", "from_mapping"}:
            for key, value in event.kwargs:
                if key in _LIMIT_SETTINGS and isinstance(value.const, int):
                    seen.add(id(event.node))
                    yield value.const, event.node
    if not any(setting in file.source.text for setting in _LIMIT_SETTINGS):
        return
    for node, expr in _limit_assignments(file.analysis.tree):
        if id(node) in seen:
            continue
        folded = Evaluator(file.code, None, frozenset()).value(expr, file.code.module, {})
        if folded is None:
            continue  # MAX_CONTENT_LENGTH = None: no limit
        yield (folded if isinstance(folded, int) and not isinstance(folded, bool) else 0), node


def _limit_assignments(tree: ast.Module) -> Iterator[tuple[ast.AST, ast.expr]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                key = target.slice if isinstance(target, ast.Subscript) else None
                name = key.value if isinstance(key, ast.Constant) else dotted(target)
                if isinstance(name, str) and name.rsplit(".", 1)[-1] in _LIMIT_SETTINGS:
                    yield node, node.value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"update", "from_mapping"}
        ):
            for keyword in node.keywords:
                if keyword.arg in _LIMIT_SETTINGS:
                    yield node, keyword.value


def check(file: PolicyFile, policies: Policies) -> Iterator[Outcome]:
    policy = policies.file_upload
    assert policy is not None
    handlers = upload_handlers(file)
    for function, events in handlers.items():
        yield from _handler_findings(file, function, events, policy)
    for function in raw_upload_handlers(file):
        if function not in handlers:
            yield from _handler_findings(file, function, file.by_function.get(function, []), policy)
    if policy.max_bytes:
        for limit, node in limit_settings(file):
            if limit > policy.max_bytes:
                message = f"{_policy_text(policy)}; MAX_CONTENT_LENGTH allows {human_bytes(limit)}."
                yield make_finding(LIMIT_RULE, file, node, message)


def raw_upload_handlers(file: PolicyFile) -> list[str]:
    """Entry points that read a multipart part or the raw request body and write it to a
    file, here or through a reviewed helper (aiohttp, Starlette, WSGI, http.server)."""
    found = []
    for qualname, definition in file.analysis.definitions.items():
        if not _entry_point(definition.node, definition.route is not None):
            continue
        view = Handler(file.code, file.code.module, definition.node)
        if view.receives_upload() and view.stores():
            found.append(qualname)
    return found


def _entry_point(fn: FunctionNode, routed: bool) -> bool:
    params = [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
    names = [p.arg for p in params]
    if routed or fn.name in {"do_POST", "do_PUT"} or "start_response" in names:
        return True
    annotations = [ast.unparse(p.annotation) for p in params if p.annotation is not None]
    if any("UploadFile" in a for a in annotations):
        return True
    return any(n in {"request", "req"} for n in names)
