"""Threat-model policy checks: authentication, uploads, logging, errors, crypto, secrets.

`PolicyStage` runs the checks the threat model turns on, over the same data-flow analysis
the taint stage uses. See docs/analysis.md.
"""

from app.scan.policy.stage import PolicyStage

__all__ = ["PolicyStage"]
