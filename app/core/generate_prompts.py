"""The chat messages for generating and fixing code, built from versioned templates.

Generation: a system message (role, what the application is, the answered security questions
as numbered requirements), then the request with the output format last. Fixing: the code
first, then the chosen findings, then the instruction last. Small models follow the last thing
they read: with the format in the system message, Qwen 0.5B restated the requirements in prose
instead of writing code. Every builder also returns the templates' texts by versioned key, for
the session's audit record.

The threat model enters as compact context: name, description, exposure, compliance, plain
assumptions and notes. Its policies reach the prompt as requirement lines (every policy field
has a question in the bank, and a set policy always selects its topic), which small models
follow better than terse policy lines; assets, actors, trust zones and data flows matter to the
review more than to writing one file, and would double the prompt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.core.findings import Finding
from app.core.prompts import load_prompt
from app.core.questions import ASSUMPTION_PREFIX
from app.core.threat_model import ThreatModel, render_for_prompt
from app.llm.engine import ChatMessage

GENERATE_SYSTEM = "generate.system"
GENERATE_REQUEST = "generate.request"
FIX_SYSTEM = "fix.system"
FIX_REQUEST = "fix.request"
NO_THREAT_MODEL = "(no threat model: assume an internet-facing service that handles user data)"
_COMMENT = {
    "javascript": "//", "typescript": "//", "java": "//", "go": "//", "csharp": "//",
    "kotlin": "//", "sql": "--",
}  # fmt: skip
_FENCE_TAG = {"github_actions": "yaml", "text": ""}


@dataclass(frozen=True)
class CodeFile:
    path: str
    language: str
    content: str


@dataclass(frozen=True)
class Prompt:
    messages: list[ChatMessage]
    templates: dict[str, str]


def requirements_block(requirements: Sequence[str]) -> str:
    if not requirements:
        return "- Follow the threat model above."
    return "\n".join(f"{number}. {line}" for number, line in enumerate(requirements, 1))


def application_context(threat_model: ThreatModel | None) -> str:
    """The threat model's context lines for a generation prompt (see the module docstring)."""
    if threat_model is None:
        return NO_THREAT_MODEL
    plain = tuple(a for a in threat_model.assumptions or () if not a.startswith(ASSUMPTION_PREFIX))
    compact = replace(
        threat_model, assets=None, actors=None, trust_zones=None, data_flows=None,
        policies=None, assumptions=plain or None,
    )  # fmt: skip
    return render_for_prompt(compact)


def generation_prompt(
    request: str, threat_model: ThreatModel | None, requirements: Sequence[str]
) -> Prompt:
    system = load_prompt(GENERATE_SYSTEM)
    user = load_prompt(GENERATE_REQUEST)
    messages = [
        ChatMessage(
            "system",
            system.render(
                context=application_context(threat_model),
                requirements=requirements_block(requirements),
            ),
        ),
        ChatMessage("user", user.render(request=request.strip())),
    ]
    return Prompt(messages, {system.key: system.text, user.key: user.text})


def fix_prompt(
    files: Sequence[CodeFile],
    findings: Sequence[Finding],
    threat_model: ThreatModel | None,
    requirements: Sequence[str],
) -> Prompt:
    system = load_prompt(FIX_SYSTEM)
    user = load_prompt(FIX_REQUEST)
    messages = [
        ChatMessage(
            "system",
            system.render(
                context=application_context(threat_model),
                requirements=requirements_block(requirements),
            ),
        ),
        ChatMessage(
            "user", user.render(files=render_files(files), findings=render_findings(findings))
        ),
    ]
    return Prompt(messages, {system.key: system.text, user.key: user.text})


def render_files(files: Sequence[CodeFile]) -> str:
    """Each file as a fenced block headed by a `file:` comment, the shape we ask back for."""
    return "\n\n".join(_fenced(file) for file in files)


def _fenced(file: CodeFile) -> str:
    comment = _COMMENT.get(file.language, "#")
    return fenced_code(file.language, f"{comment} file: {file.path}\n{file.content}")


def fenced_code(language: str, text: str) -> str:
    """`text` in a fenced block tagged with its language."""
    tag = _FENCE_TAG.get(language, language)
    # A longer fence than any run of backticks inside keeps the block closed where it ends.
    fence = "`" * max(3, _longest_backtick_run(text) + 1)
    body = text if text.endswith("\n") else text + "\n"
    return f"{fence}{tag}\n{body}{fence}"


def _longest_backtick_run(text: str) -> int:
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return longest


def render_findings(findings: Sequence[Finding]) -> str:
    return "\n".join(f"{n}. {_finding_line(f)}" for n, f in enumerate(findings, 1))


def _finding_line(finding: Finding) -> str:
    where = f"{finding.file} line {finding.start_line}" if finding.start_line else finding.file
    message = " ".join((finding.message or finding.title).split())
    line = f"{where}: {finding.title} ({finding.rule_id}). {message}"
    if finding.snippet:
        line += f" Code: `{' '.join(finding.snippet.split())[:120]}`."
    if finding.fix:
        line += f" Fix: {' '.join(finding.fix.split())}"
    return line
