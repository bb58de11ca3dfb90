"""Syntax highlighting with pygments that never stalls the GUI thread.

Lexing a whole document at once gets multi-line strings and comments right, but a large
paste would freeze the window. So the document is lexed in slices of a few milliseconds on
timer ticks, and each finished line's formats are set on its block's layout (what
QSyntaxHighlighter does internally). QSyntaxHighlighter itself is not used: it calls back
into Python for every changed block at once, which for a 6,000-line paste costs more than
the paste. Between an edit and the next pass (120 ms later) lines keep their old formats.
"""

from __future__ import annotations

import bisect
import re
import time
from collections.abc import Iterator
from typing import Any

# Pygments ships no type stubs (types-Pygments is not a dependency).
from pygments.lexer import Lexer  # type: ignore[import-untyped]
from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]
from pygments.styles import get_style_by_name  # type: ignore[import-untyped]
from pygments.token import _TokenType  # type: ignore[import-untyped]
from pygments.util import ClassNotFound  # type: ignore[import-untyped]
from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextDocument, QTextLayout

from app.ui.theme import code_style_name

SLICE_SECONDS = 0.006
RELEX_DELAY_MS = 120
_LEXER_NAMES = {
    "python": "python",
    "javascript": "javascript",
    "typescript": "typescript",
    "dockerfile": "docker",
    "terraform": "terraform",
    "github_actions": "yaml",
    "yaml": "yaml",
    "sql": "sql",
    "shell": "bash",
    "diff": "diff",
    "json": "json",
    "markdown": "markdown",
}

Ranges = tuple[tuple[int, int, QTextCharFormat], ...]


def lexer_for(language: str) -> Lexer | None:
    name = _LEXER_NAMES.get(language)
    if name is None:
        return None
    try:
        return get_lexer_by_name(name, stripnl=False, stripall=False, ensurenl=False)
    except ClassNotFound:
        return None


def warm_lexers() -> None:
    """Build every lexer once, off the GUI thread: pygments compiles a lexer's rules on its
    first use, which takes up to ~100 ms for some (Python, Markdown)."""
    for language in _LEXER_NAMES:
        lexer = lexer_for(language)
        if lexer is not None:
            for _ in lexer.get_tokens_unprocessed("x = 1\n"):
                pass


class _Formats:
    """QTextCharFormats for a pygments style, one per token type, built on first use."""

    def __init__(self, style_name: str) -> None:
        self._style = get_style_by_name(style_name)
        self._cache: dict[Any, QTextCharFormat | None] = {}

    def get(self, token: _TokenType) -> QTextCharFormat | None:
        if token not in self._cache:
            self._cache[token] = self._build(token)
        return self._cache[token]

    def _build(self, token: _TokenType) -> QTextCharFormat | None:
        while not self._style.styles_token(token) and token.parent is not None:
            token = token.parent  # lexers may invent token types the style does not know
        style = self._style.style_for_token(token)
        if not (style["color"] or style["bold"] or style["italic"]):
            return None
        fmt = QTextCharFormat()
        if style["color"]:
            fmt.setForeground(QColor(f"#{style['color']}"))
        if style["bold"]:
            fmt.setFontWeight(QFont.Weight.Bold)
        if style["italic"]:
            fmt.setFontItalic(True)
        return fmt


