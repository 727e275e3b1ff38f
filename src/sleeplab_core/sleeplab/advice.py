"""Personal advice: what to do, chosen from the user's own answers, each with why it applies.

The pieces and their conditions are data (``content/advice.toml``); the texts are message
keys ``sleeplab.advice.<id>.text`` and ``sleeplab.advice.<id>.why``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib import resources

import attrs

from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.kernel.expressions import Expression, ExpressionError, parse
from sleeplab_core.kernel.i18n import Message

ADVICE_FILE = "advice.toml"


@attrs.frozen
class AdviceRule:
    """One piece of advice and when it applies (``params`` name values for its texts)."""

    id: str
    when: Expression
    params: Mapping[str, str] = attrs.field(factory=dict)

    def text(self, env: Mapping[str, object]) -> Advice:
        values = {key: _shown(env.get(name)) for key, name in self.params.items()}
        return Advice(
            self.id,
            Message(f"sleeplab.advice.{self.id}.text", values),
            Message(f"sleeplab.advice.{self.id}.why", values),
        )


@attrs.frozen
class Advice:
    """What to do (``text``) and why it applies to this person (``why``)."""

    id: str
    text: Message
    why: Message


@attrs.frozen
class AdviceBook:
    """The advice in priority order, how many pieces to give, and the one for everybody."""

    rules: tuple[AdviceRule, ...]
    limit: int
    fallback: str

    def choose(self, env: Mapping[str, object]) -> tuple[Advice, ...]:
        """The pieces whose condition holds for ``env`` (at most ``limit``, in order); the
        fallback alone when none does."""
        chosen = [r for r in self.rules if r.id != self.fallback and r.when.holds(env)]
        if not chosen:
            chosen = [r for r in self.rules if r.id == self.fallback]
        return tuple(rule.text(env) for rule in chosen[: self.limit])


def parse_advice(text: str) -> AdviceBook:
    """Raises:
    ValidationFailed: not TOML, a condition that does not parse, or an unknown fallback.
    """
    try:
        data = tomllib.loads(text)
        rules = tuple(
            AdviceRule(str(raw["id"]), parse(str(raw["when"])), dict(raw.get("params", {})))
            for raw in data.get("advice", [])
        )
    except (tomllib.TOMLDecodeError, ExpressionError, KeyError) as error:
        raise ValidationFailed(f"advice: {error}", field="advice") from None
    fallback = str(data.get("fallback", ""))
    if fallback not in {rule.id for rule in rules}:
        raise ValidationFailed(f"advice: no piece {fallback!r} to fall back on", field="fallback")
    return AdviceBook(rules, int(data.get("limit", 8)), fallback)


def shipped_advice() -> AdviceBook:
    """SleepLab's own advice (``content/advice.toml``)."""
    content = resources.files("sleeplab_core.sleeplab").joinpath("content", ADVICE_FILE)
    return parse_advice(content.read_text("utf-8"))


def _shown(value: object) -> object:
    """Hours as people write them: ``6.5`` stays, ``7.0`` becomes ``7``."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
