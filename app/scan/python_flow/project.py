"""The reviewed Python files as one project: calls followed into the modules they import.

Real projects put handlers in one module and SQL or file helpers in another. Each module is
analysed once, with the summaries of the project functions it imports (what they return,
which of their parameters reach a sink, what they guarantee); a module imported by another
is analysed on demand, first, and its summaries are reused by every importer, so the cost
stays one analysis per file. Import cycles are cut: while a module is being analysed, a
module it (indirectly) imports sees none of its functions.

Module names come from the files' paths: `shop/db.py` is `shop.db` and `db` (its last parts),
`shop/__init__.py` is `shop`. Relative imports resolve against the importing file's folder.
A module named like the standard library or a web framework is never taken for a project
module: reviewed code must not replace `subprocess.run` by a harmless function of its own.
"""

from __future__ import annotations

import logging
import sys
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import PurePosixPath

from app.core.sources import SourceFile
from app.scan.python_flow.frame import FunctionResult, ProjectLinks
from app.scan.python_flow.interpreter import FileAnalysis
from app.scan.python_flow.routes import WEB_PACKAGES

Analyse = Callable[[SourceFile, ProjectLinks], FileAnalysis]

log = logging.getLogger(__name__)
_RECENT = 4

_RESERVED = frozenset(sys.stdlib_module_names) | WEB_PACKAGES


@lru_cache(maxsize=4096)  # the same few hundred paths, asked for at every imported call
def module_parts(path: str) -> tuple[str, ...]:
    """`src/shop/db.py` -> ("src", "shop", "db"); a package's `__init__.py` is the package."""
    parts = PurePosixPath(path.replace("\\", "/")).with_suffix("").parts
    parts = tuple(p for p in parts if p not in {"", ".", "/"})
    return parts[:-1] if parts and parts[-1] == "__init__" else parts


class ProjectIndex:
    """The Python files of one review, by module name, with their analyses."""

    def __init__(self, files: Sequence[SourceFile], analyse: Analyse) -> None:
        self._analyse = analyse
        self.files = {f.path: f for f in files}
        self._by_name: dict[str, list[str]] = {}
        for file in files:
            parts = module_parts(file.path)
            for start in range(len(parts)):
                self._by_name.setdefault(".".join(parts[start:]), []).append(file.path)
        # Whole analyses are millions of objects: only the last few are kept (the file a
        # stage asks for next was often just analysed as an import); summaries are kept
        # for every module, since importers need only those.
        self._recent: OrderedDict[str, FileAnalysis] = OrderedDict()
        self._summaries: dict[str, Mapping[str, FunctionResult]] = {}
        self._failed: set[str] = set()
        self._active: set[str] = set()
        self._called: set[tuple[str, str]] = set()  # (module file, function) used elsewhere

    def note_called(self, path: str, function: str) -> None:
        self._called.add((path, function))

    def is_called(self, path: str, function: str) -> bool:
        """Whether another reviewed module calls this function (so far in the run)."""
        return (path, function) in self._called

    def covers(self, path: str) -> bool:
        return path in self.files

    def analysis(self, path: str) -> FileAnalysis:
        """The analysis of one file; raises what analysing it raised (ParseFailure...)."""
        if path in self._recent:
            self._recent.move_to_end(path)
            return self._recent[path]
        self._active.add(path)
        try:
            found = self._analyse(self.files[path], self.links_for(path))
        except Exception:
            self._failed.add(path)
            raise
        finally:
            self._active.discard(path)
        self._summaries[path] = found.summaries
        self._recent[path] = found
        while len(self._recent) > _RECENT:
            self._recent.popitem(last=False)
        return found

    def summaries(self, path: str) -> Mapping[str, FunctionResult]:
        """The function summaries of an imported module (none if it cannot be analysed,
        or while it is being analysed: an import cycle)."""
        if path in self._summaries:
            return self._summaries[path]
        if path in self._active or path in self._failed:
            return {}
        try:
            return self.analysis(path).summaries
        except Exception:  # the module's own review reports why; importers see nothing
            log.debug("imported module %s could not be analysed", path, exc_info=True)
            return {}

    def links_for(self, path: str) -> ProjectLinks:
        return _FileLinks(self, path)

    def module(self, name: str, importer: str) -> str | None:
        """The file of module `name` (dotted, absolute), preferring the importer's folder."""
        if not name or name.split(".")[0] in _RESERVED:
            return None
        candidates = self._by_name.get(name, [])
        if len(candidates) == 1:
            return candidates[0]
        here = module_parts(importer)[:-1]
        near = [c for c in candidates if module_parts(c)[:-1] == here]
        return near[0] if len(near) == 1 else None


class _FileLinks(ProjectLinks):
    """One file's view of the project: what its imported references name."""

    def __init__(self, index: ProjectIndex, path: str) -> None:
        self.index = index
        self.path = path
        # Every call asks (whether it reaches reviewed code, then for its summary): the
        # readings of a reference are worked out once per file.
        self._readings: dict[str, list[tuple[str, str]]] = {}

    def _split(self, ref: str) -> list[tuple[str, str]]:
        """(module file, qualified name inside it) readings of a reference, longest
        module first: `shop.db.Repo.find` may be module shop.db, function Repo.find."""
        ref = ref.replace("()", "")
        if ref not in self._readings:
            self._readings[ref] = self._read(ref)
        return self._readings[ref]

    def _read(self, ref: str) -> list[tuple[str, str]]:
        absolute = self._absolute(ref)
        if absolute is None:
            return []
        parts = absolute.split(".")
        found = []
        for cut in range(len(parts) - 1, 0, -1):
            module = self.index.module(".".join(parts[:cut]), self.path)
            if module is not None and module != self.path:
                found.append((module, ".".join(parts[cut:])))
        return found

    def _absolute(self, ref: str) -> str | None:
        if not ref.startswith("."):
            return ref
        level = len(ref) - len(ref.lstrip("."))
        package = module_parts(self.path)[:-1]
        if level - 1 > len(package):
            return None
        base = package[: len(package) - (level - 1)]
        return ".".join((*base, ref[level:])) if base else ref[level:]

    def result(self, ref: str) -> FunctionResult | None:
        for module, qualname in self._split(ref):
            summary = self.index.summaries(module).get(qualname)
            if summary is not None:
                self.index.note_called(module, qualname)
                return replace(summary, origin=summary.origin or module)
        return None

    def owns(self, ref: str) -> bool:
        return bool(self._split(ref))
