"""Errors of the diagnosis engine: a broken rule set, or an environment it cannot judge."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from sleeplab_core.kernel.errors import ValidationFailed


@attrs.frozen
class Problem:
    """One finding of the static validation of a rule set.

    ``rule`` is the rule id (``None`` for the rule set as a whole); ``kind`` is a short
    machine-readable tag (``unknown_reference``, ``never_fires``, ``shadowed``...).
    """

    kind: str
    message: str
    rule: str | None = None

    def __str__(self) -> str:
        where = f"rule {self.rule!r}: " if self.rule else ""
        return f"{where}{self.message} [{self.kind}]"


class RuleSetInvalid(ValidationFailed):
    """A rule set file failed validation; ``problems`` lists every error found."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        listing = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{source} is not a valid rule set:\n{listing}")
        self.source = source
        self.problems = tuple(problems)


class InvalidEnvironment(ValidationFailed):
    """A value in the environment lies outside the domain its name declares."""

    def __init__(self, name: str, value: object, reason: str) -> None:
        super().__init__(f"{value!r} {reason}", field=name)
        self.name = name
        self.value = value
