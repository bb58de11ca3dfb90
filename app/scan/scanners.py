"""Stage 1 of the review pipeline: the scanners, in the order they run.

Each stage checks `context.should_cancel` between files and turns per-file problems into
warnings, so the pipeline can report a failing stage and still run the others.
"""

from __future__ import annotations

from app.scan.bandit_stage import BanditStage
from app.scan.base import Stage
from app.scan.rules.registry import RulePackStage
from app.scan.secrets_stage import SecretsStage


def scanner_stages() -> list[Stage]:
    """Fresh scanner stages: bandit, detect-secrets, then Airlock's own rule pack."""
    return [BanditStage(), SecretsStage(), RulePackStage()]
