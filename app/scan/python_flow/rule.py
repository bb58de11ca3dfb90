"""What the data-flow stage's findings share: their rule record and where they point.

Both the taint findings (report.py) and the pattern checks (config_checks.py) describe a rule
the same way and place a finding on an ast node the same way; report.py imports the pattern
checks, so the shared pieces live here rather than in either.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from app.core.findings import Severity
from app.core.sources import SourceFile

STAGE = "taint"


@dataclass(frozen=True)
class Rule:
    slug: str
    title: str
    cwe: tuple[int, ...]
    severity: Severity
    why: str
    fix: str


def char_column(line: str, byte_offset: int) -> int:
    """1-based character column for an ast (UTF-8 byte) offset."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore")) + 1


def position(file: SourceFile, node: ast.AST) -> tuple[int, int, int, int]:
    """(line, end line, column, end column) of a node, columns in characters."""
    line = getattr(node, "lineno", 1)
    end_line = getattr(node, "end_lineno", None) or line
    start = char_column(file.line(line), getattr(node, "col_offset", 0))
    end_offset = getattr(node, "end_col_offset", None)
    end = char_column(file.line(end_line), end_offset) if end_offset is not None else start
    return line, end_line, start, end
