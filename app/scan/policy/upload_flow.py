"""What an upload handler's code does with the file, read from its syntax.

The data-flow events see uploads that arrive through `request.files`, `request.FILES` or a
FastAPI `UploadFile`. Handlers that read a multipart part (aiohttp, Starlette), the raw body
(`environ["wsgi.input"]`, `request.stream`) or hand the file to a storage helper in another
module are read here instead, and so are the facts the events cannot tell:

- whether a type check is enforced: `if ext not in ALLOWED:` must end the handler (raise,
  return, abort, continue), not just log a warning;
- whether the size is bounded: a comparison of `len(data)`, a running counter of chunk
  lengths, `file.size` or the declared Content-Length with a limit (a Content-Length check
  skipped when the header is absent bounds nothing), or a single `read(N)` of a constant N;
- which client values the stored file name is made of, and whether the type check covered
  them: a check of the Content-Type says nothing about an extension taken from the
  client's file name, and `name.split(".")[1]` checks the first extension of
  `photo.png.html`, not the one the file is stored with.

Reviewed helpers the handler calls (`_read_limited(file, MAX)`, `store.save_stream(part)`,
`validators.allowed_file(name)`) are followed one level, in whatever reviewed file they are.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from app.scan.policy.reviewed import Code, Found, Module, class_method, own_nodes, parameters, tail
from app.scan.python_flow.routes import FunctionNode, dotted

_READS = frozenset(
    {"read", "read_chunk", "readany", "readchunk", "readline", "iter_chunked", "iter_any",
     "chunks", "body", "get_data", "stream", "readexactly", "content"}
)  # fmt: skip
_BODY_ATTRS = frozenset({"body", "data", "content", "stream", "rfile"})
_WRITE_CALLS = frozenset({"save", "write_bytes", "copyfileobj", "write_text", "upload_fileobj"})
_OPENERS = frozenset({"open", "open_file"})
_SNIFFERS = frozenset(
    {"imghdr.what", "filetype.guess", "filetype.is_image", "filetype.guess_extension",
     "filetype.guess_mime", "filetype.is_archive", "mimetypes.guess_type", "magic.from_buffer",
     "magic.from_file", "puremagic.from_string", "puremagic.from_file", "Image.open",
     "PIL.Image.open", "Image.verify"}
)  # fmt: skip
_TYPE_WORD = re.compile(r"name|type|mime|suffix|ext|kind|format", re.IGNORECASE)
_NAME_WORD = re.compile(r"name", re.IGNORECASE)
_FILE_NAME = re.compile(r"file_?name|^name$|_name$|original", re.IGNORECASE)
_LENGTH_WORD = re.compile(r"content[-_]?length|^length$", re.IGNORECASE)
_EXTENSIONS = frozenset(
    {"png", "jpg", "jpeg", "gif", "webp", "bmp", "svg", "pdf", "csv", "txt", "xlsx", "xls",
     "docx", "doc", "zip", "html", "htm", "json", "xml", "mp4", "mp3", "heic", "tif", "tiff",
     "md", "odt", "ods", "rtf", "tar", "gz"}
)  # fmt: skip
_MIN_LIMIT = 1024  # a compared number below this is not a size limit (`len(term) < 3`)
_MAX_DEPTH = 3

Root = tuple[str, ...]


def _raises(body: list[ast.stmt]) -> bool:
    last = body[-1] if body else None
    if isinstance(last, ast.Raise):
        return True
    if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
        return tail(dotted(last.value.func)) == "abort"
    return False


def _ends(body: list[ast.stmt]) -> bool:
    """The block leaves the handler or the loop (refusing the file)."""
    if not body:
        return False
    last = body[-1]
    if isinstance(last, ast.Return | ast.Raise | ast.Continue | ast.Break):
        return True
    if isinstance(last, ast.If):
        return _ends(last.body) and _ends(last.orelse)
    if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call):
        return tail(dotted(last.value.func)) in {"abort", "exit", "_exit"}
    if isinstance(last, ast.With | ast.AsyncWith | ast.Try):
        return _ends(last.body)
    return False


@dataclass
class Check:
    """A comparison of the file's name, extension, type or content with allowed values."""

    node: ast.AST
    operand: ast.expr | None  # what is checked (None: the file's content)
    allowed: list[str]
    weak: bool = False  # takes the text after the first dot: "png" of photo.png.html
    bound: set[str] = field(default_factory=set)  # local names holding the checked value
    raises: bool = False  # failing it raises: the refusal reaches every caller


