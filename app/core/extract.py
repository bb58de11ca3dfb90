"""Code out of a model's reply: fenced blocks, file names, and the awkward cases.

Small models write code in many shapes: one fenced block or several, a `# file: app.py`
header inside a block or a `**app.py**` line above it, a fence without a language tag, a
block cut off by the token limit, or no fence at all. `extract_code` handles all of them and
never raises: whatever the reply, it returns the files it could find and notes on the rest.

File names come from the model, so they are hostile input: `safe_path` keeps a relative path
of plain segments and drops anything else (`..`, absolute paths, drive letters, odd bytes).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from app.core.sources import detect_language

MAX_FILES = 20

_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
_HEADER = re.compile(
    r"^\s*(?:#|//|--|;|/\*|<!--)\s*(?:file(?:name)?|path)\s*[:=]\s*(?P<name>\S+?)\s*(?:\*/|-->)?\s*$",
    re.IGNORECASE,
)
_COMMENT_NAME = re.compile(r"^\s*(?:#|//|--)\s+(?P<name>[\w./-]*\w\.[A-Za-z0-9]{1,10})\s*$")
_NAME_TOKEN = re.compile(
    r"(?<![\w/.-])(?P<name>(?:[\w.-]+/)*(?:[\w-][\w.-]*\.[A-Za-z0-9]{1,10}|Dockerfile|Containerfile"
    r"|Makefile|Procfile|Jenkinsfile))(?![\w/-])"
)
_INFO_SPLIT = re.compile(r"[\s:{},]+")
_SEGMENT = re.compile(r"^[A-Za-z0-9_.][A-Za-z0-9._-]{0,63}$")
_BARE_NAMES = frozenset({"Dockerfile", "Containerfile", "Makefile", "Procfile", "Jenkinsfile"})

_TAGS = {
    "python": "python", "py": "python", "python3": "python", "py3": "python",
    "javascript": "javascript", "js": "javascript", "node": "javascript", "jsx": "javascript",
    "mjs": "javascript", "typescript": "typescript", "ts": "typescript", "tsx": "typescript",
    "dockerfile": "dockerfile", "docker": "dockerfile", "containerfile": "dockerfile",
    "terraform": "terraform", "hcl": "terraform", "tf": "terraform", "sql": "sql",
    "bash": "shell", "sh": "shell", "shell": "shell", "zsh": "shell", "console": "console",
    "shell-session": "console", "yaml": "yaml", "yml": "yaml", "java": "java", "go": "go",
    "golang": "go", "csharp": "csharp", "cs": "csharp", "c#": "csharp", "kotlin": "kotlin",
    "kt": "kotlin",
}  # fmt: skip
_DEFAULT_NAMES = {
    "python": "app.py", "javascript": "app.js", "typescript": "app.ts",
    "dockerfile": "Dockerfile", "terraform": "main.tf", "github_actions":
    ".github/workflows/ci.yml", "yaml": "config.yaml", "sql": "schema.sql", "shell": "script.sh",
    "java": "App.java", "go": "main.go", "csharp": "Program.cs", "kotlin": "App.kt",
}  # fmt: skip
# A Java or C# file is named after its public type; an unnamed block gets that name.
_TYPE_NAME = re.compile(r"^\s*public\s+(?:(?:final|abstract|static|sealed|partial)\s+)*"
                        r"(?:class|interface|record|enum)\s+([A-Z]\w*)", re.M)  # fmt: skip
_GUESSES = (
    ("github_actions", re.compile(r"^on:.*^jobs:", re.M | re.S)),
    # Before Python: `class X` and `@Annotation` lines look like Python too.
    (
        "java",
        re.compile(
            r"^\s*(package [\w.]+;|import (java|javax|jakarta|org\.springframework)\.)", re.M
        ),
    ),
    (
        "csharp",
        re.compile(r"^\s*(using (System|Microsoft)[\w.]*;|namespace [\w.]+\s*[;{]?$)", re.M),
    ),
    ("go", re.compile(r"\A(\s*//.*\n)*\s*package \w+\s*$", re.M)),
    ("dockerfile", re.compile(r"\A\s*(#.*\n\s*)*FROM\s+\S+")),
    (
        "terraform",
        re.compile(r'^\s*(resource|provider|variable|module|terraform|data)\s+("|\{)', re.M),
    ),
    (
        "python",
        re.compile(
            r"^\s*(def \w+\(|class \w+|import \w|from [\w.]+ import |@\w+|if __name__)", re.M
        ),
    ),
    (
        "javascript",
        re.compile(
            r"^\s*(const |let |var |function |module\.exports|import .+ from ['\"])|require\(['\"]",
            re.M,
        ),
    ),
    ("sql", re.compile(r"^\s*(CREATE|SELECT|INSERT|ALTER|UPDATE|DELETE)\b", re.M | re.I)),
    ("shell", re.compile(r"\A#!.*\bsh\b|^\s*(set -e|echo |export \w+=)", re.M)),
    ("yaml", re.compile(r"(^[\w-]+:( .*)?\n){2,}", re.M)),
)
_COMMAND = re.compile(
    r"^\s*(\$ |pip3? |python3? |npm |npx |yarn |curl |wget |export |cd |docker |flask |uvicorn |"
    r"gunicorn |node |mkdir |source |git )"
)
_PROSE = re.compile(r"^[A-Za-z*][^()=\[\]{}<>;]*[.:!?]\**$")
_CODE_START = re.compile(r"^(import|from|def|class|return|if|for|while|with|try|const|let|var)\b")


@dataclass(frozen=True)
class ExtractedFile:
    """One file; `named` is False when the reply gave no name and a default was chosen."""

    path: str
    language: str
    content: str
    named: bool = True


@dataclass
class Extraction:
    files: list[ExtractedFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    truncated: bool = False


@dataclass
class _Block:
    info: str
    lines: list[str]
    hint: str | None
    closed: bool


# --- Public entry points --------------------------------------------------------------------


def extract_code(reply: str) -> Extraction:
    """The files in a model's reply; never raises."""
    try:
        return _extract(reply)
    except Exception as exc:  # a parser bug must not lose the session: report it instead
        return Extraction(notes=[f"could not read the reply ({type(exc).__name__})"])


