"""The reviewed code as the policy checks read it: what a module defines, and where a name
it uses is defined when that is another reviewed module.

The checks judge a guard (a FastAPI dependency, a before_request hook, a DRF permission, a
redaction helper) by its body when that body is part of the review: in the same file, or in
a reviewed module the file imports (`from .auth import require_staff`). Only a name that
leads nowhere reviewed (an installed library) is left to the name heuristics.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath

from app.core.sources import SourceFile
from app.scan.python_flow.analysis import ParseFailure, parse_source
from app.scan.python_flow.project import ProjectIndex
from app.scan.python_flow.routes import FunctionNode, dotted

Definition = FunctionNode | ast.ClassDef
_MAX_HOPS = 3  # re-exports followed (`from .auth import require_staff` in a package __init__)


@dataclass
class Module:
    """One reviewed file's top-level names."""

    path: str
    tree: ast.Module
    functions: dict[str, FunctionNode] = field(default_factory=dict)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    constants: dict[str, ast.expr] = field(default_factory=dict)
    # local name -> (module as written, with leading dots for relative imports; attribute
    # imported from it, or None when the name is the module itself)
    imports: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    def local(self, name: str) -> Definition | None:
        return self.functions.get(name) or self.classes.get(name)


def build_module(path: str, tree: ast.Module) -> Module:
    module = Module(path, tree)
    for node in tree.body:
        _top_level(module, node)
    return module


def _top_level(module: Module, node: ast.stmt) -> None:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        module.functions[node.name] = node
    elif isinstance(node, ast.ClassDef):
        module.classes[node.name] = node
    elif isinstance(node, ast.Assign) and len(node.targets) == 1:
        if isinstance(node.targets[0], ast.Name):
            module.constants[node.targets[0].id] = node.value
    elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
        module.constants[node.target.id] = node.value
    elif isinstance(node, ast.ImportFrom):
        base = "." * node.level + (node.module or "")
        for alias in node.names:
            module.imports[alias.asname or alias.name] = (base, alias.name)
    elif isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                module.imports[alias.asname] = (alias.name, None)
            else:
                head = alias.name.split(".")[0]
                module.imports[head] = (head, None)
    elif isinstance(node, ast.If | ast.Try):  # `try: import x except ImportError: ...`
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                _top_level(module, child)


@lru_cache(maxsize=32)
def _cached_module(path: str, text: str) -> Module | None:
    try:
        tree = parse_source(SourceFile(path=path, language="python", text=text)).tree
    except ParseFailure:
        return None
    return build_module(path, tree)


@dataclass(frozen=True)
class Found:
    """A definition and the module it is in (its own names resolve there)."""

    module: Module
    node: Definition | ast.expr


class Code:
    """Resolves names from one reviewed module into the review's modules."""

    def __init__(self, module: Module, project: ProjectIndex | None = None) -> None:
        self.module = module
        self.project = project

    def other(self, path: str) -> Module | None:
        if self.project is None or not self.project.covers(path):
            return None
        return _cached_module(path, self.project.files[path].text)

    def module_file(self, written: str, importer: str) -> str | None:
        """The reviewed file of module `written` ("billing.auth", ".auth", "..core")."""
        if self.project is None:
            return None
        if not written.startswith("."):
            return self.project.module(written, importer)
        level = len(written) - len(written.lstrip("."))
        folder = PurePosixPath(importer.replace("\\", "/")).parent
        for _ in range(level - 1):
            folder = folder.parent
        rest = written[level:].replace(".", "/")
        base = folder / rest if rest else folder
        for candidate in (f"{base}.py", f"{base}/__init__.py"):
            normal = candidate[2:] if candidate.startswith("./") else candidate
            if self.project.covers(normal):
                return normal
        return None

    def resolve(self, name: str, module: Module | None = None) -> Found | None:
        """Where `name` (`check`, `auth.require_staff`, `Guard.method`) is defined in the
        reviewed code, seen from `module` (this file by default)."""
        return self._resolve(name, module or self.module, 0)

    def _resolve(self, name: str, module: Module, hops: int) -> Found | None:
        if not name or hops > _MAX_HOPS:
            return None
        head, _, rest = name.partition(".")
        local = module.local(head)
        if local is not None:
            return _member(module, local, rest)
        if head in module.constants and not rest:
            return Found(module, module.constants[head])
        if head not in module.imports:
            return None
        written, attribute = module.imports[head]
        if attribute is None:  # `import billing.auth as auth` then `auth.x`
            target = self._module_named(written, module)
            return self._resolve(rest, target, hops + 1) if target and rest else None
        target = self._module_named(written, module)
        if target is not None:
            found = self._resolve(f"{attribute}.{rest}" if rest else attribute, target, hops + 1)
            if found is not None:
                return found
        # `from . import auth` then `auth.require_staff`
        inside = written + attribute if written.endswith(".") else f"{written}.{attribute}"
        submodule = self._module_named(inside, module)
        if submodule is not None and rest:
            return self._resolve(rest, submodule, hops + 1)
        return None

    def _module_named(self, written: str, importer: Module) -> Module | None:
        path = self.module_file(written, importer.path)
        return self.other(path) if path is not None else None

    def defining_module(self, written: str, importer: Module | None = None) -> Module | None:
        return self._module_named(written, importer or self.module)


def _member(module: Module, node: Definition, rest: str) -> Found | None:
    if not rest:
        return Found(module, node)
    if isinstance(node, ast.ClassDef) and "." not in rest:
        method = class_method(node, rest)
        return Found(module, method) if method is not None else None
    return None


def class_method(cls: ast.ClassDef, name: str) -> FunctionNode | None:
    for item in cls.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name == name:
            return item
    return None


def class_attribute(cls: ast.ClassDef, name: str) -> ast.expr | None:
    for item in cls.body:
        if isinstance(item, ast.Assign) and any(dotted(t) == name for t in item.targets):
            return item.value
        if isinstance(item, ast.AnnAssign) and dotted(item.target) == name and item.value:
            return item.value
    return None


def own_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a function's body, without those of functions or classes defined in it."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        child = stack.pop()
        yield child
        if not isinstance(
            child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
        ):
            stack.extend(ast.iter_child_nodes(child))


def parameters(fn: FunctionNode) -> list[ast.arg]:
    args = fn.args
    return [*args.posonlyargs, *args.args, *args.kwonlyargs]


def tail(name: str | None) -> str:
    return (name or "").rsplit(".", 1)[-1]
