"""A review never reaches the network through semgrep: local rules only, metrics and version
checks off, a bare environment; checked with the system call trace of the real engine and
with the network cut off."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.core.sources import source_from_text
from app.scan import child_program
from app.scan.base import StageContext
from app.scan.semgrep import SemgrepStage
from app.scan.semgrep import engine as engine_module

PACK = Path(__file__).parent / "pack"
CODE = """\
const app = require('express')();
app.post('/search', (req, res) => {
  db.query("SELECT * FROM t WHERE name = '" + req.body.name + "'");
});
"""


def test_the_command_is_offline_and_local() -> None:
    argv = engine_module.command(PACK, Path("."))
    assert "--metrics=off" in argv
    assert "--disable-version-check" in argv
    assert argv[argv.index("--config") + 1] == str(PACK)


@pytest.mark.parametrize(
    "config", ["auto", "p/default", "r/javascript", "https://example.com/r.yaml"]
)
def test_registry_configs_are_refused(config: str) -> None:
    with pytest.raises(ValueError, match="local path"):
        engine_module.command(Path(config), Path("."))


def test_the_engine_gets_no_proxy_token_or_home_of_the_user(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("SEMGREP_APP_TOKEN", "abc123")
    seen: list[dict[str, str]] = []
    real_popen = subprocess.Popen

    def recording_popen(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        seen.append(kwargs["env"])
        return real_popen(*args, **kwargs)

    monkeypatch.setattr(child_program.subprocess, "Popen", recording_popen)
    SemgrepStage(PACK).run([source_from_text("a.js", CODE)], StageContext())
    [env] = seen
    assert "HTTPS_PROXY" not in env and "SEMGREP_APP_TOKEN" not in env
    assert env["SEMGREP_SEND_METRICS"] == "off"
    assert env["HOME"] != os.environ.get("HOME")


def _network_calls(log: Path) -> list[str]:
    return [
        line
        for line in log.read_text().splitlines()
        if any(call in line for call in ("socket(", "connect(", "sendto(", "sendmsg("))
        and "AF_UNIX" not in line
    ]


def test_a_review_makes_no_network_system_call(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    strace = shutil.which("strace")
    assert strace, "strace is needed to watch the engine's system calls (apt-get install strace)"
    # The trace sees a program that does open a socket, so an empty trace means something.
    probe = tmp_path / "probe.log"
    subprocess.run(
        [strace, "-f", "-e", "trace=network", "-o", str(probe), sys.executable, "-c",
         "import socket; socket.socket().close()"],
        check=True,
    )  # fmt: skip
    assert _network_calls(probe)

    # The engine picks its command line by the name it is started under.
    alias = tmp_path / "osemgrep"
    alias.symlink_to(engine_module.find_core())
    log = tmp_path / "engine.log"
    real_popen = subprocess.Popen

    def traced_popen(argv: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        kwargs.pop("executable")
        traced = [strace, "-f", "-e", "trace=network", "-o", str(log), str(alias), *argv[1:]]
        return real_popen(traced, **kwargs)

    monkeypatch.setattr(child_program.subprocess, "Popen", traced_popen)
    result = SemgrepStage(PACK).run([source_from_text("a.js", CODE)], StageContext())
    assert [f.rule_id for f in result.findings] == ["t-js-sql"]
    assert log.is_file()
    assert _network_calls(log) == []


_REVIEW_IN_CHILD = """
import json, sys
from pathlib import Path
from app.core.sources import source_from_text
from app.scan.base import StageContext
from app.scan.semgrep import SemgrepStage
files = [source_from_text("a.js", sys.argv[2])]
result = SemgrepStage(Path(sys.argv[1])).run(files, StageContext())
print(json.dumps([[f.rule_id, f.start_line] for f in result.findings]))
"""


def test_the_same_findings_with_the_network_cut_off() -> None:
    unshare = shutil.which("unshare")
    assert unshare, "unshare (util-linux) is needed to cut the network off"
    here = SemgrepStage(PACK).run([source_from_text("a.js", CODE)], StageContext())
    command = [sys.executable, "-c", _REVIEW_IN_CHILD, str(PACK), CODE]
    cut = subprocess.run(
        [unshare, "--map-root-user", "--net", *command],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[3],
    )
    assert json.loads(cut.stdout) == [[f.rule_id, f.start_line] for f in here.findings]
    assert json.loads(cut.stdout)  # and there was something to compare