def safe_path(name: str) -> str | None:
    """A model-given file name as a safe relative POSIX path, or None if it is not one."""
    cleaned = name.strip().strip("`*'\"").replace("\\", "/").strip()
    segments = [s for s in cleaned.split("/") if s not in ("", ".")]
    if not segments or len(segments) > 6:
        return None
    if any(s.strip(".") == "" or not _SEGMENT.match(s) for s in segments):
        return None
    last = segments[-1]
    if "." not in last.strip(".") and last not in _BARE_NAMES:
        return None
    return "/".join(segments)


def guess_language(text: str) -> str:
    """The language code looks like, when neither a tag nor a file name says."""
    for language, pattern in _GUESSES:
        if pattern.search(text):
            return language
    return "text"


# --- Finding the pieces ---------------------------------------------------------------------


def _extract(reply: str) -> Extraction:
    text = reply.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    blocks = list(_blocks(text.split("\n")))
    result = Extraction()
    if blocks:
        pieces = [piece for block in blocks for piece in _pieces_of_block(block)]
        result.truncated = not blocks[-1].closed
    else:
        pieces = _pieces_without_fences(text, result)
    _name_and_collect(pieces, result)
    if result.truncated:
        result.notes.append("the reply ended inside a code block (cut off at the token limit?)")
    if not result.files:
        result.notes.append("no code found in the reply")
    return result


def _blocks(lines: Sequence[str]) -> Iterator[_Block]:
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        fence = opening["fence"]
        body, end = _body(lines, index + 1, fence)
        yield _Block(opening["info"].strip(), body, _hint_before(lines, index), end < len(lines))
        index = end + 1


def _body(lines: Sequence[str], start: int, fence: str) -> tuple[list[str], int]:
    """The lines up to the closing fence (same character, at least as long, nothing after)."""
    closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
    for end in range(start, len(lines)):
        if closing.match(lines[end]):
            return list(lines[start:end]), end
    return list(lines[start:]), len(lines)


def _hint_before(lines: Sequence[str], index: int) -> str | None:
    """A file name on the nearest non-empty line above a fence (`**app.py**`, `app.py:`)."""
    for back in range(index - 1, max(index - 3, -1), -1):
        line = lines[back].strip()
        if not line:
            continue
        if _FENCE.match(lines[back]) or len(line) > 160:
            return None
        match = _NAME_TOKEN.search(line)
        return match["name"] if match else None
    return None


@dataclass
class _Piece:
    """One file's worth of lines, with what is known of its name and language."""

    lines: list[str]
    name: str | None
    tag: str | None
    closed: bool = True


def _pieces_of_block(block: _Block) -> list[_Piece]:
    tag, info_name = _read_info(block.info)
    pieces = _split_on_headers(block.lines, tag)
    first = pieces[0]
    if first.name is None:
        first.name = info_name or _comment_name(first) or block.hint
    pieces[-1].closed = block.closed
    return pieces


def _read_info(info: str) -> tuple[str | None, str | None]:
    """Language tag and file name from a fence's info string (`python app.py`, `py:app.py`)."""
    words = [_unquote(w) for w in _INFO_SPLIT.split(info)]
    words = [w for w in words if w]
    name = next((w for w in words if safe_path(w)), None)
    known = [_TAGS[w.casefold()] for w in words if w.casefold() in _TAGS]
    if known:
        return known[0], name
    if words and words[0] != name:
        return words[0].casefold(), name  # an unknown tag: json, html, text, ...
    return None, name


