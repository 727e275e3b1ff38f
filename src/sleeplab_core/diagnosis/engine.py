"""Evaluation of a rule set: which rules fire, what the user sees, and why."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sleeplab_core.diagnosis.errors import InvalidEnvironment
from sleeplab_core.diagnosis.model import Diagnosis, FiredRule, Outcome, RuleSet
from sleeplab_core.diagnosis.plan import Check, CompiledRule, plan_of
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
    plan = plan_of(ruleset)
    _check(plan.checks, env)
    fired = _fire(plan.rules, env)
    outcomes = _merge([pair for pair in fired if pair[1].hidden_by is None])
    default = plan.default
    if all(o.severity.rank <= default.rule.severity.rank for o in outcomes):
        record = _fired(default, env, hidden_by=None)
        fired.append((default, record))
        outcomes.append(_outcome(default, record, default.rule.documents, refer=default.rule.refer))
    order, last = plan.order, len(plan.order)  # the default rule is not among the ordered
    outcomes.sort(key=lambda o: (not o.red_flag, -o.severity.rank, order.get(o.rule_id, last)))
    return Diagnosis(
        ruleset_id=ruleset.id,
        ruleset_version=ruleset.version,
        outcomes=tuple(outcomes),
        fired=tuple(record for _, record in fired),
    )


def check_env(ruleset: RuleSet, env: Mapping[str, object]) -> None:
    """Raise :class:`InvalidEnvironment` for the first declared name with a foreign value."""
    _check(plan_of(ruleset).checks, env)


def _check(checks: Sequence[Check], env: Mapping[str, object]) -> None:
    get = env.get
    for check in checks:
        value = get(check.name)
        if value is None or check.accepts(value):
            continue
        if (reason := check.problem(value)) is not None:
            raise InvalidEnvironment(check.name, value, reason)


def _fire(
    rules: Sequence[CompiledRule], env: Mapping[str, object]
) -> list[tuple[CompiledRule, FiredRule]]:
    fired: list[tuple[CompiledRule, FiredRule]] = []
    hiding: dict[str, str] = {}  # group -> the exclusive rule that fired first in it
    for compiled in rules:
        if not compiled.holds(env):
            continue
        group = compiled.rule.group
        hidden_by = hiding.get(group) if group is not None else None
        fired.append((compiled, _fired(compiled, env, hidden_by)))
        if compiled.hides is not None:
            hiding.setdefault(compiled.hides, compiled.rule.id)
    return fired


def _fired(compiled: CompiledRule, env: Mapping[str, object], hidden_by: str | None) -> FiredRule:
    rule, get = compiled.rule, env.get
    return FiredRule(
        rule_id=rule.id,
        condition=rule.condition,
        values={name: get(name) for name in compiled.reads},
        code=rule.code,
        reason=_explanation(compiled, env),
        hidden_by=hidden_by,
    )


def _explanation(compiled: CompiledRule, env: Mapping[str, object]) -> Message:
    get = env.get
    return Message(compiled.rule.explanation, {key: get(name) for key, name in compiled.params})


def _merge(fired: Sequence[tuple[CompiledRule, FiredRule]]) -> list[Outcome]:
    """One outcome per code: the most severe rule (then the earliest) gives its texts and
    its documents first; the others add their documents and referral. An outcome reuses
    the explanation its rule's record already built."""
    by_code: dict[str, list[tuple[CompiledRule, FiredRule]]] = {}
    for pair in fired:
        by_code.setdefault(pair[0].rule.code, []).append(pair)
    outcomes = []
    for group in by_code.values():
        if len(group) == 1:
            only, record = group[0]
            outcomes.append(_outcome(only, record, only.documents, refer=only.rule.refer))
            continue
        winner = max(group, key=lambda pair: pair[0].rule.severity.rank)  # keeps the earliest
        ranked = [winner, *(pair for pair in group if pair is not winner)]
        documents = tuple(dict.fromkeys(doc for c, _ in ranked for doc in c.rule.documents))
        refer = any(c.rule.refer for c, _ in group)
        outcomes.append(_outcome(winner[0], winner[1], documents, refer=refer))
    return outcomes


def _outcome(
    compiled: CompiledRule, record: FiredRule, documents: tuple[str, ...], *, refer: bool
) -> Outcome:
    rule = compiled.rule
    return Outcome(
        code=rule.code,
        severity=rule.severity,
        title=Message(compiled.title),
        explanation=record.reason,
        rule_id=rule.id,
        documents=documents,
        refer=refer,
        red_flag=compiled.red_flag,
    )
