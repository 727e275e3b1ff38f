"""Evaluation of a rule set: which rules fire, what the user sees, and why."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sleeplab_core.diagnosis.errors import InvalidEnvironment
from sleeplab_core.diagnosis.model import (
    Diagnosis,
    FiredRule,
    Outcome,
    Rule,
    RuleKind,
    RuleSet,
)
from sleeplab_core.kernel.i18n import Message


def evaluate(ruleset: RuleSet, env: Mapping[str, object]) -> Diagnosis:
    """Apply ``ruleset`` to ``env`` (dotted names to values, see :func:`build_env`).

    Rules run in priority order. A red flag is never hidden; an exclusive rule hides the
    later rules of its group; rules giving the same code merge into one outcome (the most
    severe wins, then the earliest). The default rule fires when no outcome is more severe
    than its own, so every diagnosis has at least one outcome.

    Raises:
        InvalidEnvironment: a declared name holds a value outside its domain (names the
            rule set does not declare are ignored; ``None`` means "not answered").
    """
    check_env(ruleset, env)
    fired = _fire(ruleset.rules, env)
    shown = [item for item in fired if item[1].hidden_by is None]
    outcomes = _merge([rule for rule, _ in shown], env)
    if all(o.severity.rank <= ruleset.default.severity.rank for o in outcomes):
        default = ruleset.default
        fired.append((default, _fired(default, env, hidden_by=None)))
        outcomes.append(_outcome(default, env, default.documents, refer=default.refer))
    order = {rule.id: index for index, rule in enumerate(ruleset.rules)}
    last = len(order)  # the default rule is not among the ordered rules
    outcomes.sort(key=lambda o: (not o.red_flag, -o.severity.rank, order.get(o.rule_id, last)))
    return Diagnosis(
        ruleset_id=ruleset.id,
        ruleset_version=ruleset.version,
        outcomes=tuple(outcomes),
        fired=tuple(record for _, record in fired),
    )


def check_env(ruleset: RuleSet, env: Mapping[str, object]) -> None:
    """Raise :class:`InvalidEnvironment` for the first declared name with a foreign value."""
    for name, domain in ruleset.names.items():
        value = env.get(name)
        if value is not None and (reason := domain.problem(value)) is not None:
            raise InvalidEnvironment(name, value, reason)


def _fire(rules: Sequence[Rule], env: Mapping[str, object]) -> list[tuple[Rule, FiredRule]]:
    fired: list[tuple[Rule, FiredRule]] = []
    hiding: dict[str, str] = {}  # group -> the exclusive rule that fired first in it
    for rule in rules:
        if rule.when is None or not rule.when.holds(env):
            continue
        hidden_by = hiding.get(rule.group) if rule.group is not None else None
        fired.append((rule, _fired(rule, env, hidden_by)))
        if rule.exclusive and rule.group is not None:
            hiding.setdefault(rule.group, rule.id)
    return fired


def _fired(rule: Rule, env: Mapping[str, object], hidden_by: str | None) -> FiredRule:
    return FiredRule(
        rule_id=rule.id,
        condition=rule.condition,
        values={name: env.get(name) for name in rule.reads},
        code=rule.code,
        reason=_explanation(rule, env),
        hidden_by=hidden_by,
    )


def _explanation(rule: Rule, env: Mapping[str, object]) -> Message:
    return Message(rule.explanation, {key: env.get(name) for key, name in rule.params.items()})


def _merge(rules: Sequence[Rule], env: Mapping[str, object]) -> list[Outcome]:
    """One outcome per code: the most severe rule (then the earliest) gives its texts and
    its documents first; the others add their documents and referral."""
    by_code: dict[str, list[Rule]] = {}
    for rule in rules:
        by_code.setdefault(rule.code, []).append(rule)
    outcomes = []
    for group in by_code.values():
        winner = max(group, key=lambda rule: rule.severity.rank)  # max keeps the earliest tie
        ranked = [winner, *(rule for rule in group if rule is not winner)]
        documents = tuple(dict.fromkeys(doc for rule in ranked for doc in rule.documents))
        outcomes.append(_outcome(winner, env, documents, refer=any(r.refer for r in group)))
    return outcomes


def _outcome(
    rule: Rule, env: Mapping[str, object], documents: tuple[str, ...], *, refer: bool
) -> Outcome:
    return Outcome(
        code=rule.code,
        severity=rule.severity,
        title=Message(rule.title),
        explanation=_explanation(rule, env),
        rule_id=rule.id,
        documents=documents,
        refer=refer,
        red_flag=rule.kind is RuleKind.RED_FLAG,
    )
