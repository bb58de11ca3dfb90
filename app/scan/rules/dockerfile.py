"""Dockerfile rules: root user, remote ADD, secrets in ENV/ARG, unpinned base images.

Instructions come from dockerfile-parse (line continuations, comments inside continuations,
the escape directive). It does not know BuildKit heredocs (`RUN <<EOF ... EOF`), so their
bodies are dropped here before the rules look at the instructions.
"""

from __future__ import annotations

import io
import json
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field

from dockerfile_parse import DockerfileParser

from app.core.findings import Confidence, Finding, ReviewWarning, Severity, StageResult
from app.core.sources import SourceFile
from app.scan.rules.common import SOURCE, Rule, RuleParseError, looks_like_secret_name

ROOT_USER = Rule(
    id="airlock.docker.root-user",
    title="Container runs as root",
    cwe=(250,),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    description="The final stage runs as root (an explicit `USER root`/`USER 0`, or no USER "
    "at all on a base image that defaults to root). A compromise of the process is then "
    "root inside the container, one step from the host.",
    fix="Create an unprivileged user and switch to it after the steps that need root: "
    "`RUN useradd --system --uid 10001 app` then `USER 10001` (or `USER app`).",
)
REMOTE_ADD = Rule(
    id="airlock.docker.remote-add",
    title="ADD downloads a remote file without a checksum",
    cwe=(494, 829),
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    description="`ADD <url>` fetches content at build time with no integrity check; whoever "
    "controls the URL (or the network path) controls what goes into the image.",
    fix="Pin the content: `ADD --checksum=sha256:<digest> <url> <dest>`, or download in a "
    "RUN step and verify the SHA-256 before use. Use COPY for local files.",
)
SECRET_ENV_ARG = Rule(
    id="airlock.docker.secret-in-env-arg",
    title="Secret in ENV or ARG",
    cwe=(798, 522),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    description="ENV values are stored in the image config and ARG values in the image "
    "history: anyone who can pull the image can read them.",
    fix="Mount secrets only for the step that needs them: `RUN --mount=type=secret,id=token "
    "...` (BuildKit), and pass runtime secrets through the orchestrator (env at run time or a "
    "file under /run/secrets), never through ENV/ARG.",
)
UNPINNED_IMAGE = Rule(
    id="airlock.docker.unpinned-base-image",
    title="Base image not pinned to a digest",
    cwe=(1357, 829),
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    description="A tag (and `latest` above all) can be moved to different content at any "
    "time, so the same Dockerfile builds different images and a compromised registry "
    "account reaches every build.",
    fix="Pin by digest: `FROM python:3.12-slim@sha256:<digest>` and let a bot (Renovate, "
    "Dependabot) update the digest through reviewed pull requests.",
)
RULES = (ROOT_USER, REMOTE_ADD, SECRET_ENV_ARG, UNPINNED_IMAGE)

_KNOWN_INSTRUCTIONS = frozenset(
    {"FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY",
     "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL",
     "HEALTHCHECK", "SHELL"}
)  # fmt: skip
_HEREDOC = re.compile(r"<<-?\s*([\"']?)([A-Za-z_][A-Za-z0-9_]*)\1")
_REMOTE_SOURCE = re.compile(r"^(?:https?|ftp)://|^git@", re.IGNORECASE)
_ARG_REFERENCE = re.compile(r"\$(?:\{(\w+)(?::?[-+][^}]*)?\}|(\w+))")
_ROOT_NAMES = frozenset({"root", "0"})


@dataclass(frozen=True)
class Instruction:
    keyword: str
    value: str
    line: int  # 1-based
    end_line: int


@dataclass
class BuildStage:
    start: Instruction
    image: str  # after substituting global ARG defaults; may still hold `$` when unknown
    alias: str | None
    body: list[Instruction] = field(default_factory=list)


def check(file: SourceFile) -> StageResult:
    """Every Dockerfile rule over one file."""
    instructions = parse_instructions(file.text)
    result = StageResult(warnings=_unknown_instruction_warnings(file, instructions))
    stages = split_stages(instructions)
    if not stages:
        raise RuleParseError("no FROM instruction: not a Dockerfile the rules can read")
    result.findings.extend(_root_user(file, stages))
    result.findings.extend(_remote_add(file, instructions))
    result.findings.extend(_secrets_in_env_arg(file, instructions))
    result.findings.extend(_unpinned_images(file, stages))
    return result


