"""Errors of loading questionnaire definitions."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from sleeplab_core.kernel.errors import SleeplabError


@attrs.frozen
class DefinitionProblem:
    """One thing wrong in a definition file.

    Attributes:
        source: the file name (``"sleeplab.toml"``).
        path: where in the file, e.g. ``"levels.L0.blocks[1].questions[3].show_if"``
            (empty for the whole file).
        message: what is wrong, in words an author can act on.
    """

    source: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}: {self.path}" if self.path else self.source
        return f"{where}: {self.message}"


class DefinitionInvalid(SleeplabError):
    """A definition file failed validation; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[DefinitionProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(map(str, self.problems)))
