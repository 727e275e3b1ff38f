"""Loading a rule set file: TOML -> schema -> rules -> static validation -> :class:`RuleSet`."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from pydantic import ValidationError

from sleeplab_core.diagnosis.domains import (
    BoolDomain,
    ChoiceDomain,
    Domain,
    IntDomain,
    NumberDomain,
    instrument_names,
)
from sleeplab_core.diagnosis.errors import Problem, RuleSetInvalid
from sleeplab_core.diagnosis.model import Rule, RuleKind, RuleSet
from sleeplab_core.diagnosis.schema import NameSpec, RuleSetSpec, RuleSpec
from sleeplab_core.diagnosis.validation import reachability_problems, structural_problems
from sleeplab_core.kernel.expressions import Expression, ExpressionError, parse
from sleeplab_core.scoring import INSTRUMENTS


def load_ruleset(path: str | Path) -> RuleSet:
    """Read, check and build the rule set in the TOML file at ``path``.

    Raises:
        RuleSetInvalid: the file is not TOML, breaks the format, or fails static validation
            (syntax, unknown names, rules that can never fire or never show...);
            ``problems`` lists every error. Unproved suspicions become ``RuleSet.warnings``.
        OSError: the file cannot be read.
    """
    path = Path(path)
    return parse_ruleset(path.read_text(encoding="utf-8"), source=path.name)


def parse_ruleset(text: str, *, source: str = "<rule set>") -> RuleSet:
    """Like :func:`load_ruleset`, from the text of the file."""
    try:
        return _parse_ruleset(text, source)
    except RecursionError:  # a structure nested deeper than any check below can walk
        problem = Problem("too_deep", "nested too deeply to be checked (TOML or a condition)")
        raise RuleSetInvalid(source, [problem]) from None


def _parse_ruleset(text: str, source: str) -> RuleSet:
    spec = _read_spec(text, source)
    names, problems = _declared_names(spec)
    rules: list[Rule] = []
    for rule_spec in spec.rules:
        when, syntax = _condition(rule_spec)
        problems += syntax
        rules.append(_rule(rule_spec, when))
    unparsed = {problem.rule for problem in problems if problem.kind == "syntax"}
    problems += [
        problem
        for problem in structural_problems(rules, names)
        if not (problem.kind == "missing_condition" and problem.rule in unparsed)
    ]
    if problems:
        raise RuleSetInvalid(source, problems)
    default = next(rule for rule in rules if rule.kind is RuleKind.DEFAULT)
    ordered = tuple(
        sorted((r for r in rules if r is not default), key=lambda r: (-r.priority, r.id))
    )
    found = reachability_problems(ordered, default, names)
    errors = [problem for problem in found if not problem.kind.endswith("_unchecked")]
    if errors:
        raise RuleSetInvalid(source, errors)
    header = spec.ruleset
    return RuleSet(
        id=header.id,
        version=header.version,
        rules=ordered,
        default=default,
        names=names,
        questionnaires=header.questionnaires,
        description=header.description,
        warnings=tuple(found),
    )


def _read_spec(text: str, source: str) -> RuleSetSpec:
    try:
        return RuleSetSpec.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        raise RuleSetInvalid(source, [Problem("toml", str(error))]) from error
    except ValidationError as error:
        problems = [
            Problem("format", f"{'.'.join(map(str, e['loc']))}: {e['msg']}") for e in error.errors()
        ]
        raise RuleSetInvalid(source, problems) from error


def _domain(spec: NameSpec) -> Domain:
    if spec.type == "bool":
        return BoolDomain()
    if spec.type == "int":
        return IntDomain(spec.min, spec.max)
    if spec.type == "number":
        return NumberDomain(spec.min, spec.max, spec.step)
    return ChoiceDomain(spec.values)


def _declared_names(spec: RuleSetSpec) -> tuple[dict[str, Domain], list[Problem]]:
    names: dict[str, Domain] = {}
    problems: list[Problem] = []
    for instrument_id in spec.ruleset.instruments:
        if instrument_id not in INSTRUMENTS:
            problems.append(Problem("unknown_instrument", f"no instrument {instrument_id!r}"))
            continue
        names.update(instrument_names(INSTRUMENTS[instrument_id]))
    groups: Mapping[str, Mapping[str, NameSpec]] = {
        "answer.": spec.answers,
        "profile.": spec.profile,
        "": spec.names,
    }
    for prefix, declared in groups.items():
        for key, name_spec in declared.items():
            name = prefix + key
            if name in names:
                problems.append(Problem("duplicate_name", f"{name!r} is declared twice"))
            names[name] = _domain(name_spec)
    return names, problems


def _condition(spec: RuleSpec) -> tuple[Expression | None, list[Problem]]:
    if spec.when is None:
        return None, []
    try:
        return parse(spec.when), []
    except ExpressionError as error:
        message = f"condition: {error.message} at position {error.position}"
        return None, [Problem("syntax", message, spec.id)]


def _rule(spec: RuleSpec, when: Expression | None) -> Rule:
    return Rule(
        id=spec.id,
        kind=spec.kind,
        when=when,
        priority=spec.priority,
        code=spec.code,
        severity=spec.severity,
        title=spec.title or f"diagnosis.{spec.code}.title",
        explanation=spec.explanation,
        params=spec.params,
        documents=spec.documents,
        refer=spec.refer,
        group=spec.group,
        exclusive=spec.exclusive,
    )
