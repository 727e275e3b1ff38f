"""Static validation of a rule set: structure, references, rules that cannot fire or show.

Structural problems are always errors. Questions answered by searching the domains
(:mod:`~sleeplab_core.diagnosis.search`) are errors when proved and warnings when the search
was too large to be complete.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence

from sleeplab_core.diagnosis.domains import Domain
from sleeplab_core.diagnosis.errors import Problem
from sleeplab_core.diagnosis.model import Rule, RuleKind, Severity
from sleeplab_core.diagnosis.search import Env, Found, search


def structural_problems(rules: Sequence[Rule], names: Mapping[str, Domain]) -> list[Problem]:
    """Problems visible without evaluating anything."""
    problems = list(_duplicate_ids(rules))
    problems += _default_problems(rules)
    for rule in rules:
        problems += _kind_problems(rule)
        problems += _reference_problems(rule, names)
    problems += _red_flag_code_problems(rules)
    return problems


def _duplicate_ids(rules: Sequence[Rule]) -> Iterator[Problem]:
    for rule_id, count in Counter(rule.id for rule in rules).items():
        if count > 1:
            yield Problem("duplicate_id", f"{count} rules share this id", rule_id)


def _default_problems(rules: Sequence[Rule]) -> list[Problem]:
    defaults = [rule for rule in rules if rule.kind is RuleKind.DEFAULT]
    if len(defaults) != 1:
        found = ", ".join(rule.id for rule in defaults) or "none"
        return [Problem("default", f"exactly one default rule is required (found: {found})")]
    return []


def _kind_problems(rule: Rule) -> Iterator[Problem]:
    if rule.kind is RuleKind.DEFAULT:
        if rule.when is not None:
            yield Problem("default", "the default rule has no condition", rule.id)
        if rule.severity.rank > Severity.INFO.rank:
            yield Problem("default", "the default rule's severity is at most info", rule.id)
    elif rule.when is None:
        yield Problem("missing_condition", "every rule but the default needs 'when'", rule.id)
    if rule.kind is RuleKind.RED_FLAG:
        if rule.severity is not Severity.URGENT or not rule.refer:
            yield Problem("red_flag", "a red flag has severity urgent and refer = true", rule.id)
        if rule.group is not None:
            yield Problem("red_flag", "a red flag cannot be in a group (none may hide it)", rule.id)
    elif rule.severity is Severity.URGENT:
        yield Problem("red_flag", "severity urgent is reserved for red-flag rules", rule.id)
    if rule.exclusive and rule.group is None:
        yield Problem("exclusive", "an exclusive rule needs a group to hide rules in", rule.id)


def _reference_problems(rule: Rule, names: Mapping[str, Domain]) -> Iterator[Problem]:
    for name in sorted(rule.references - names.keys()):
        yield Problem("unknown_reference", f"the condition reads undeclared name {name!r}", rule.id)
    for placeholder, name in sorted(rule.params.items()):
        if name not in names:
            message = f"param {placeholder!r} reads undeclared name {name!r}"
            yield Problem("unknown_reference", message, rule.id)


def _red_flag_code_problems(rules: Sequence[Rule]) -> Iterator[Problem]:
    codes = Counter(rule.code for rule in rules)
    for rule in rules:
        if rule.kind is RuleKind.RED_FLAG and codes[rule.code] > 1:
            yield Problem(
                "red_flag", f"code {rule.code!r} must belong to this red flag only", rule.id
            )


# --- questions answered by search ------------------------------------------------------------


def reachability_problems(
    ordered: Sequence[Rule], default: Rule, names: Mapping[str, Domain]
) -> list[Problem]:
    """Rules that can never fire, rules whose outcome can never show, an unreachable default.

    ``ordered`` holds the non-default rules in evaluation order.
    """
    problems = [p for rule in ordered if (p := _never_fires(rule, names))]
    for rule, other in _shadow_candidates(ordered):
        if problem := _shadowed(rule, other, names):
            problems.append(problem)
    if problem := _default_unreachable(ordered, default, names):
        problems.append(problem)
    return problems


def _holds(rule: Rule, env: Env) -> bool:
    return rule.when is not None and rule.when.holds(env)


def _verdict(found: Found, rule: Rule, kind: str, proved: str, unproved: str) -> Problem | None:
    if found is Found.NO:
        return Problem(kind, proved, rule.id)
    if found is Found.UNKNOWN:
        return Problem(f"{kind}_unchecked", unproved, rule.id)
    return None


def _never_fires(rule: Rule, names: Mapping[str, Domain]) -> Problem | None:
    found = search(names, tuple(rule.references), lambda env: _holds(rule, env), seed=rule.id)
    return _verdict(
        found,
        rule,
        "never_fires",
        "no values of the declared names make the condition true",
        "the domains are too large to prove the rule can fire; no example was found",
    )


def _shadow_candidates(ordered: Sequence[Rule]) -> Iterator[tuple[Rule, Rule]]:
    """Pairs (rule, other) where ``other`` firing would keep ``rule``'s outcome out."""
    hideable = _hideable(ordered)
    for index, rule in enumerate(ordered):
        for other_index, other in enumerate(ordered):
            first = other_index < index
            if other is not rule and _can_shadow(other, rule, first, other.id in hideable):
                yield rule, other


def _hideable(ordered: Sequence[Rule]) -> set[str]:
    """Ids of rules that an earlier exclusive rule of their group may hide."""
    hideable: set[str] = set()
    exclusive_groups: set[str] = set()
    for rule in ordered:
        if rule.group in exclusive_groups:
            hideable.add(rule.id)
        if rule.exclusive and rule.group is not None:
            exclusive_groups.add(rule.group)
    return hideable


def _can_shadow(other: Rule, rule: Rule, other_first: bool, other_hideable: bool) -> bool:
    """Whether ``other`` firing would keep ``rule``'s outcome out of every result."""
    if rule.kind is RuleKind.RED_FLAG:
        return False
    hides = other_first and other.exclusive and other.group is not None
    if hides and other.group == rule.group:
        return True
    # a same-code winner that may itself be hidden does not reliably take the outcome
    if other.code != rule.code or other_hideable:
        return False
    graver = other.severity.rank > rule.severity.rank
    return graver or (other.severity is rule.severity and other_first)


def _shadowed(rule: Rule, other: Rule, names: Mapping[str, Domain]) -> Problem | None:
    found = search(
        names,
        tuple(rule.references | other.references),
        lambda env: _holds(rule, env) and not _holds(other, env),
        seed=f"{other.id}>{rule.id}",
    )
    how = "gives the same code, at least as severe" if other.code == rule.code else "hides it"
    return _verdict(
        found,
        rule,
        "shadowed",
        f"whenever it fires, {other.id!r} fires too and {how}",
        f"{other.id!r} may shadow it (no counterexample found; domains too large to prove)",
    )


def _default_unreachable(
    ordered: Sequence[Rule], default: Rule, names: Mapping[str, Domain]
) -> Problem | None:
    graver = [rule for rule in ordered if rule.severity.rank > default.severity.rank]
    refs = tuple(frozenset().union(*(rule.references for rule in graver)))
    found = search(
        names,
        refs,
        lambda env: not any(_holds(rule, env) for rule in graver),
        seed=default.id,
    )
    return _verdict(
        found,
        default,
        "never_fires",
        "a more severe rule fires for every input, so the default never does",
        "could not show an input for which the default fires",
    )
