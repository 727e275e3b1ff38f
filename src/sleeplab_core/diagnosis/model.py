"""Rules, rule sets and the diagnosis they produce."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

import attrs

from sleeplab_core.diagnosis.domains import Domain
from sleeplab_core.diagnosis.errors import Problem
from sleeplab_core.kernel.expressions import Expression
from sleeplab_core.kernel.i18n import Message


def _frozen(value: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType(dict(value))


class Severity(StrEnum):
    """How serious an outcome is, in ascending order; ``urgent`` is reserved for red flags."""

    NONE = "none"
    INFO = "info"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANKS[self]


_SEVERITY_RANKS = {severity: rank for rank, severity in enumerate(Severity)}


class RuleKind(StrEnum):
    ORDINARY = "ordinary"
    RED_FLAG = "red_flag"  # never hidden, always listed first
    DEFAULT = "default"  # fires when nothing more severe than itself did


@attrs.frozen
class Rule:
    """One rule: when ``when`` holds, it yields the outcome ``code`` with ``severity``.

    ``params`` maps placeholders of the explanation text to environment names.
    An ``exclusive`` rule hides the rules after it in the same ``group``. ``reads`` lists
    the names the condition reads, sorted.
    """

    id: str
    kind: RuleKind
    when: Expression | None
    priority: int
    code: str
    severity: Severity
    title: str
    explanation: str
    params: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen)
    documents: tuple[str, ...] = ()
    refer: bool = False
    group: str | None = None
    exclusive: bool = False
    reads: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)

    @reads.default
    def _reads(self) -> tuple[str, ...]:
        return () if self.when is None else tuple(sorted(self.when.references()))

    @property
    def references(self) -> frozenset[str]:
        """Every name the condition reads."""
        return frozenset(self.reads)

    @property
    def condition(self) -> str:
        return "(default)" if self.when is None else self.when.source


@attrs.frozen
class RuleSet:
    """A validated rule set. ``rules`` are in evaluation order (priority, then id)."""

    id: str
    version: str
    rules: tuple[Rule, ...]
    default: Rule
    names: Mapping[str, Domain] = attrs.field(converter=_frozen)
    questionnaires: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen)
    description: str = ""
    warnings: tuple[Problem, ...] = ()


@attrs.frozen
class FiredRule:
    """A rule whose condition held, with the values that made it hold.

    ``hidden_by`` names the exclusive rule that kept its outcome out of the result.
    """

    rule_id: str
    condition: str
    values: Mapping[str, object] = attrs.field(converter=_frozen)
    code: str
    reason: Message
    hidden_by: str | None = None


@attrs.frozen
class Outcome:
    """One diagnosis code with its severity, texts (message keys) and recommendations."""

    code: str
    severity: Severity
    title: Message
    explanation: Message
    rule_id: str
    documents: tuple[str, ...] = ()
    refer: bool = False
    red_flag: bool = False


@attrs.frozen
class Diagnosis:
    """The outcomes of a rule set for one environment and the rules that fired.

    ``outcomes`` are sorted: red flags first, then by severity (highest first), then by
    rule order. There is always at least one outcome.
    """

    ruleset_id: str
    ruleset_version: str
    outcomes: tuple[Outcome, ...]
    fired: tuple[FiredRule, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(outcome.code for outcome in self.outcomes)

    @property
    def urgent(self) -> bool:
        """True when a red flag fired: the user must be told to see a doctor now."""
        return any(outcome.red_flag for outcome in self.outcomes)

    @property
    def referrals(self) -> tuple[Outcome, ...]:
        return tuple(outcome for outcome in self.outcomes if outcome.refer)

    @property
    def documents(self) -> tuple[str, ...]:
        """Recommended document ids of all outcomes, in outcome order, without repeats."""
        return tuple(dict.fromkeys(doc for outcome in self.outcomes for doc in outcome.documents))