def parse_instructions(text: str) -> list[Instruction]:
    """The file's instructions, comments and heredoc bodies left out."""
    parser = DockerfileParser(fileobj=io.BytesIO(text.encode("utf-8")))
    instructions: list[Instruction] = []
    pending: list[str] = []  # heredoc delimiters still to be closed, in order
    for entry in parser.structure:
        if pending:
            if str(entry["content"]).strip() == pending[0]:
                pending.pop(0)
            continue
        if entry["instruction"] == "COMMENT":
            continue
        instruction = Instruction(
            keyword=str(entry["instruction"]).upper(),
            value=str(entry["value"] or ""),
            line=int(entry["startline"]) + 1,
            end_line=int(entry["endline"]) + 1,
        )
        instructions.append(instruction)
        pending = [match.group(2) for match in _HEREDOC.finditer(instruction.value)]
    if pending:
        raise RuleParseError(f"heredoc `<<{pending[0]}` is never closed")
    return instructions


def _unknown_instruction_warnings(
    file: SourceFile, instructions: list[Instruction]
) -> list[ReviewWarning]:
    unknown = [item.line for item in instructions if item.keyword not in _KNOWN_INSTRUCTIONS]
    if not unknown:
        return []
    lines = ", ".join(str(number) for number in unknown[:10])
    message = f"unknown Dockerfile instruction(s) on line(s) {lines}: not checked"
    return [ReviewWarning("parse_error", message, file=file.path, stage=SOURCE)]


def split_stages(instructions: list[Instruction]) -> list[BuildStage]:
    """Build stages in order; ARGs before the first FROM feed the FROM lines."""
    global_args: dict[str, str] = {}
    stages: list[BuildStage] = []
    for item in instructions:
        if item.keyword == "FROM":
            image, alias = _parse_from(item.value)
            stages.append(BuildStage(item, _substitute(image, global_args), alias))
        elif stages:
            stages[-1].body.append(item)
        elif item.keyword == "ARG":
            global_args.update(
                (name, value) for name, value, _ in _arg_pairs(item.value) if value is not None
            )
    return stages


def _parse_from(value: str) -> tuple[str, str | None]:
    words = [word for word in value.split() if not word.startswith("--")]
    if not words:
        return "", None
    alias = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
    return words[0], alias


