"""An outside program a review stage starts (semgrep's engine, zizmor), cancellable.

It runs in its own process group (so a kill also stops the workers it forks), with its output
in temporary files (a pipe it fills would block it while we poll), and is polled so that a
cancelled review kills it at once. `close` always: it kills what still runs and frees the files.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from app.core.errors import OperationCancelled

_POLL_S = 0.05


class ChildProgram:
    """One run of an outside program: `wait` for its exit code and output, `kill`, `close`."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: dict[str, str],
        cwd: Path,
        executable: Path | None = None,
    ) -> None:
        # Open beyond this call on purpose: the program writes into them until close().
        self._out = tempfile.TemporaryFile()  # noqa: SIM115
        self._err = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self.process = subprocess.Popen(
                list(argv),
                executable=str(executable) if executable is not None else None,
                stdin=subprocess.DEVNULL,
                stdout=self._out,
                stderr=self._err,
                env=env,
                cwd=cwd,
                start_new_session=True,  # one process group: kill stops its workers too
            )
        except BaseException:
            self.close()
            raise

    def wait(self, should_cancel: Callable[[], bool]) -> tuple[int, bytes, bytes]:
        """(exit code, stdout, stderr); OperationCancelled, the program killed, when
        `should_cancel` turns true first."""
        while self.process.poll() is None:
            if should_cancel():
                self.kill()
                raise OperationCancelled("review cancelled")
            time.sleep(_POLL_S)
        self._out.seek(0)
        self._err.seek(0)
        return self.process.returncode, self._out.read(), self._err.read()

    def kill(self) -> None:
        if self.process.poll() is not None:
            return
        try:
            if os.name == "nt":
                self.process.kill()
            else:
                os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()

    def close(self) -> None:
        """Kill the program if it still runs, and free its output files."""
        if hasattr(self, "process"):
            self.kill()
        self._out.close()
        self._err.close()
