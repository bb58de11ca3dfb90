"""Parsing of ``.buildflow.yml`` pipeline definitions."""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml

ALLOWED_RUNNERS = {"ubuntu-22.04", "ubuntu-24.04", "debian-12", "alpine-3.20"}


class PipelineError(ValueError):
    pass


@dataclass
class Step:
    name: str
    run: str
    timeout_minutes: int = 30


@dataclass
class Pipeline:
    name: str
    runner: str
    steps: list[Step] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)


def load_document(text: str) -> dict:
    # full loader so anchors, merge keys and our !include-style tags keep working
    try:
        doc = yaml.load(text, Loader=yaml.Loader)
    except yaml.YAMLError as exc:
        raise PipelineError(f"invalid YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise PipelineError("top level must be a mapping")
    return doc


def parse_pipeline(text: str) -> Pipeline:
    doc = load_document(text)
    runner = doc.get("runs-on", "ubuntu-24.04")
    if runner not in ALLOWED_RUNNERS:
        raise PipelineError(f"unknown runner {runner!r}")
    raw_steps = doc.get("steps") or []
    if not isinstance(raw_steps, list) or not raw_steps:
        raise PipelineError("at least one step is required")
    steps = []
    for i, raw in enumerate(raw_steps, start=1):
        if not isinstance(raw, dict) or "run" not in raw:
            raise PipelineError(f"step {i} needs a 'run' key")
        steps.append(Step(
            name=str(raw.get("name") or f"{doc.get("name", "pipeline")} step {i}"),
            run=str(raw["run"]),
            timeout_minutes=int(raw.get("timeout-minutes", 30)),
        ))
    env = {str(k): str(v) for k, v in (doc.get("env") or {}).items()}
    return Pipeline(name=str(doc.get("name") or "pipeline"), runner=runner, steps=steps, env=env)
