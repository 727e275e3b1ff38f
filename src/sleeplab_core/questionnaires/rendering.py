"""Showing a question in a locale: piped text, option labels, an input hint, the default."""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from sleeplab_core.kernel.i18n import Catalog, Message, msg
from sleeplab_core.questionnaires import messages as keys
from sleeplab_core.questionnaires.answers import (
    DEFAULT_MAX_LENGTH,
    duration_bounds,
    format_number,
    unit_suffix,
)
from sleeplab_core.questionnaires.engine import current_step, progress
from sleeplab_core.questionnaires.environment import Environment, Profile, shown_answers
from sleeplab_core.questionnaires.model import (
    PLACEHOLDER,
    AnswerValue,
    Definition,
    Question,
    localized,
)
from sleeplab_core.questionnaires.plan import LevelPlan, plan_for_state
from sleeplab_core.questionnaires.state import RunState


@attrs.frozen
class RenderedOption:
    """A button: ``value`` is what to submit, ``label`` what to show."""

    value: str
    label: str


@attrs.frozen
class RenderedQuestion:
    """Everything a channel needs to show the current question in one locale.

    Attributes:
        id: the question's id.
        type: the question type (``single``, ``multiple``, ``integer``...).
        text: the question text with earlier answers piped in.
        hint: the question's own explanation, piped, or None.
        input_hint: how to type the answer ("A whole number from 120 to 230 cm"), or None.
        options: buttons in order (yes/no questions get two: ``yes`` and ``no``).
        default: the earlier answer as stored (after ``back``; a tuple for multiple choice),
            or None. Compare it with ``RenderedOption.value`` to mark the chosen buttons.
        default_label: that answer as the user sees it ("7 h 30 min"), or None; the key
            ``questionnaire.default_answer`` words it ("Your earlier answer: {answer}").
        number: the position of this question on the user's path (1-based).
        total: the estimated number of questions in the run.
        progress: "Question {n} of about {total}" as a message.
        progress_text: the same, rendered in the locale.
        block_title: the title of the question's block, or None.
    """

    id: str
    type: str
    text: str
    hint: str | None
    input_hint: str | None
    options: tuple[RenderedOption, ...]
    default: AnswerValue | None
    default_label: str | None
    number: int
    total: int
    progress: Message
    progress_text: str
    block_title: str | None


def render_question(
    definition: Definition,
    state: RunState,
    profile: Profile,
    locale: str,
    catalog: Catalog,
) -> RenderedQuestion | None:
    """The current question ready to show in ``locale``, or None when the run is finished.

    Raises:
        Conflict: ``state`` belongs to another definition or version.
    """
    plan = plan_for_state(definition, state)
    answers = shown_answers(plan, state, profile)
    step = current_step(plan, state, profile)
    if step is None:
        return None
    question = step.question
    pipe = _Piper(plan, answers, profile, locale, catalog)
    stored = state.answers.get(question.id)
    where = progress(definition, state, profile)
    return RenderedQuestion(
        id=question.id,
        type=question.type,
        text=pipe(localized(question.text, locale)),
        hint=pipe(localized(question.hint, locale)) if question.hint else None,
        input_hint=_render(catalog, locale, input_hint(question, locale)),
        options=rendered_options(question, locale, catalog),
        default=stored,
        default_label=None if stored is None else display_answer(question, stored, locale, catalog),
        number=where.number,
        total=where.total,
        progress=where.message,
        progress_text=catalog.render(locale, where.message),
        block_title=localized(step.block.title, locale) if step.block.title else None,
    )


def _render(catalog: Catalog, locale: str, message: Message | None) -> str | None:
    return None if message is None else catalog.render(locale, message)


def rendered_options(
    question: Question, locale: str, catalog: Catalog
) -> tuple[RenderedOption, ...]:
    """The buttons of a question in ``locale``."""
    if question.type == "yes_no":
        return (
            RenderedOption("yes", catalog.render(locale, msg(keys.ANSWER_YES))),
            RenderedOption("no", catalog.render(locale, msg(keys.ANSWER_NO))),
        )
    return tuple(
        RenderedOption(option.value, localized(option.text, locale)) for option in question.choices
    )


def input_hint(question: Question, locale: str) -> Message | None:
    """How to type an answer to ``question``, as a message, or None for choice questions."""
    if question.type in ("integer", "decimal"):
        assert question.min is not None  # guaranteed by load-time validation
        assert question.max is not None
        key = keys.HINT_WHOLE_NUMBER if question.type == "integer" else keys.HINT_NUMBER
        return msg(
            key,
            min=format_number(question.min, locale),
            max=format_number(question.max, locale),
            unit=unit_suffix(question, locale),
        )
    if question.type == "duration":
        low, high = duration_bounds(question)
        return msg(keys.HINT_DURATION, min=low, max=high)
    simple = {"time": keys.HINT_TIME, "multiple": keys.HINT_MULTIPLE}
    if question.type in simple:
        return msg(simple[question.type])
    if question.type == "text":
        return msg(keys.HINT_TEXT, question.max_length or DEFAULT_MAX_LENGTH)
    return None


def display_answer(question: Question, value: AnswerValue, locale: str, catalog: Catalog) -> str:
    """An answer as the user sees it in ``locale``."""
    if question.type == "yes_no":
        return catalog.render(locale, msg(keys.ANSWER_YES if value is True else keys.ANSWER_NO))
    if question.type in ("single", "multiple"):
        values = value if isinstance(value, tuple) else (value,)
        options = (question.option(str(item)) for item in values)
        return ", ".join(localized(option.text, locale) for option in options if option)
    if question.type == "duration" and isinstance(value, int):
        return display_duration(value, locale, catalog)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value, locale)
    return str(value)


def display_duration(minutes: int, locale: str, catalog: Catalog) -> str:
    """``"7 h 30 min"`` in the locale's words."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return catalog.render(locale, msg(keys.DURATION_HOURS_MINUTES, hours=hours, minutes=rest))
    if hours:
        return catalog.render(locale, msg(keys.DURATION_HOURS, hours=hours))
    return catalog.render(locale, msg(keys.DURATION_MINUTES, minutes=rest))


@attrs.define
class _Piper:
    plan: LevelPlan
    answers: Mapping[str, AnswerValue]
    profile: Profile
    locale: str
    catalog: Catalog

    def __call__(self, text: str) -> str:
        return PLACEHOLDER.sub(self._replace, text)

    def _replace(self, match: re.Match[str]) -> str:
        if match[0] in ("{{", "}}"):
            return match[0][0]
        kind, _, name = (match[1] or "").partition(".")
        value = self._lookup(kind, name)
        return (
            value
            if value is not None
            else self.catalog.render(self.locale, msg(keys.ANSWER_MISSING))
        )

    def _lookup(self, kind: str, name: str) -> str | None:
        if kind == "answer":
            step = self.plan.step(name)
            value = self.answers.get(name)
            if step is None or value is None:
                return None
            return display_answer(step.question, value, self.locale, self.catalog)
        if kind == "calc":
            calculated = Environment(self.plan, self.answers, self.profile).get(name)
            return _display_plain(calculated, self.locale)
        if kind == "profile":
            return _display_plain(self.profile.get(name), self.locale)
        return None


def _display_plain(value: object, locale: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value, locale)
    return str(value)
