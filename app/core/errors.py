"""One error hierarchy for the whole app.

Every error carries a message a user can act on. Front doors map them: the CLI to an exit
code and one line on stderr, the GUI to an inline banner.
"""

from __future__ import annotations


class AirlockError(Exception):
    """Base of every error Airlock raises on purpose."""

    exit_code = 1


class UserInputError(AirlockError):
    """The user gave something we cannot use (a bad file, an unknown name, a bad value)."""

    exit_code = 2


class ThreatModelError(UserInputError):
    """A threat-model document is malformed: names the file, the field and what was expected."""

    def __init__(
        self,
        problem: str,
        *,
        source: str | None = None,
        field: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.problem = problem
        self.source = source
        self.field = field
        self.expected = expected
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = ": ".join(part for part in (self.source, self.field) if part)
        text = f"{where}: {self.problem}" if where else self.problem
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class ProjectNotFound(UserInputError):
    """No project has the given name."""


class ProjectExists(UserInputError):
    """A project with that name already exists."""


class StorageError(AirlockError):
    """The database could not be read or written (disk full, locked, corrupt)."""

    exit_code = 3


class SchemaTooNew(StorageError):
    """The database was written by a newer Airlock than this one."""


class ModelError(AirlockError):
    """A model file or catalog entry cannot be used."""

    exit_code = 4


class ModelFileError(ModelError):
    """A model file is missing, truncated, not GGUF, or otherwise unusable."""


class ModelHashMismatch(ModelFileError):
    """A model file's SHA-256 differs from the pinned value."""


class ModelNotInstalled(ModelError):
    """The requested model is not installed."""


class EngineError(AirlockError):
    """The inference engine failed."""

    exit_code = 5


class EngineCrashed(EngineError):
    """The engine host process died; the next request starts a new one."""


class EngineCancelled(EngineError):
    """A request was cancelled by the user."""


class NetworkForbidden(AirlockError):
    """Something tried to reach the network while Airlock is offline."""

    exit_code = 6


class InputTooLarge(UserInputError):
    """An input file is larger than Airlock will read."""


class OperationCancelled(AirlockError):
    """The user cancelled a long job (a review, an export); nothing half-done was kept."""

    exit_code = 130
