"""The short free result after L0: outcomes chosen by conditions over the finished run.

The file format (``sleeplab/content/questionnaire/results/*.toml``) is described in
docs/sleeplab-content.md: urgent outcomes first and always, then the first ``max_findings``
others in file order, or the default when none holds.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sleeplab_core.kernel.errors import SleeplabError
from sleeplab_core.kernel.expressions import Expression, ExpressionError, parse
from sleeplab_core.kernel.i18n import DEFAULT_LOCALE

Localized = dict[str, str]


class ShortResultInvalid(SleeplabError):
    """A result file that cannot be used; the message names the file and the place."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ResultOutcome(_Strict):
    id: str
    title: Localized
    text: Localized
    when: str = "true"
    urgent: bool = False

    @cached_property
    def condition(self) -> Expression:
        return parse(self.when)

    def render(self, locale: str) -> str:
        return f"{_pick(self.title, locale)}\n{_pick(self.text, locale)}"


class ShortResultSet(_Strict):
    questionnaire: str
    level: str
    version: int
    max_findings: int = Field(default=3, ge=1)
    intro: Localized
    closing: Localized
    outcomes: tuple[ResultOutcome, ...]
    default: ResultOutcome

    def choose(self, env: Mapping[str, object]) -> list[ResultOutcome]:
        """The outcomes to show for a finished run's environment, in display order."""
        urgent = [o for o in self.outcomes if o.urgent and o.condition.evaluate(env) is True]
        others = [o for o in self.outcomes if not o.urgent and o.condition.evaluate(env) is True]
        chosen = urgent + others[: self.max_findings]
        return chosen or [self.default]

    def render(self, env: Mapping[str, object], locale: str) -> str:
        parts = [_pick(self.intro, locale)]
        parts += [outcome.render(locale) for outcome in self.choose(env)]
        parts.append(_pick(self.closing, locale))
        return "\n\n".join(parts)

    def references(self) -> frozenset[str]:
        names: set[str] = set()
        for outcome in (*self.outcomes, self.default):
            names |= outcome.condition.references()
        return frozenset(names)


def load_short_results(path: Path) -> ShortResultSet:
    """Read and check a result file.

    Raises:
        ShortResultInvalid: bad TOML, a missing or unknown key, or a condition that does not
            parse — the message names the file and the outcome.
    """
    try:
        results = ShortResultSet.model_validate(tomllib.loads(path.read_text("utf-8")))
    except (tomllib.TOMLDecodeError, ValidationError) as error:
        raise ShortResultInvalid(f"{path.name}: {error}") from error
    for index, outcome in enumerate((*results.outcomes, results.default)):
        try:
            outcome.condition  # noqa: B018 - parse now, not when a user finishes
        except ExpressionError as error:
            raise ShortResultInvalid(f"{path.name}: outcomes[{index}].when: {error}") from error
    return results


def _pick(text: Localized, locale: str) -> str:
    return text.get(locale) or text[DEFAULT_LOCALE]