def _substitute(image: str, args: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        return args.get(name, match.group(0))

    return _ARG_REFERENCE.sub(replace, image)


# --- root user -------------------------------------------------------------------------


def _root_user(file: SourceFile, stages: list[BuildStage]) -> Iterator[Finding]:
    user, image = _effective_user(stages, len(stages) - 1)
    if user is not None:
        name = user.value.strip().split(":")[0].strip("\"'")
        if name.lower() in _ROOT_NAMES:
            yield ROOT_USER.finding(
                file, user.line, message=f"The final stage switches to `USER {name}` last."
            )
        return
    if image.lower() == "scratch" or not _base_defaults_to_root(image):
        return
    start = stages[-1].start
    yield ROOT_USER.finding(
        file,
        start.line,
        message=f"The final stage (FROM {image}) never sets USER, so the container runs as "
        "the base image's user, which is root for most images.",
        confidence=Confidence.MEDIUM,
    )


def _effective_user(stages: list[BuildStage], index: int) -> tuple[Instruction | None, str]:
    """The last USER that applies to stage `index` (following FROM <earlier stage>)."""
    seen: set[int] = set()
    while index not in seen:
        seen.add(index)
        stage = stages[index]
        users = [item for item in stage.body if item.keyword == "USER"]
        if users:
            return users[-1], stage.image
        parent = _stage_index(stages[:index], stage.image)
        if parent is None:
            return None, stage.image
        index = parent
    return None, stages[index].image


def _stage_index(earlier: list[BuildStage], image: str) -> int | None:
    for position in range(len(earlier) - 1, -1, -1):
        alias = earlier[position].alias
        if alias is not None and alias.lower() == image.lower():
            return position
    return None


def _base_defaults_to_root(image: str) -> bool:
    # Distroless ":nonroot" and similar images set a non-root USER themselves.
    lowered = image.lower()
    return "$" not in image and "nonroot" not in lowered and "rootless" not in lowered


# --- remote ADD ------------------------------------------------------------------------


def _remote_add(file: SourceFile, instructions: list[Instruction]) -> Iterator[Finding]:
    for item in instructions:
        if item.keyword != "ADD":
            continue
        words = _command_words(item.value)
        flags = [word for word in words if word.startswith("--")]
        sources = [word for word in words if not word.startswith("--")][:-1]
        if any(flag.lower().startswith("--checksum=") for flag in flags):
            continue
        for source in sources:
            if _REMOTE_SOURCE.match(source):
                yield REMOTE_ADD.finding(
                    file,
                    item.line,
                    end_line=item.end_line,
                    message=f"ADD fetches {source} at build time with no checksum.",
                )


def _command_words(value: str) -> list[str]:
    """Arguments of ADD/COPY in either the JSON (exec) form or the shell form."""
    stripped = value.strip()
    if stripped.startswith("["):
        try:
            parsed = json.loads(stripped)
        except ValueError:
            parsed = None
        if isinstance(parsed, list) and all(isinstance(word, str) for word in parsed):
            return parsed
    return _split_words(stripped)


def _split_words(value: str) -> list[str]:
    try:
        return shlex.split(value)
    except ValueError:  # unbalanced quotes: fall back to whitespace, still check the words
        return value.split()


# --- secrets in ENV / ARG --------------------------------------------------------------


def _secrets_in_env_arg(file: SourceFile, instructions: list[Instruction]) -> Iterator[Finding]:
    for item in instructions:
        if item.keyword == "ENV":
            pairs = _env_pairs(item.value)
        elif item.keyword == "ARG":
            pairs = _arg_pairs(item.value)
        else:
            continue
        for name, value, token in pairs:
            if item.keyword == "ENV" and value is None:
                continue  # `ENV TOKEN=` clears the variable: nothing stored
            if looks_like_secret_name(name) and not _is_secret_file_path(value):
                line = _line_of(file, item, token)
                yield _secret_finding(file, item.keyword, name, value, line)


def _env_pairs(value: str) -> list[tuple[str, str | None, str]]:
    """(name, value, source token) for `ENV A=1 B="x y"` and the legacy `ENV A value`."""
    first = value.strip().split(None, 1)
    if first and "=" not in first[0]:
        rest = first[1] if len(first) > 1 else ""
        return [(first[0], rest.strip().strip("\"'") or None, first[0])]
    return [_pair(word) for word in _split_words(value)]


def _arg_pairs(value: str) -> list[tuple[str, str | None, str]]:
    return [_pair(word) for word in _split_words(value)]


def _pair(word: str) -> tuple[str, str | None, str]:
    name, equals, rest = word.partition("=")
    return name, (rest if equals and rest else None), name


def _is_secret_file_path(value: str | None) -> bool:
    return value is not None and value.startswith("/run/secrets/")


def _line_of(file: SourceFile, item: Instruction, token: str) -> int:
    pattern = re.compile(rf"(?<![\w-]){re.escape(token)}(?![\w-])")
    for number in range(item.line, item.end_line + 1):
        if pattern.search(file.line(number)):
            return number
    return item.line


def _secret_finding(
    file: SourceFile, keyword: str, name: str, value: str | None, line: int
) -> Finding:
    if value is None:
        return SECRET_ENV_ARG.finding(
            file,
            line,
            message=f"Build argument {name} looks like a secret; build-arg values are "
            "recorded in the image history.",
            severity=Severity.LOW,
            confidence=Confidence.MEDIUM,
        )
    if value.startswith("$"):
        return SECRET_ENV_ARG.finding(
            file,
            line,
            message=f"ENV {name} copies a build argument into the image config, where it "
            "stays readable in every container and image layer.",
            severity=Severity.MEDIUM,
            confidence=Confidence.MEDIUM,
        )
    where = "image config" if keyword == "ENV" else "image history"
    return SECRET_ENV_ARG.finding(
        file,
        line,
        message=f"{keyword} {name} holds a literal secret value, stored in the {where}.",
        secret=value,
    )


# --- unpinned base image ---------------------------------------------------------------


def _unpinned_images(file: SourceFile, stages: list[BuildStage]) -> Iterator[Finding]:
    for index, stage in enumerate(stages):
        image = stage.image
        if not image or "$" in image or image.lower() == "scratch" or "@sha256:" in image:
            continue
        if _stage_index(stages[:index], image) is not None:
            continue  # FROM an earlier stage of this file
        floating = _tag(image) in {None, "latest"}
        yield UNPINNED_IMAGE.finding(
            file,
            stage.start.line,
            message=f"FROM {image} is not pinned to a digest"
            + (" and uses a floating tag." if floating else "."),
            severity=Severity.MEDIUM if floating else Severity.LOW,
        )


def _tag(image: str) -> str | None:
    last = image.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else None
