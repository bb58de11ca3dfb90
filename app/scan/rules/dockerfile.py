"""Dockerfile rules: root user, remote ADD, secrets in ENV/ARG, unpinned base images,
downloaded scripts piped into a shell.

Instructions come from dockerfile-parse (line continuations, comments inside continuations,
the escape directive). It does not know BuildKit heredocs (`RUN <<EOF ... EOF`), so their
bodies are dropped here before the rules look at the instructions; the remote-script rule
reads the body of a heredoc the shell runs (`RUN <<EOF`) back from the file itself.
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
REMOTE_SCRIPT = Rule(
    id="airlock.docker.remote-script-piped-to-shell",
    title="Downloaded script run without an integrity check",
    cwe=(494, 829),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    description="A RUN step pipes what curl or wget fetch straight into a shell or "
    'interpreter (`curl ... | sh`, `bash -c "$(curl ...)"`, `sh <(curl ...)`). Nothing '
    "checks what arrived: whoever controls the URL, the branch it points to or the network "
    "path runs code in the build, and the image changes whenever the script does.",
    fix="Download to a file, verify it against a pinned digest, then run it: `curl -fsSLo "
    '/tmp/install.sh <url> && echo "<sha256>  /tmp/install.sh" | sha256sum -c - && sh '
    "/tmp/install.sh`. Better, install a pinned release through a package manager that "
    "verifies checksums (`go install tool@v1.2.3`, `pip install --require-hashes`, apt).",
)
RULES = (ROOT_USER, REMOTE_ADD, SECRET_ENV_ARG, UNPINNED_IMAGE, REMOTE_SCRIPT)

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
    result.findings.extend(_remote_scripts(file, instructions))
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


# --- remote script piped to a shell ----------------------------------------------------
#
# RUN scripts are read with a small shell tokenizer rather than regexes over the text, so
# quotes, `$(...)`, `<(...)`, redirections and `&&`/`;`/`|` are told apart: `curl ... |
# sha256sum -c` or `VERSION=$(curl ...)` must stay quiet while `curl ... | sh` must not.

_DOWNLOADERS = frozenset({"curl", "wget"})
_SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "fish"})
_OTHER_INTERPRETER = re.compile(r"(python|perl|ruby|php)[\d.]*|(node)(?:js)?")
# Words that may come before the real command: `sudo -E bash`, `env X=1 sh`, `if curl ...`.
_WRAPPERS: dict[str, frozenset[str]] = {  # wrapper -> its options that take a value
    "sudo": frozenset({"-u", "-g", "-h", "-p", "-U", "-C", "-D", "-r", "-t", "-T"}),
    "doas": frozenset({"-u", "-C"}),
    "env": frozenset({"-u", "-C", "-S"}),
    "exec": frozenset({"-a"}),
    "nice": frozenset({"-n"}),
    "time": frozenset({"-f", "-o"}),
    "command": frozenset(),
    "nohup": frozenset(),
    "busybox": frozenset(),
}
_KEYWORDS = frozenset({"if", "then", "else", "elif", "do", "while", "until", "!", "{", "}"})
_ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*=")
# Longest first, so `||` is not read as two pipes and `2>&1` not as a background `&`.
_OPERATORS = ("<<<", "&>>", "&&", "||", "|&", ";;", "<<", ">>", ">&", "<&", "&>", ">|",
              "|", "&", ";", "<", ">", "(", ")", "\n")  # fmt: skip
_OPERATOR = re.compile("|".join(re.escape(operator) for operator in _OPERATORS))
# Runs of characters with no special meaning, consumed in one step rather than one by one.
_PLAIN = re.compile(r"[^\s'\"\\`$<>&|;()#]+")
_QUOTED_PLAIN = re.compile(r'[^"\\$]+')
_REDIRECTS = frozenset({"<<<", "&>>", "<<", ">>", ">&", "<&", "&>", ">|", "<", ">"})
_STDIN_REDIRECTS = frozenset({"<", "<<", "<<<", "<&"})
_DOWNLOAD_SUBSTITUTION = re.compile(
    r"(?:\$\(|`|<\()\s*(?:sudo\s+(?:-\S+\s+)*)?(?:\S*/)?(curl|wget)\b([^)`]*)"
)
_URL = re.compile(r"[a-z][\w+.-]*://[^\s'\")`]+", re.IGNORECASE)
# PowerShell (Windows images): `iex ((New-Object Net.WebClient).DownloadString('...'))`,
# `irm https://... | iex`.
_FETCH = (
    r"(?:\(\s*new-object\s+(?:system\.)?net\.webclient\s*\)\s*\.\s*downloadstring"
    r"|\b(?:iwr|irm|invoke-webrequest|invoke-restmethod|curl|wget))\b"
)
_POWERSHELL_FETCH = re.compile(_FETCH, re.IGNORECASE)
_POWERSHELL_INVOKE = re.compile(r"\s*(?:iex|invoke-expression)\b", re.IGNORECASE)
_POWERSHELL_INVOKE_FETCH = re.compile(
    rf"\b(?:iex|invoke-expression)\b[\s(]*{_FETCH}", re.IGNORECASE
)
_MAX_NESTING = 3  # `sh -c "bash -c '...'"`: deeper nesting is not followed


@dataclass(frozen=True)
class _Interpreter:
    inline: str  # short options whose value is the program (`-c`, `-e`, `-m`)
    valued: str = ""  # other short options that take a value (`-o pipefail`)
    stdin: str = ""  # short options that make it read the program from stdin (`sh -s`)
    long_inline: frozenset[str] = frozenset()
    long_valued: frozenset[str] = frozenset()


_INTERPRETERS = {
    "sh": _Interpreter(
        inline="c", valued="oO", stdin="s", long_valued=frozenset({"--rcfile", "--init-file"})
    ),
    "python": _Interpreter(inline="cm", valued="WX"),
    "perl": _Interpreter(inline="eE"),
    "ruby": _Interpreter(inline="e", valued="Ir"),
    "node": _Interpreter(
        inline="ep",
        valued="r",
        long_inline=frozenset({"--eval", "--print"}),
        long_valued=frozenset({"--require", "--import", "--loader"}),
    ),
    "php": _Interpreter(inline="r", valued="cdz"),
}


@dataclass(frozen=True)
class _Token:
    text: str
    operator: bool = False


@dataclass
class _Command:
    words: list[str] = field(default_factory=list)
    redirects: list[tuple[str, str]] = field(default_factory=list)  # (operator, target)


@dataclass(frozen=True)
class _RemoteRun:
    tool: str  # curl, wget, PowerShell
    url: str  # "" when the URL is not a single word
    how: str  # "pipes it into `sh`"


def _remote_scripts(file: SourceFile, instructions: list[Instruction]) -> Iterator[Finding]:
    for item in instructions:
        if item.keyword != "RUN":
            continue
        script, last_line = _run_script(file, item)
        found = next(_script_runs(script), None) if script is not None else None
        if found is None:
            found = _powershell_run(item.value)
        if found is None:
            continue
        what = found.url or "a script"
        yield REMOTE_SCRIPT.finding(
            file,
            _line_between(file, item.line, last_line, found.url or found.tool),
            message=f"RUN downloads {what} with {found.tool} and {found.how}: whatever the "
            "server returns runs in the build, unverified.",
        )


def _run_script(file: SourceFile, item: Instruction) -> tuple[str | None, int]:
    """The shell text a RUN executes and the last line it spans (heredoc bodies included).
    The exec form `["sh", "-c", "..."]` is turned back into one quoted command line."""
    value = re.sub(r"^\s*(?:--\S+\s+)*", "", item.value).strip()  # --mount=..., --network=...
    if value.startswith("["):
        try:
            words = json.loads(value)
        except ValueError:
            words = None
        if isinstance(words, list) and all(isinstance(word, str) for word in words):
            return shlex.join(words), item.end_line
    heredoc = re.fullmatch(
        r"(?:(?:\S*/)?(?:ba|da|z|k)?sh(?:\s+-\w+)*\s+)?<<-?\s*([\"']?)(\w+)\1", value
    )
    if heredoc is None:
        return value, item.end_line
    body: list[str] = []
    for number in range(item.end_line + 1, len(file.lines) + 1):
        if file.line(number).strip() == heredoc.group(2):
            return "\n".join(body), number
        body.append(file.line(number))
    return None, item.end_line  # unclosed: parse_instructions has already refused the file


def _powershell_run(value: str) -> _RemoteRun | None:
    if not _powershell_invokes_download(value):
        return None
    url = _URL.search(value)
    return _RemoteRun("PowerShell", url.group(0) if url else "", "runs it with Invoke-Expression")


def _powershell_invokes_download(value: str) -> bool:
    """`iex (<download>)`, or a download piped into `iex` in the same statement. Split by
    hand rather than with one regex, which would go quadratic on a long hostile line."""
    if _POWERSHELL_INVOKE_FETCH.search(value):
        return True
    for statement in re.split(r"[;\n]", value):
        fetched = False
        for stage in statement.split("|"):
            if fetched and _POWERSHELL_INVOKE.match(stage):
                return True
            fetched = fetched or _POWERSHELL_FETCH.search(stage) is not None
    return False


def _script_runs(script: str, depth: int = 0) -> Iterator[_RemoteRun]:
    """Every place in a shell script where downloaded content is executed."""
    for pipeline in _pipelines(script):
        fetched: tuple[str, str] | None = None  # (tool, url) of an earlier stage
        for command in pipeline:
            words = _unwrap(command.words)
            if not words:
                continue
            runner = _basename(words[0])
            if fetched is not None and _reads_program_from_pipe(words, command.redirects):
                yield _RemoteRun(fetched[0], fetched[1], f"pipes it into `{runner}`")
            yield from _command_runs(words, command.redirects, depth)
            if runner in _DOWNLOADERS:
                fetched = (runner, next((w for w in words if _URL.fullmatch(w)), ""))


def _command_runs(
    words: list[str], redirects: list[tuple[str, str]], depth: int
) -> Iterator[_RemoteRun]:
    """Downloads executed by one command: `$(curl ...)` as the command, `eval "$(curl
    ...)"`, `source <(curl ...)`, `bash <(curl ...)`, `bash < <(curl ...)`, `sh -c "$(curl
    ...)"` and downloads piped to a shell inside `sh -c "..."`."""
    runner = _basename(words[0])
    if (found := _download_in(words[0], "runs its output as a command")) is not None:
        yield found
    if runner == "eval":
        for word in words[1:]:
            if (found := _download_in(word, "evaluates it with `eval`")) is not None:
                yield found
    sourced = words[1] if runner in {"source", "."} and len(words) > 1 else ""
    if (found := _download_in(sourced, f"sources it with `{runner}`")) is not None:
        yield found
    kind = _interpreter_kind(runner)
    if kind is None:
        return
    source, program = _program_source(kind, words[1:])
    if source == "file":
        if (found := _download_in(program, f"runs it as a `{runner}` script")) is not None:
            yield found
    elif source == "stdin":
        for operator, target in redirects:
            if operator in _STDIN_REDIRECTS:
                how = f"feeds it to `{runner}` on standard input"
                if (found := _download_in(target, how)) is not None:
                    yield found
    else:
        how = f"passes it to `{runner}` as inline code"
        if (found := _download_in(program.strip(), how, whole=True)) is not None:
            yield found
        elif kind == "sh" and depth < _MAX_NESTING:
            yield from _script_runs(program, depth + 1)


def _download_in(word: str, how: str, *, whole: bool = False) -> _RemoteRun | None:
    """A `$(curl ...)`, backquoted or `<(wget ...)` download in `word` (at its start, or
    the whole word when `whole`)."""
    match = _DOWNLOAD_SUBSTITUTION.match(word)
    if match is None or (whole and not _is_one_substitution(word)):
        return None
    url = _URL.search(match.group(2))
    return _RemoteRun(match.group(1), url.group(0) if url else "", how)


def _is_one_substitution(word: str) -> bool:
    return word.endswith(")") if word.startswith(("$(", "<(")) else word.endswith("`")


def _reads_program_from_pipe(words: list[str], redirects: list[tuple[str, str]]) -> bool:
    if any(operator in _STDIN_REDIRECTS for operator, _ in redirects):
        return False  # stdin comes from a file or heredoc, not from the pipe
    runner = _basename(words[0])
    if runner in {"source", "."}:
        return words[1:2] == ["/dev/stdin"]
    kind = _interpreter_kind(runner)
    return kind is not None and _program_source(kind, words[1:])[0] == "stdin"


def _interpreter_kind(name: str) -> str | None:
    if name in _SHELLS:
        return "sh"
    match = _OTHER_INTERPRETER.fullmatch(name)
    return (match.group(1) or match.group(2)) if match else None


def _program_source(kind: str, args: list[str]) -> tuple[str, str]:
    """Where an interpreter reads its program: ("stdin", ""), ("inline", code) or
    ("file", path), from its command-line options."""
    spec = _INTERPRETERS[kind]
    reads_stdin = False
    index = 0
    while index < len(args):
        word = args[index]
        if word == "-":
            return "stdin", ""
        if word == "--":
            index += 1
            break
        if word.startswith("--"):
            name, equals, rest = word.partition("=")
            if name in spec.long_inline:
                return "inline", rest if equals else _next_operand(args, index + 1)
            index += 2 if name in spec.long_valued and not equals else 1
            continue
        if len(word) > 1 and (word[0] == "-" or (kind == "sh" and word[0] == "+")):
            index += 1
            for position, flag in enumerate(word[1:], start=2):
                attached = word[position:]
                if flag in spec.inline:
                    if attached and kind != "sh":  # `python -c"print()"`
                        return "inline", attached
                    return "inline", _next_operand(args, index)
                reads_stdin = reads_stdin or flag in spec.stdin
                if flag in spec.valued:
                    index += 0 if attached else 1
                    break
            continue
        break
    operand = args[index] if index < len(args) else None
    if reads_stdin or operand is None or operand in {"-", "/dev/stdin"}:
        return "stdin", ""
    return "file", operand


def _next_operand(args: list[str], start: int) -> str:
    return next((word for word in args[start:] if not word.startswith("-")), "")


def _unwrap(words: list[str]) -> list[str]:
    """The command without leading assignments, keywords and wrappers like sudo/env."""
    index = 0
    while index < len(words):
        word = words[index]
        if word in _KEYWORDS or _ASSIGNMENT.match(word):
            index += 1
            continue
        valued = _WRAPPERS.get(_basename(word))
        if valued is None:
            break
        index += 1
        while index < len(words) and words[index].startswith("-"):
            index += 2 if words[index] in valued else 1
    return words[index:]


def _basename(word: str) -> str:
    return word.rsplit("/", 1)[-1]


def _pipelines(script: str) -> list[list[_Command]]:
    """The script as pipelines (split at `&&`, `||`, `;`, `&`, newlines and parentheses),
    each a list of commands (split at `|`)."""
    pipelines: list[list[_Command]] = []
    commands: list[_Command] = []
    command = _Command()
    redirect: str | None = None
    for token in _tokens(script):
        if not token.operator:
            if redirect is not None:
                command.redirects.append((redirect, token.text))
                redirect = None
            else:
                command.words.append(token.text)
        elif token.text in _REDIRECTS:
            redirect = token.text
        elif token.text in {"|", "|&"}:
            commands.append(command)
            command, redirect = _Command(), None
        else:
            pipelines.append([*commands, command])
            commands, command, redirect = [], _Command(), None
    pipelines.append([*commands, command])
    return [pipeline for pipeline in pipelines if any(c.words for c in pipeline)]


def _tokens(script: str) -> list[_Token]:
    """Shell words (quotes removed, `$(...)`/`<(...)`/backquotes kept whole) and operators."""
    tokens: list[_Token] = []
    word: list[str] = []
    started = False  # a word is open, even an empty one such as ""
    index = 0
    while index < len(script):
        char = script[index]
        if plain := _PLAIN.match(script, index):
            word.append(plain.group(0))
            started, index = True, plain.end()
        elif char == "\\":
            if script[index + 1 : index + 2] != "\n":  # backslash-newline continues the line
                word.append(script[index + 1 : index + 2])
                started = True
            index += 2
        elif char == "'":
            end = _find(script, "'", index + 1)
            word.append(script[index + 1 : end])
            started, index = True, end + 1
        elif char == '"':
            text, index = _double_quoted(script, index + 1)
            word.append(text)
            started = True
        elif script.startswith("$(", index) or (script.startswith("<(", index) and not started):
            end = _balanced(script, index + 1)
            word.append(script[index:end])
            started, index = True, end
        elif char == "`":
            end = _find(script, "`", index + 1)
            word.append(script[index : end + 1])
            started, index = True, end + 1
        elif char == "#" and not started:  # a comment runs to the end of the line
            index = _find(script, "\n", index)
        elif char in " \t\r":
            if started:
                tokens.append(_Token("".join(word)))
            word, started = [], False
            index += 1
        else:
            match = _OPERATOR.match(script, index)
            if match is None:
                word.append(char)
                started = True
                index += 1
                continue
            operator = match.group(0)
            fd_number = operator[0] in "<>" and "".join(word).isdigit()  # `2>/dev/null`
            if started and not fd_number:
                tokens.append(_Token("".join(word)))
            word, started = [], False
            tokens.append(_Token(operator, operator=True))
            index += len(operator)
    if started:
        tokens.append(_Token("".join(word)))
    return tokens


def _double_quoted(script: str, index: int) -> tuple[str, int]:
    """The text of a double-quoted string starting at `index`, and the index after it."""
    text: list[str] = []
    while index < len(script) and script[index] != '"':
        if plain := _QUOTED_PLAIN.match(script, index):
            text.append(plain.group(0))
            index = plain.end()
        elif script[index] == "\\" and script[index + 1 : index + 2] in {'"', "\\", "$", "`", "\n"}:
            text.append(script[index + 1].strip("\n"))  # backslash-newline: continuation
            index += 2
        elif script.startswith("$(", index):
            end = _balanced(script, index + 1)
            text.append(script[index:end])
            index = end
        else:
            text.append(script[index])
            index += 1
    return "".join(text), index + 1


def _balanced(script: str, start: int) -> int:
    """The index after the `)` that closes the `(` at `start`, quotes respected."""
    depth = 0
    quote: str | None = None
    index = start
    while index < len(script):
        char = script[index]
        if char == "\\":
            index += 2
            continue
        if quote is not None:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return len(script)


def _find(script: str, needle: str, start: int) -> int:
    found = script.find(needle, start)
    return len(script) if found < 0 else found


def _line_between(file: SourceFile, first: int, last: int, token: str) -> int:
    pattern = re.compile(rf"(?<![\w-]){re.escape(token)}(?![\w-])")
    for number in range(first, last + 1):
        if pattern.search(file.line(number)):
            return number
    return first
