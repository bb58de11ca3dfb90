"""Data-flow (taint) analysis of Python code on the standard `ast` module.

`TaintStage` reports injection-class findings; `analyse_source` gives the policy checks the
same per-file events (calls, returns, stores, tests with abstract values). See
docs/analysis.md for how it works and what it does not cover.
"""

from app.scan.python_flow.analysis import ParseFailure, analyse_source
from app.scan.python_flow.stage import TaintStage

__all__ = ["ParseFailure", "TaintStage", "analyse_source"]