def _unquote(word: str) -> str:
    for prefix in ("title=", "filename=", "file=", "name="):
        word = word.removeprefix(prefix)
    word = word.strip("\"'")
    return word[1:] if word.startswith(".") and word[1:].casefold() in _TAGS else word  # {.py}


def _split_on_headers(lines: Sequence[str], tag: str | None) -> list[_Piece]:
    pieces = [_Piece([], None, tag)]
    for line in lines:
        header = _HEADER.match(line)
        if header:
            if pieces[-1].lines or pieces[-1].name:
                pieces.append(_Piece([], None, tag))
            pieces[-1].name = header["name"].strip("`*'\"")
        else:
            pieces[-1].lines.append(line)
    return pieces


def _comment_name(piece: _Piece) -> str | None:
    """`# app.py` as the first line names the file; the line is then dropped."""
    first = next((i for i, line in enumerate(piece.lines) if line.strip()), None)
    if first is None:
        return None
    match = _COMMENT_NAME.match(piece.lines[first])
    if match is None or safe_path(match["name"]) is None:
        return None
    del piece.lines[first]
    return match["name"]


def _pieces_without_fences(text: str, result: Extraction) -> list[_Piece]:
    lines = text.split("\n")
    if any(_HEADER.match(line) for line in lines):
        return [p for p in _split_on_headers(lines, None) if p.name or _looks_like_code(p)]
    trimmed = _trim_prose(lines)
    if not trimmed or guess_language("\n".join(trimmed)) == "text":
        return []
    result.notes.append("the reply had no code fence; took the code from the plain text")
    return [_Piece(trimmed, None, None)]


def _looks_like_code(piece: _Piece) -> bool:
    return guess_language("\n".join(piece.lines)) != "text"


def _trim_prose(lines: Sequence[str]) -> list[str]:
    """Drop the chat around unfenced code: sentences before the first and after the last line."""
    keep = [i for i, line in enumerate(lines) if line.strip() and not _is_prose(line)]
    return list(lines[keep[0] : keep[-1] + 1]) if keep else []


def _is_prose(line: str) -> bool:
    if line[:1].isspace() or _CODE_START.match(line):
        return False
    return len(line.split()) >= 4 and bool(_PROSE.match(line.strip()))


# --- Naming and collecting ------------------------------------------------------------------


@dataclass
class _Candidate:
    path: str | None
    language: str
    content: str
    closed: bool


def _name_and_collect(pieces: Sequence[_Piece], result: Extraction) -> None:
    candidates = [c for piece in pieces if (c := _candidate(piece, result)) is not None]
    taken = {c.path for c in candidates if c.path is not None}
    files: dict[str, ExtractedFile] = {}
    for candidate in candidates:
        named = candidate.path is not None
        if candidate.path is None:
            if candidate.language == "text" and len(candidates) > 1:
                continue  # an unnamed sample or note beside real code
            candidate.path = _default_name(candidate.language, candidate.content, taken=taken)
            taken.add(candidate.path)
        if candidate.path in files and not candidate.closed:
            continue  # a repeat cut off by the token limit: keep the complete one
        if len(files) < MAX_FILES or candidate.path in files:
            files[candidate.path] = ExtractedFile(
                candidate.path, candidate.language, candidate.content, named
            )
    result.files = list(files.values())


def _candidate(piece: _Piece, result: Extraction) -> _Candidate | None:
    content = _content(piece.lines)
    if not content.strip():
        return None
    path = safe_path(piece.name) if piece.name else None
    if piece.name and path is None:
        result.notes.append(f"ignored the unsafe file name {piece.name[:60]!r}")
    if path is None and _is_instructions(piece, content):
        return None
    return _Candidate(path, _language(path, piece.tag, content), content, piece.closed)


def _content(lines: Sequence[str]) -> str:
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    end = len(lines)
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end]) + "\n" if end > start else ""


def _is_instructions(piece: _Piece, content: str) -> bool:
    """`pip install flask` and the like: commands for the reader, not a file."""
    if piece.tag == "console":
        return True
    lines = [line for line in content.splitlines() if line.strip()]
    return len(lines) <= 3 and all(_COMMAND.match(line) for line in lines)


def _language(path: str | None, tag: str | None, content: str) -> str:
    if path is not None:
        by_name = detect_language(path, content)
        if by_name != "text" or PurePosixPath(path).suffix:
            return by_name
    if tag in _DEFAULT_NAMES:
        return (
            "github_actions"
            if tag == "yaml" and guess_language(content) == "github_actions"
            else tag
        )
    return guess_language(content)


def _default_name(language: str, content: str, *, taken: set[str]) -> str:
    base = _DEFAULT_NAMES.get(language, "generated.txt")
    if language in ("java", "csharp") and (match := _TYPE_NAME.search(content)):
        base = match.group(1) + (".java" if language == "java" else ".cs")
    if base not in taken:
        return base
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    number = 2
    while f"{stem}_{number}{dot}{suffix}" in taken:
        number += 1
    return f"{stem}_{number}{dot}{suffix}"
