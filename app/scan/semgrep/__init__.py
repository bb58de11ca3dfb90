"""semgrep's engine with Airlock's own rule pack: JavaScript/TypeScript, Java, Go and C#."""

from app.scan.semgrep.stage import SemgrepStage

__all__ = ["SemgrepStage"]
