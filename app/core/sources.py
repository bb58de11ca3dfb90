"""The files a review reads: collected from paths, decoded, typed by name and content.

Code under review is hostile input. Nothing is skipped silently: a file too large, binary,
not UTF-8, a symlink loop or a link leading outside the reviewed folder each become a
visible `ReviewWarning`.
"""

from __future__ import annotations

import errno
import logging
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from app.core.findings import ReviewWarning

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
# Folders that hold tools and dependencies, not the project's own code.
IGNORED_DIRS = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".mypy_cache",
     ".ruff_cache", ".pytest_cache", ".tox", ".terraform"}
)  # fmt: skip

LANGUAGES = (
    "python",
    "javascript",
    "typescript",
    "java",
    "go",
    "csharp",
    "kotlin",
    "rust",
    "php",
    "ruby",
    "c",
    "cpp",
    "scala",
    "swift",
    "template",
    "dockerfile",
    "terraform",
    "github_actions",
    "sql",
    "shell",
    "yaml",
    "text",
)

_BY_SUFFIX = {
    ".py": "python",
    ".pyw": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".tsx": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".java": "java",
    ".go": "go",
    ".cs": "csharp",
    ".kt": "kotlin",
    ".kts": "kotlin",
    ".rs": "rust",
    ".php": "php",
    ".rb": "ruby",
    ".c": "c",
    ".h": "c",
    ".cc": "cpp",
    ".cpp": "cpp",
    ".cxx": "cpp",
    ".hpp": "cpp",
    ".scala": "scala",
    ".swift": "swift",
    # Server-side HTML templates, where unescaped output is written (EJS <%- %>, {{{ }}}).
    ".ejs": "template",
    ".hbs": "template",
    ".handlebars": "template",
    ".pug": "template",
    ".jade": "template",
    ".tf": "terraform",
    ".sql": "sql",
    ".sh": "shell",
    ".bash": "shell",
    ".dockerfile": "dockerfile",
    ".yml": "yaml",
    ".yaml": "yaml",
}
_SHEBANG = re.compile(r"^#!\s*(?:\S*/)?(?:env\s+(?:-\S+\s+)*)?(python|bash|sh|node)[\d.]*\b")
_SHEBANG_LANGUAGE = {"python": "python", "bash": "shell", "sh": "shell", "node": "javascript"}


@dataclass(frozen=True)
class SourceFile:
    """One decoded file. `path` is what reports show: relative to the reviewed folder."""

    path: str
    language: str
    text: str
    lines: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", tuple(self.text.splitlines()))

    def line(self, number: int) -> str:
        """Line `number` (1-based), or "" when out of range."""
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""


def detect_language(path: str, text: str) -> str:
    """The language of a file, by its name first and its content second."""
    posix = PurePosixPath(path.replace("\\", "/"))
    name = posix.name.lower()
    if name in {"dockerfile", "containerfile"} or name.startswith("dockerfile."):
        return "dockerfile"
    suffix = posix.suffix.lower()
    if suffix in {".yml", ".yaml"} and _is_workflow(posix, text):
        return "github_actions"
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    match = _SHEBANG.match(text[:200])
    return _SHEBANG_LANGUAGE[match.group(1)] if match else "text"


def _is_workflow(path: PurePosixPath, text: str) -> bool:
    if ".github/workflows" in path.as_posix():
        return True
    return bool(re.search(r"^on:", text, re.M) and re.search(r"^jobs:", text, re.M))


def source_from_text(path: str, text: str, *, language: str | None = None) -> SourceFile:
    """A SourceFile for code that is not on disk (generated code, pasted text)."""
    return SourceFile(path, language or detect_language(path, text), text)


@dataclass
class Collected:
    files: list[SourceFile] = field(default_factory=list)
    warnings: list[ReviewWarning] = field(default_factory=list)


def collect_sources(paths: Sequence[Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Collected:
    """Read every reviewable file under `paths` (files or folders)."""
    collected = Collected()
    for root in paths:
        if not root.exists() and not root.is_symlink():
            collected.warnings.append(ReviewWarning("missing", f"{root}: no such file or folder"))
            continue
        base = root.resolve() if root.is_dir() else root.resolve().parent
        for candidate, display in _walk(root, collected.warnings):
            _read_one(candidate, display, base, max_bytes=max_bytes, into=collected)
    return collected


def _walk(root: Path, warnings: list[ReviewWarning]) -> Iterator[tuple[Path, str]]:
    if not root.is_dir():
        yield root, root.name
        return
    seen_dirs: set[tuple[int, int]] = set()
    for current, dirnames, filenames in os.walk(root, followlinks=True):
        current_path = Path(current)
        stat = current_path.stat()
        if (stat.st_dev, stat.st_ino) in seen_dirs:
            warnings.append(
                ReviewWarning("symlink_loop", "symlink loop: not followed again",
                              file=_relative(current_path, root))
            )  # fmt: skip
            dirnames[:] = []
            continue
        seen_dirs.add((stat.st_dev, stat.st_ino))
        dirnames[:] = sorted(d for d in dirnames if d not in IGNORED_DIRS)
        for name in sorted(filenames):
            path = current_path / name
            yield path, _relative(path, root)


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _read_one(path: Path, display: str, base: Path, *, max_bytes: int, into: Collected) -> None:
    warning = _unreadable_reason(path, display, base, max_bytes=max_bytes)
    if warning is not None:
        into.warnings.append(warning)
        return
    try:
        # Read no more than the limit allows: the file may have grown since it was measured.
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:  # no permission, an I/O error, gone since it was listed
        into.warnings.append(
            ReviewWarning("unreadable", f"cannot read: {exc.strerror or exc}", file=display)
        )
        return
    if len(data) > max_bytes:
        into.warnings.append(_too_large(display, len(data), max_bytes))
        return
    if b"\x00" in data[:8192]:
        into.warnings.append(ReviewWarning("binary", "binary file: not reviewed", file=display))
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        into.warnings.append(
            ReviewWarning("encoding", f"not UTF-8 (byte {exc.start}): not reviewed", file=display)
        )
        return
    into.files.append(SourceFile(display, detect_language(display, text), text))


def _unreadable_reason(
    path: Path, display: str, base: Path, *, max_bytes: int
) -> ReviewWarning | None:
    try:
        resolved = path.resolve(strict=True)
        size = resolved.stat().st_size
    except (OSError, RuntimeError) as exc:
        # Python 3.13 reports a symlink loop as OSError ELOOP, earlier ones as RuntimeError.
        loop = isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP
        reason = "Symlink loop" if loop else str(exc)
        return ReviewWarning("unreadable", f"cannot read: {reason}", file=display)
    if not resolved.is_relative_to(base):
        return ReviewWarning(
            "outside", f"links outside the reviewed folder ({resolved}): not followed", file=display
        )
    if not resolved.is_file():
        return ReviewWarning("skipped", "not a regular file", file=display)
    if size > max_bytes:
        return _too_large(display, size, max_bytes)
    return None


def _too_large(display: str, size: int, max_bytes: int) -> ReviewWarning:
    return ReviewWarning(
        "too_large", f"{size:,} bytes, over the {max_bytes:,}-byte limit: not reviewed",
        file=display,
    )  # fmt: skip