class PygmentsHighlighter(QObject):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._document = document
        self._lexer: Lexer | None = None
        self._formats = _Formats(code_style_name())
        self._lines: dict[int, tuple[str, Ranges]] = {}
        self._tokens: Iterator[tuple[int, Any, str]] | None = None
        self._snapshot = ""
        self._starts: list[int] = []
        self._pending: dict[int, list[tuple[int, int, QTextCharFormat]]] = {}
        self._done_through = -1
        self._block_count = document.blockCount()
        self._tick = QTimer(self)
        self._tick.setInterval(0)
        self._tick.timeout.connect(self._step)
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(RELEX_DELAY_MS)
        self._delay.timeout.connect(self.relex)
        document.contentsChange.connect(self._on_change)

    @property
    def busy(self) -> bool:
        return self._tokens is not None or self._delay.isActive()

    def set_language(self, language: str) -> None:
        self._lexer = lexer_for(language)
        self.relex()

    def restyle(self) -> None:
        """The palette changed (light/dark): rebuild the formats and lex again."""
        self._formats = _Formats(code_style_name())
        self._clear_formats()
        self.relex()

    def document(self) -> QTextDocument:
        return self._document

    def relex(self) -> None:
        """Start a lexing pass over the whole document, in time slices."""
        self._delay.stop()
        document = self.document()
        if self._lexer is None:
            self._tokens = None
            self._tick.stop()
            self._clear_formats()
            return
        self._snapshot = document.toPlainText()
        self._starts = [0, *(m.end() for m in re.finditer("\n", self._snapshot))]
        self._tokens = iter(self._lexer.get_tokens_unprocessed(self._snapshot))
        self._pending = {}
        self._done_through = -1
        self._tick.start()

    def _on_change(self, position: int, removed: int, added: int) -> None:
        """Forget what was applied to the changed lines (their blocks may be new), relex soon."""
        document = self.document()
        first = document.findBlock(position).blockNumber()
        count = document.blockCount()
        if count != self._block_count:
            last = max(self._lines, default=-1)  # lines moved: everything below may be new
        else:
            last = document.findBlock(position + max(added, removed)).blockNumber()
        self._block_count = count
        for line in [n for n in self._lines if first <= n <= last]:
            del self._lines[line]
        if self._lexer is not None and not self._delay.isActive():
            self._delay.start()

    def _step(self) -> None:
        deadline = time.monotonic() + SLICE_SECONDS
        tokens = self._tokens
        if tokens is None:
            self._tick.stop()
            return
        for count, (position, token, value) in enumerate(tokens):
            self._add_token(position, token, value)
            if count % 64 == 63 and time.monotonic() > deadline:
                self._apply_finished(self._line_of(position) - 1)
                return
        self._apply_finished(len(self._starts) - 1)
        self._tokens = None
        self._tick.stop()

    def _line_of(self, position: int) -> int:
        return bisect.bisect_right(self._starts, position) - 1

    def _add_token(self, position: int, token: Any, value: str) -> None:
        fmt = self._formats.get(token)
        if fmt is None or not value:
            return
        line = self._line_of(position)
        offset = position - self._starts[line]
        for piece in value.split("\n"):
            if piece:
                self._pending.setdefault(line, []).append((offset, len(piece), fmt))
            line += 1
            offset = 0

    def _apply_finished(self, last_line: int) -> None:
        document = self.document()
        for line in range(self._done_through + 1, last_line + 1):
            text = self._line_text(line)
            ranges = tuple(self._pending.pop(line, ()))
            block = document.findBlockByNumber(line)
            if not block.isValid() or block.text() != text:
                continue  # edited since the snapshot: the next pass will do it
            if self._lines.get(line) == (text, ranges):
                continue
            self._lines[line] = (text, ranges)
            block.layout().setFormats([_format_range(*r) for r in ranges])
            document.markContentsDirty(block.position(), block.length())
        self._done_through = max(self._done_through, last_line)

    def _clear_formats(self) -> None:
        document = self.document()
        for line in list(self._lines):
            block = document.findBlockByNumber(line)
            if block.isValid():
                block.layout().clearFormats()
                document.markContentsDirty(block.position(), block.length())
        self._lines.clear()

    def _line_text(self, line: int) -> str:
        start = self._starts[line]
        end = self._starts[line + 1] - 1 if line + 1 < len(self._starts) else len(self._snapshot)
        return self._snapshot[start:end]


def _format_range(start: int, length: int, fmt: QTextCharFormat) -> QTextLayout.FormatRange:
    item = QTextLayout.FormatRange()
    item.start, item.length, item.format = start, length, fmt
    return item
