"""A rule set compiled once for evaluation: conditions as closures, look-ups precomputed.

The plan is built the first time a rule set is evaluated and kept while the rule set lives;
it holds nothing the rule set does not already say, only in a shape that is cheap to run.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping

import attrs

from sleeplab_core.diagnosis.domains import BoolDomain, ChoiceDomain, Domain, IntDomain
from sleeplab_core.diagnosis.model import Rule, RuleKind, RuleSet

Env = Mapping[str, object]


@attrs.frozen
class CompiledRule:
    """One rule with its condition bound to a closure and its look-ups as tuples."""

    rule: Rule
    holds: Callable[[Env], bool]
    reads: tuple[str, ...]
    params: tuple[tuple[str, str], ...]
    hides: str | None  # the group this rule hides when it fires (exclusive rules only)
    red_flag: bool
    title: str
    documents: tuple[str, ...]  # without repeats, in the rule's order


@attrs.frozen
class Check:
    """A declared name: ``accepts`` is a quick test of a value, ``problem`` says why a value
    it does not accept is outside the domain (or None when it is inside after all)."""

    name: str
    accepts: Callable[[object], bool]
    problem: Callable[[object], str | None]


@attrs.frozen
class Plan:
    """What :func:`evaluate` runs: the checks of the declared names and the compiled rules."""

    checks: tuple[Check, ...]
    rules: tuple[CompiledRule, ...]
    default: CompiledRule
    order: Mapping[str, int]


_PLANS: dict[int, Plan] = {}


def plan_of(ruleset: RuleSet) -> Plan:
    """The plan of ``ruleset``, compiled on first use and dropped with the rule set."""
    plan = _PLANS.get(id(ruleset))
    if plan is None:
        plan = _PLANS[id(ruleset)] = _compile(ruleset)
        weakref.finalize(ruleset, _PLANS.pop, id(ruleset), None)
    return plan


def _compile(ruleset: RuleSet) -> Plan:
    return Plan(
        checks=tuple(
            Check(name, _accepts(domain), domain.problem) for name, domain in ruleset.names.items()
        ),
        rules=tuple(map(_compile_rule, ruleset.rules)),
        default=_compile_rule(ruleset.default),
        order={rule.id: index for index, rule in enumerate(ruleset.rules)},
    )


def _compile_rule(rule: Rule) -> CompiledRule:
    when = rule.when
    return CompiledRule(
        rule=rule,
        holds=(lambda env: False) if when is None else when.predicate,
        reads=rule.reads,
        params=tuple(rule.params.items()),
        hides=rule.group if rule.exclusive else None,
        red_flag=rule.kind is RuleKind.RED_FLAG,
        title=rule.title,
        documents=tuple(dict.fromkeys(rule.documents)),
    )


def _accepts(domain: Domain) -> Callable[[object], bool]:
    """A quick test that accepts only values ``domain.problem`` finds no problem with."""
    if isinstance(domain, BoolDomain):
        return lambda value: value is True or value is False
    if isinstance(domain, IntDomain):
        low, high = domain.low, domain.high
        return lambda value: type(value) is int and low <= value <= high
    if isinstance(domain, ChoiceDomain):
        options = frozenset(domain.options)
        return lambda value: type(value) is str and value in options
    return lambda value: domain.problem(value) is None