@dataclass
class Handler:
    """One function that stores an upload, as its syntax shows it."""

    code: Code
    module: Module
    fn: FunctionNode
    depth: int = 0

    def __post_init__(self) -> None:
        self.nodes = list(own_nodes(self.fn))
        self.assigned: dict[str, list[ast.expr]] = {}
        self.annotations: dict[str, ast.expr] = {}
        self.parents: dict[int, ast.AST] = {}
        for node in [self.fn, *self.nodes]:
            for child in ast.iter_child_nodes(node):
                self.parents[id(child)] = node
        for param in parameters(self.fn):
            if param.annotation is not None:
                self.annotations[param.arg] = param.annotation
        for node in self.nodes:
            self._note_assignment(node)

    def _note_assignment(self, node: ast.AST) -> None:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                self._bind(target, node.value)
        elif isinstance(node, ast.AnnAssign):
            if isinstance(node.target, ast.Name):
                self.annotations[node.target.id] = node.annotation
                if node.value is not None:
                    self._bind(node.target, node.value)
        elif isinstance(node, (ast.AugAssign, ast.NamedExpr)):
            self._bind(node.target, node.value)
        elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
            self._bind(node.target, node.iter)
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            self._bind(node.optional_vars, node.context_expr)

    def _bind(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            self.assigned.setdefault(target.id, []).append(value)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._bind(element, value)

    # -- what it receives and stores ---------------------------------------------------

    def receives_upload(self) -> bool:
        """A file part (`.filename`), a multipart reader or the raw request body."""
        for node in self.nodes:
            if isinstance(node, ast.Attribute) and node.attr == "filename":
                return True
            if isinstance(node, ast.Subscript) and _constant(node.slice) == "wsgi.input":
                return True
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in {"multipart", "stream"} and _request_like(node.func.value):
                    return True
                if node.func.attr == "read" and dotted(node.func.value).endswith("rfile"):
                    return True
        return False

    def stores(self, depth: int = 0) -> bool:
        """Writes data to a file here, or in a reviewed helper it calls."""
        for node in self.nodes:
            if isinstance(node, ast.Call) and _writes(node):
                return True
        if depth >= _MAX_DEPTH:
            return False
        return any(helper.stores(depth + 1) for helper, _ in self.helpers())

    def helpers(self) -> Iterator[tuple[Handler, ast.Call]]:
        """Reviewed functions and methods this one calls, with the call."""
        if self.depth >= _MAX_DEPTH:
            return
        seen: set[int] = set()
        for node in self.nodes:
            if not isinstance(node, ast.Call):
                continue
            found = self._callee(node)
            if found is None or id(found.node) in seen:
                continue
            seen.add(id(found.node))
            assert isinstance(found.node, ast.FunctionDef | ast.AsyncFunctionDef)
            yield Handler(self.code, found.module, found.node, self.depth + 1), node

    def _callee(self, call: ast.Call) -> Found | None:
        func = call.func
        name = dotted(func)
        if not name:
            return None
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            owner = func.value.id
            cls = self._class_of(owner)
            if cls is not None:
                method = class_method(cls.node, func.attr)  # type: ignore[arg-type]
                return Found(cls.module, method) if method is not None else None
        found = self.code.resolve(name, self.module)
        if found is not None and isinstance(found.node, ast.FunctionDef | ast.AsyncFunctionDef):
            return found
        return None

    def _class_of(self, name: str) -> Found | None:
        """The reviewed class of a local: `store: MediaStore = ...`, `store = MediaStore()`,
        `self` inside a method."""
        if name == "self":
            for cls in self.module.classes.values():
                if any(item is self.fn for item in cls.body):
                    return Found(self.module, cls)
            return None
        hint = self.annotations.get(name)
        candidates = [hint] if hint is not None else []
        candidates += [v.func for v in self.assigned.get(name, []) if isinstance(v, ast.Call)]
        for candidate in candidates:
            found = self.code.resolve(dotted(candidate), self.module)
            if found is not None and isinstance(found.node, ast.ClassDef):
                return found
        return None

    def write_paths(self) -> list[ast.expr]:
        """The paths (or storage names) files are written to here."""
        paths = []
        for node in self.nodes:
            if isinstance(node, ast.Call) and _writes(node):
                path = _written_path(node)
                if path is not None:
                    paths.append(path)
        return paths

    # -- data derived from the upload --------------------------------------------------

    def data_names(self) -> set[str]:
        """Local names holding the upload's bytes or chunks (`data = await file.read()`,
        `while chunk := await part.read_chunk()`, `buf += chunk`)."""
        names: set[str] = set()
        changed = True
        while changed:
            changed = False
            for name, values in self.assigned.items():
                if name in names:
                    continue
                if any(self._is_data(v, names) for v in values):
                    names.add(name)
                    changed = True
        return names

    def _is_data(self, node: ast.expr, names: set[str]) -> bool:
        for child in ast.walk(node):
            if isinstance(child, ast.Name) and child.id in names:
                return True
            if isinstance(child, ast.Call) and isinstance(unwrapped(child).func, ast.Attribute):
                func = unwrapped(child).func
                assert isinstance(func, ast.Attribute)
                if func.attr in _READS and not _opened_here(func.value):
                    return True
            if isinstance(child, ast.Subscript) and _constant(child.slice) == "wsgi.input":
                return True
            if (
                isinstance(child, ast.Attribute)
                and child.attr in _BODY_ATTRS
                and _request_like(child.value)
            ):
                return True
        return False

    # -- size --------------------------------------------------------------------------

    def size_bounded(self) -> bool:
        return self._size_bound() is not None

    def _size_bound(self) -> str | None:
        """ "always" when the size is bounded whatever the caller does (a bounded read, a
        check that raises), "verdict" when a check here returns early (a helper's caller
        must act on what it returns), None when nothing bounds it."""
        if self._bounded_read():
            return "always"
        kinds = self._size_compares()
        if "always" in kinds:
            return "always"
        for helper, call in self.helpers():
            inner = helper._size_bound()
            if inner == "always" or (inner == "verdict" and self.enforced(call)):
                return "always"
        return "verdict" if kinds else None

    def _size_compares(self) -> set[str]:
        found: set[str] = set()
        data = self.data_names()
        counters = {
            name
            for name, values in self.assigned.items()
            if any(self._length_of(v, data) for v in values)
        }
        for node in self.nodes:
            if not isinstance(node, ast.Compare):
                continue
            if not any(isinstance(op, ast.Lt | ast.LtE | ast.Gt | ast.GtE) for op in node.ops):
                continue
            sides = [node.left, *node.comparators]
            sized = [s for s in sides if self._size_expr(s, data, counters)]
            limits = [s for s in sides if s not in sized and _limit(s)]
            if not sized or not limits or not self.enforced(node):
                continue
            if any(self._declared_length(s) for s in sized) and self._skipped_without_header(node):
                continue
            found.add("always" if self._raising(node) or self.depth == 0 else "verdict")
        return found

    def _length_of(self, node: ast.expr, data: set[str]) -> bool:
        """`len(chunk)` of upload data (a running total adds these)."""
        return any(
            isinstance(c, ast.Call)
            and dotted(c.func) == "len"
            and c.args
            and self._is_data(c.args[0], data)
            for c in ast.walk(node)
        )

    def _size_expr(self, node: ast.expr, data: set[str], counters: set[str]) -> bool:
        if self._length_of(node, data):
            return True
        for child in ast.walk(node):
            if isinstance(child, ast.Name) and child.id in counters:
                return True
            if isinstance(child, ast.Attribute) and child.attr in {
                "size",
                "content_length",
                "st_size",
                "length",
            }:
                return True
            if isinstance(child, ast.Call) and tail(dotted(child.func)) in {"tell", "getsize"}:
                return True
            if self._declared_length(child):
                return True
        return False

    def _declared_length(self, node: ast.AST, seen: int = 0) -> bool:
        """The request's declared Content-Length (header, environ, `request.content_length`),
        directly or through a local (`length = int(environ.get("CONTENT_LENGTH") or 0)`)."""
        for child in ast.walk(node):
            if (
                isinstance(child, ast.Constant)
                and isinstance(child.value, str)
                and _LENGTH_WORD.search(child.value)
                and child.value.lower() != "length"
            ):
                return True
            if isinstance(child, ast.Attribute) and child.attr == "content_length":
                return True
            if isinstance(child, ast.Name) and seen < 3 and child.id in self.assigned:
                values = self.assigned[child.id]
                if any(self._declared_length(v, seen + 1) for v in values):
                    return True
        return False

    def _skipped_without_header(self, compare: ast.Compare) -> bool:
        """`if declared is not None: if int(declared) > MAX: ...` with nothing refusing a
        request that has no Content-Length: a chunked upload skips the check."""
        guarded = False
        node: ast.AST = compare
        while id(node) in self.parents:
            parent = self.parents[id(node)]
            if isinstance(parent, ast.If) and node in parent.body and self._presence(parent.test):
                guarded = True
            if isinstance(parent, ast.BoolOp) and isinstance(parent.op, ast.And):
                index = parent.values.index(node) if node in parent.values else 0
                if any(self._presence(v) for v in parent.values[:index]):
                    guarded = True
            node = parent
        return guarded and not self._refuses_missing_length()

    def _presence(self, test: ast.expr) -> bool:
        """`declared`, `declared is not None`, `request.content_length` as a condition."""
        if isinstance(test, ast.Compare) and isinstance(test.ops[0], ast.IsNot):
            return self._declared_length(test.left)
        if isinstance(test, ast.BoolOp):
            return any(self._presence(v) for v in test.values)
        return isinstance(test, ast.Name | ast.Attribute) and self._declared_length(test)

    def _refuses_missing_length(self) -> bool:
        """`if declared is None: return 411`, `if length <= 0: return ...`."""
        for node in self.nodes:
            if not (isinstance(node, ast.If) and _ends(node.body)):
                continue
            test = node.test
            if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
                operand = test.operand
                if isinstance(operand, ast.Name | ast.Attribute) and self._declared_length(operand):
                    return True
            if (
                isinstance(test, ast.Compare)
                and isinstance(test.left, ast.Name | ast.Attribute)
                and self._declared_length(test.left)
            ):
                op, right = test.ops[0], test.comparators[0]
                if isinstance(op, ast.Is) and _constant(right) is None:
                    return True
                if isinstance(op, ast.LtE | ast.Eq) and _constant(right) == 0:
                    return True
        return False

    def _bounded_read(self) -> bool:
        """One `read(N)` of upload data with N a constant the client does not choose,
        outside any loop: it cannot take more than N bytes."""
        for node in self.nodes:
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in {"read", "read_chunk", "readexactly"} or not node.args:
                continue
            size = node.args[0]
            if not _limit(size) or self._declared_length(size):
                continue  # read(16) sniffs magic bytes; read(-1) and read(length) read it all
            if self._in_loop(node) or _opened_here(node.func.value):
                continue
            return True
        return False

    def _in_loop(self, node: ast.AST) -> bool:
        while id(node) in self.parents:
            node = self.parents[id(node)]
            if isinstance(node, ast.For | ast.AsyncFor | ast.While):
                return True
        return False

    # -- type --------------------------------------------------------------------------

    def enforced(self, node: ast.AST) -> bool:
        """The check's outcome refuses the file: the `if` it is the test of has an arm
        that leaves, it is asserted or returned (a helper's verdict), the loop it is the
        condition of stops, or the local it is stored in is tested like that."""
        child: ast.AST = node
        while id(child) in self.parents:
            parent = self.parents[id(child)]
            if isinstance(parent, ast.If) and child is parent.test:
                return _ends(parent.body) or _ends(parent.orelse)
            if isinstance(parent, ast.While) and child is parent.test:
                return True
            if isinstance(parent, ast.Assert | ast.Return):
                return True
            if isinstance(parent, ast.IfExp) and child is parent.test:
                return True
            if isinstance(parent, ast.NamedExpr):
                return self._name_enforced(parent.target.id) or self._test_enforced(parent)
            if isinstance(parent, ast.Assign):
                names = [t.id for t in parent.targets if isinstance(t, ast.Name)]
                return any(self._name_enforced(n) for n in names)
            if isinstance(parent, ast.stmt):
                return False
            child = parent
        return False

    def _owning_statement(self, node: ast.AST) -> tuple[ast.stmt, ast.AST] | None:
        """The statement an expression is part of, and its child on the way up to it."""
        child = node
        while id(child) in self.parents:
            parent = self.parents[id(child)]
            if isinstance(parent, ast.stmt):
                return parent, child
            child = parent
        return None

    def _test_enforced(self, node: ast.AST) -> bool:
        owner = self._owning_statement(node)
        if owner is None:
            return False
        statement, child = owner
        if isinstance(statement, ast.If) and child is statement.test:
            return _ends(statement.body) or _ends(statement.orelse)
        return False

    def _name_enforced(self, name: str) -> bool:
        for node in self.nodes:
            if isinstance(node, ast.If | ast.Assert | ast.While) and any(
                isinstance(n, ast.Name) and n.id == name for n in ast.walk(node.test)
            ):
                if isinstance(node, ast.Assert | ast.While):
                    return True
                if _ends(node.body) or _ends(node.orelse):
                    return True
        return False

    def type_checks(self) -> list[Check]:
        """Enforced checks of the file's name, extension, declared type or content, here
        and in reviewed helpers whose verdict this function acts on."""
        found = []
        for node in self.nodes:
            check = self._check_at(node)
            if check is not None and self.enforced(node):
                check.raises = self._raising(node)
                found.append(check)
        for helper, call in self.helpers():
            inner = helper.type_checks()
            acted_on = self.enforced(call)  # `if not acceptable(f): return 400`
            inner = [c for c in inner if acted_on or c.raises]
            if not inner:
                continue
            weak = all(c.weak for c in inner)
            allowed = [name for c in inner for name in c.allowed]
            raises = any(c.raises for c in inner)
            bound = self._bound_to(call)
            operands: list[ast.expr | None] = [*call.args] or [None]
            for operand in operands:
                found.append(Check(call, operand, allowed, weak, bound, raises))
        return found

    def _bound_to(self, node: ast.AST) -> set[str]:
        """`ext = sniff_extension(data)`: the local the checked value is kept in."""
        parent = self.parents.get(id(node))
        if isinstance(parent, ast.Await):
            parent = self.parents.get(id(parent))
        if isinstance(parent, ast.Assign):
            return {t.id for t in parent.targets if isinstance(t, ast.Name)}
        if isinstance(parent, ast.NamedExpr):
            return {parent.target.id}
        return set()

    def _raising(self, node: ast.AST) -> bool:
        owner = self._owning_statement(node)
        if owner is None:
            return False
        statement, child = owner
        if isinstance(statement, ast.If) and child is statement.test:
            return _raises(statement.body) or _raises(statement.orelse)
        return isinstance(statement, ast.Assert)

    def _check_at(self, node: ast.AST) -> Check | None:
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            op, right = node.ops[0], node.comparators[0]
            if isinstance(op, ast.In | ast.NotIn):
                listed = self._allow_list(right)
                if listed is not None and self._about_type(node.left):
                    return self._check(node, node.left, listed)
            if isinstance(op, ast.Eq | ast.NotEq):
                for this, other in ((node.left, right), (right, node.left)):
                    text = _constant(other)
                    if isinstance(text, str) and _type_constant(text) and self._about_type(this):
                        return self._check(node, this, [text])
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in {"endswith", "startswith"} and node.args:
                listed = self._allow_list(node.args[0])
                text = _constant(node.args[0])
                names = listed if listed is not None else [text] if isinstance(text, str) else None
                if isinstance(text, bytes) or self._is_data(node.func.value, self.data_names()):
                    return Check(node, None, [])  # magic bytes of the content
                if names is not None and self._about_type(node.func.value):
                    return self._check(node, node.func.value, names)
            if node.func.attr == "get" and node.args:
                listed = self._allow_list(node.func.value)
                if listed is not None and self._about_type(node.args[0]):
                    return self._check(node, node.args[0], listed)
        if isinstance(node, ast.Call) and _sniffs(node):
            return Check(node, node.args[0] if node.args else None, [])
        return None

    def _check(self, node: ast.AST, operand: ast.expr, allowed: list[str]) -> Check:
        bound = {operand.id} if isinstance(operand, ast.Name) else set()
        return Check(node, operand, allowed, self._first_dot(operand), bound)

    def _allow_list(self, node: ast.expr, seen: int = 0) -> list[str] | None:
        """The strings of a constant set, tuple, list, frozenset or dict (its keys)."""
        if isinstance(node, ast.Call) and dotted(node.func) in {"frozenset", "set", "tuple"}:
            return self._allow_list(node.args[0], seen) if node.args else None
        if isinstance(node, ast.Set | ast.Tuple | ast.List):
            items = [_constant(e) for e in node.elts]
        elif isinstance(node, ast.Dict):
            items = [_constant(k) for k in node.keys if k is not None]
        elif isinstance(node, ast.Name | ast.Attribute) and seen < 3:
            found = self.code.resolve(dotted(node), self.module)
            if found is None or not isinstance(found.node, ast.expr):
                return None
            return Handler(self.code, found.module, self.fn)._allow_list(found.node, seen + 1)
        else:
            return None
        if not items or not all(isinstance(i, str) for i in items):
            return None
        return [str(i) for i in items]

    def _about_type(self, node: ast.expr) -> bool:
        """The checked value is a name, extension or type (not a form field's value)."""
        roots = self.roots(node)
        if any(any(_TYPE_WORD.search(part) for part in root[1:]) for root in roots):
            return True
        return any(_TYPE_WORD.search(n.id) for n in ast.walk(node) if isinstance(n, ast.Name))

    def _first_dot(self, node: ast.expr, seen: int = 0) -> bool:
        """`name.split(".")[1]`: the text after the FIRST dot, not the last extension."""
        for child in ast.walk(node):
            if isinstance(child, ast.Subscript) and isinstance(child.value, ast.Call):
                call = child.value
                index = _constant(child.slice)
                if (
                    isinstance(call.func, ast.Attribute)
                    and call.func.attr == "split"
                    and call.args
                    and _constant(call.args[0]) == "."
                    and len(call.args) == 1
                    and not call.keywords
                    and isinstance(index, int)
                    and index >= 1
                ):
                    return True
            if (
                isinstance(child, ast.Name)
                and seen < 3
                and any(self._first_dot(v, seen + 1) for v in self.assigned.get(child.id, []))
            ):
                return True
            if isinstance(child, ast.Call) and seen < 2 and self.depth < _MAX_DEPTH:
                found = self._callee(child)
                if found is not None:
                    assert isinstance(found.node, ast.FunctionDef | ast.AsyncFunctionDef)
                    helper = Handler(self.code, found.module, found.node, self.depth + 1)
                    returns = [
                        n.value for n in helper.nodes if isinstance(n, ast.Return) and n.value
                    ]
                    if any(helper._first_dot(r, seen + 1) for r in returns):
                        return True
        return False

    # -- where values come from --------------------------------------------------------

    def roots(self, node: ast.expr, seen: frozenset[str] = frozenset()) -> set[Root]:
        """The client values an expression is made of: ("environ", "HTTP_X_NAME"),
        ("file", "filename"), truncated after the first name-like part. Constants, a
        lookup in a constant dict (`TYPES[content_type]`) and server values give none."""
        if isinstance(node, ast.Constant):
            return set()
        if isinstance(node, ast.Name):
            if node.id in seen:
                return set()
            if node.id in self.assigned:
                inner = seen | {node.id}
                return {r for v in self.assigned[node.id] for r in self.roots(v, inner)}
            if node.id in {p.arg for p in parameters(self.fn)} or node.id == "request":
                return {(node.id,)}
            return set()
        if isinstance(node, ast.Attribute):
            return {_extend(r, node.attr) for r in self.roots(node.value, seen)}
        if isinstance(node, ast.Subscript):
            if self._allow_list(node.value) is not None:
                return set()  # TYPES[content_type]: one of the dict's own values
            key = _constant(node.slice)
            base = self.roots(node.value, seen)
            return {_extend(r, key) for r in base} if isinstance(key, str) else base
        if isinstance(node, ast.Call):
            return self._call_roots(node, seen)
        found: set[Root] = set()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                found |= self.roots(child, seen)
        return found

    def _call_roots(self, call: ast.Call, seen: frozenset[str]) -> set[Root]:
        func = call.func
        args = [*call.args, *(k.value for k in call.keywords)]
        if isinstance(func, ast.Attribute):
            if func.attr == "get" and self._allow_list(func.value) is not None:
                return set().union(*(self.roots(a, seen) for a in call.args[1:]))
            base = self.roots(func.value, seen)
            if func.attr in {"get", "getheader", "getone"} and call.args:
                key = _constant(call.args[0])
                if isinstance(key, str):
                    return {_extend(r, key) for r in base}
            return base.union(*(self.roots(a, seen) for a in args))
        name = dotted(func)
        if name.endswith(("uuid4", "token_hex", "token_urlsafe", "time", "now")):
            return set()
        return set().union(*(self.roots(a, seen) for a in args))

    # -- the stored name ---------------------------------------------------------------

    def unchecked_name(self, checks: list[Check]) -> tuple[Root, str] | None:
        """A client value in the stored name that no check covers, and why: a name taken
        from somewhere the type check did not look, or checked only after its first dot."""
        checked = [(self.roots(c.operand) if c.operand is not None else None, c) for c in checks]
        for stored in self._stored_names():
            for path in self._file_part(stored):
                found = self._unchecked_in(path, checked)
                if found is not None:
                    return found
        return None

    def _unchecked_in(
        self, path: ast.expr, checked: list[tuple[set[Root] | None, Check]]
    ) -> tuple[Root, str] | None:
        used = {n.id for n in ast.walk(path) if isinstance(n, ast.Name)}
        for root in self.roots(path):
            if not any(_FILE_NAME.search(part) for part in root[1:]):
                continue
            covering = [c for roots, c in checked if roots is None or _covers(roots, root)]
            if not covering:
                return root, "unchecked"
            strong = [c for c in covering if not c.weak]
            if not strong and not any(c.bound & used for c in covering):
                return root, "first-dot"
        return None

    def _file_part(self, node: ast.expr, seen: int = 0) -> list[ast.expr]:
        """The parts of a path that make up its last component, the file's own name:
        `folder / name` -> name, `os.path.join(a, b)` -> b, f"{folder}/{uuid}{ext}" -> uuid
        and ext."""
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            return self._file_part(node.right, seen)
        if isinstance(node, ast.Call):
            name = tail(dotted(node.func))
            if name in {"join", "joinpath"} and node.args:
                return self._file_part(node.args[-1], seen)
            if name == "with_suffix" and node.args:
                return [node.args[0]]
            if name in {"Path", "PurePath", "PurePosixPath", "str"} and len(node.args) == 1:
                return self._file_part(node.args[0], seen)
        if isinstance(node, ast.JoinedStr):
            last = max(
                (
                    i
                    for i, v in enumerate(node.values)
                    if isinstance(v, ast.Constant) and "/" in str(v.value)
                ),
                default=-1,
            )
            parts = node.values[last + 1 :]
            return [p.value for p in parts if isinstance(p, ast.FormattedValue)]
        if isinstance(node, ast.Name) and seen < 3 and node.id in self.assigned:
            return [p for v in self.assigned[node.id] for p in self._file_part(v, seen + 1)]
        return [node]

    def _stored_names(self) -> list[ast.expr]:
        paths = self.write_paths()
        for helper, call in self.helpers():
            if helper.write_paths():
                paths.extend(call.args)
        return paths


def _covers(checked: set[Root], root: Root) -> bool:
    return any(root[: len(c)] == c for c in checked)


def _extend(root: Root, part: str) -> Root:
    """A root stops growing after its first name-like part: `file.filename.suffix` is the
    client's file name."""
    if any(_NAME_WORD.search(p) for p in root[1:]):
        return root
    return (*root, part)


def _constant(node: ast.AST | None) -> object:
    return node.value if isinstance(node, ast.Constant) else _NO_CONSTANT


_NO_CONSTANT = object()


def _type_constant(text: str) -> bool:
    """ ".png", "image/png", "pdf": an extension or a MIME type."""
    clean = text.lower()
    return clean.startswith(".") or "/" in clean or clean in _EXTENSIONS


def _limit(node: ast.expr) -> bool:
    value = _constant(node)
    if isinstance(value, int) and not isinstance(value, bool):
        return value >= _MIN_LIMIT
    if isinstance(node, ast.UnaryOp):
        return False
    return isinstance(node, ast.Name | ast.Attribute | ast.BinOp | ast.Subscript | ast.Call)


def _request_like(node: ast.expr) -> bool:
    return dotted(node).split(".")[0] in {"request", "req", "self"}


def _opened_here(node: ast.expr) -> bool:
    """`open(path).read()`: a local file, not the upload."""
    return isinstance(node, ast.Call) and tail(dotted(node.func)) in _OPENERS


_FILE_OPENERS = frozenset(
    {"open", "io.open", "aiofiles.open", "anyio.open_file", "codecs.open", "open_file"}
)


def _path_method(call: ast.Call) -> bool:
    """`Path(...).open("xb")` rather than `open(path, "xb")`."""
    name = dotted(call.func)
    return (
        isinstance(call.func, ast.Attribute)
        and name not in _FILE_OPENERS
        and (not name.endswith(("aiofiles.open", "anyio.open_file")))
    )


_THREAD_RUNNERS = {"to_thread": 0, "run_sync": 0, "run_in_executor": 1, "run_in_threadpool": 0}


def unwrapped(call: ast.Call) -> ast.Call:
    """`asyncio.to_thread(tmp.open, "xb")` calls `tmp.open("xb")`."""
    index = _THREAD_RUNNERS.get(tail(dotted(call.func)))
    if index is None or len(call.args) <= index:
        return call
    inner = ast.Call(func=call.args[index], args=call.args[index + 1 :], keywords=call.keywords)
    return ast.copy_location(inner, call)


def _writes(call: ast.Call) -> bool:
    call = unwrapped(call)
    name = tail(dotted(call.func))
    if name in _WRITE_CALLS:
        return True
    if name in _OPENERS:
        keyword = next((k.value for k in call.keywords if k.arg == "mode"), None)
        if _path_method(call):
            mode = call.args[0] if call.args else keyword
        else:
            mode = call.args[1] if len(call.args) > 1 else keyword
        text = _constant(mode)
        return isinstance(text, str) and any(c in text for c in "wxa")
    return False


def _written_path(call: ast.Call) -> ast.expr | None:
    call = unwrapped(call)
    name = tail(dotted(call.func))
    if isinstance(call.func, ast.Attribute) and name in {"write_bytes", "write_text"}:
        return call.func.value
    if name in _OPENERS and _path_method(call):
        assert isinstance(call.func, ast.Attribute)
        return call.func.value
    if name == "copyfileobj":
        return call.args[1] if len(call.args) > 1 else None
    return call.args[0] if call.args else None


def _sniffs(call: ast.Call) -> bool:
    name = dotted(call.func)
    return any(name == s or name.endswith("." + s) for s in _SNIFFERS)
