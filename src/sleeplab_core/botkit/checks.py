"""A rule set checked against the questionnaire it reads, at load time."""

from __future__ import annotations

from collections.abc import Iterator

from sleeplab_core.diagnosis.domains import ChoiceDomain
from sleeplab_core.diagnosis.model import RuleSet
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.questionnaires.model import Definition, Question


class RulesMismatch(ValidationFailed):
    """A rule set names an answer, option value or scale its questionnaire does not have."""


def check_rules_against(ruleset: RuleSet, definition: Definition, *, source: str) -> None:
    """Fail unless every ``answer.<id>`` and ``scale.<name>`` the rules declare exists in
    ``definition`` (choice values included).

    Raises:
        RulesMismatch: naming the file and the declared name, with what exists instead.
    """
    problems = list(_problems(ruleset, definition))
    if problems:
        raise RulesMismatch(f"{source}: " + "; ".join(problems))


def _problems(ruleset: RuleSet, definition: Definition) -> Iterator[str]:
    questions = {q.id: q for q in _questions(definition)}
    calculated = {name for level in definition.levels.values() for name in level.calculated}
    calculated |= {
        name
        for level in definition.levels.values()
        for block in level.blocks
        for name in block.calculated
    }
    scales = {scale for q in questions.values() for scale in _scales(q)}
    for name, domain in ruleset.names.items():
        prefix, _, key = name.partition(".")
        if prefix == "answer" and key not in questions and key not in calculated:
            yield f"[answers].{key}: no question or calculated value {key!r}"
        elif prefix == "answer" and key in questions and isinstance(domain, ChoiceDomain):
            known = {option.value for option in questions[key].options or ()}
            for value in sorted(set(domain.options) - known):
                yield f"[answers].{key}: option {value!r} is not one of {sorted(known)}"
        elif prefix == "scale" and key not in scales:
            yield f"[names].{name}: no question scores the scale {key!r}"


def _questions(definition: Definition) -> Iterator[Question]:
    for level in definition.levels.values():
        for block in level.blocks:
            yield from block.questions


def _scales(question: Question) -> set[str]:
    found = {scale for option in question.options or () for scale in option.scores}
    found |= set(question.yes_scores or {}) | set(question.no_scores or {})
    return found
