"""Stage 1 of the review pipeline: the scanners, in the order they run.

Each stage checks `context.should_cancel` between files and turns per-file problems into
warnings, so the pipeline can report a failing stage and still run the others.
"""

from __future__ import annotations

from app.scan.bandit_stage import BanditStage
from app.scan.base import Stage
from app.scan.rules.registry import RulePackStage
from app.scan.secrets_stage import SecretsStage
from app.scan.semgrep import SemgrepStage
from app.scan.zizmor_stage import ZizmorStage


def scanner_stages() -> list[Stage]:
    """Fresh scanner stages: bandit, detect-secrets, Airlock's own rule pack, zizmor's audits
    the pack does not make, then semgrep's engine with Airlock's rules for JavaScript/TypeScript,
    Java, Go and C#."""
    return [BanditStage(), SecretsStage(), RulePackStage(), ZizmorStage(), SemgrepStage()]
