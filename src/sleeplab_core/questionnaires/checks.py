"""Checks of an answer against earlier answers (question key ``checks``, docs/questionnaires.md).

A check is a condition the candidate answer must keep. It is evaluated with the candidate bound
to the question's own id, over the same names a condition sees. A check applies only when
everything it reads has a value: a hidden or unanswered question, or a value that cannot be
computed, never blocks an answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sleeplab_core.kernel.i18n import Message, msg
from sleeplab_core.questionnaires import messages as keys
from sleeplab_core.questionnaires.answers import format_number
from sleeplab_core.questionnaires.environment import Environment, Profile
from sleeplab_core.questionnaires.model import PLACEHOLDER, AnswerValue, Question, localized
from sleeplab_core.questionnaires.plan import AnswerCheck, LevelPlan, Step

MISSING = "—"
"""Shown for a piped value that is missing; the same mark in every locale (as the catalogs'
``questionnaire.answer.missing``)."""

PIPEABLE_ANSWER_TYPES = frozenset({"single", "multiple", "integer", "decimal", "time", "text"})
"""Answer types a check message may pipe: their display needs no message catalog (yes/no
labels and durations are worded by the catalog, which ``submit`` does not get)."""


def failed_check(
    plan: LevelPlan,
    step: Step,
    answers: Mapping[str, AnswerValue],
    profile: Profile,
    value: AnswerValue,
    locale: str,
) -> Message | None:
    """The reason ``value`` breaks a check of ``step``'s question, or None when it keeps all.

    Args:
        answers: the shown answers before this question (see ``shown_answers``).
        value: the candidate answer, as read by ``read_answer``.
        locale: the locale to word the check's message in.
    """
    if not step.checks:
        return None
    env = Environment(plan, {**answers, step.question.id: value}, profile)
    for check in step.checks:
        if not _passes(check, env):
            text = _pipe(localized(check.message, locale), plan, env, locale)
            return msg(keys.ERROR_CHECK, text=text)
    return None


def _passes(check: AnswerCheck, env: Environment) -> bool:
    if any(env.get(name) is None for name in check.valid_if.references()):
        return True
    return check.valid_if.evaluate(env) is None or check.valid_if.holds(env)


def _pipe(text: str, plan: LevelPlan, env: Environment, locale: str) -> str:
    def replace(match: re.Match[str]) -> str:
        if match[0] in ("{{", "}}"):
            return match[0][0]
        kind, _, name = (match[1] or "").partition(".")
        value = _lookup(plan, env, kind, name, locale)
        return MISSING if value is None else value

    return PLACEHOLDER.sub(replace, text)


def _lookup(plan: LevelPlan, env: Environment, kind: str, name: str, locale: str) -> str | None:
    if kind == "answer":
        step = plan.step(name)
        value = env.get(name) if step is not None else None
        return None if step is None or value is None else _answer_text(step.question, value, locale)
    if kind == "calc" and name in plan.calculated:
        return _plain_text(env.get(name), locale)
    if kind == "profile":
        return _plain_text(env.get(f"profile.{name}"), locale)
    return None


def _answer_text(question: Question, value: object, locale: str) -> str | None:
    if question.type not in PIPEABLE_ANSWER_TYPES:
        return None  # rejected at load; kept total for a definition built in code
    if question.type in ("single", "multiple"):
        values = value if isinstance(value, tuple) else (value,)
        options = (question.option(str(item)) for item in values)
        return ", ".join(localized(option.text, locale) for option in options if option)
    return _plain_text(value, locale)


def _plain_text(value: object, locale: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value, locale)
    return str(value)
