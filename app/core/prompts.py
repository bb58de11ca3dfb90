"""Prompts are data: versioned templates under resources/prompts/, each with its SHA-256.

A template file is named `<name>.<version>.txt` (e.g. `review.system.v1.txt`) and uses
`$placeholders` (string.Template), so braces in code or JSON need no escaping. The SHA-256 of
each template used is stored with every review, so a result can be traced to its prompt.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from string import Template

from app.core.errors import AirlockError
from app.core.resources import resource_path

_FILE_NAME = re.compile(r"^(?P<name>.+)\.(?P<version>v\d+)\.txt$")


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    version: str
    text: str

    @property
    def sha256(self) -> str:
        return sha256_text(self.text)

    @property
    def key(self) -> str:
        return f"{self.name}.{self.version}"

    def render(self, **values: str) -> str:
        return Template(self.text).substitute(values)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def load_prompt(name: str) -> PromptTemplate:
    """The newest version of prompt `name` shipped in resources/prompts/."""
    versions = sorted(
        (int(m["version"][1:]), path)
        for path in resource_path("prompts").glob(f"{name}.v*.txt")
        if (m := _FILE_NAME.match(path.name)) and m["name"] == name
    )
    if not versions:
        raise AirlockError(f"prompt template {name!r} is missing from resources/prompts")
    number, path = versions[-1]
    return PromptTemplate(name, f"v{number}", path.read_text(encoding="utf-8"))
