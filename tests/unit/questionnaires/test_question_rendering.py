"""Showing the current question in a locale: piping, labels, hints, defaults, progress."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from sleeplab_core.kernel.i18n import DictCatalog, Message
from sleeplab_core.questionnaires import (
    MESSAGE_KEYS,
    Accepted,
    Definition,
    RenderedOption,
    RenderedQuestion,
    RunState,
    back,
    render_question,
    start_run,
    submit,
)
from sleeplab_core.questionnaires.messages import PLURAL_KEYS

MALE = {"gender": "male"}


def advance(
    definition: Definition, answers: Sequence[str | list[str]], profile: Mapping[str, object] = MALE
) -> RunState:
    state = start_run(definition, "L0")
    for raw in answers:
        result = submit(definition, state, profile, raw)
        assert isinstance(result, Accepted), result
        state = result.state
    return state


def show(
    definition: Definition,
    state: RunState,
    locale: str,
    catalog: DictCatalog,
    profile: Mapping[str, object] = MALE,
) -> RenderedQuestion:
    rendered = render_question(definition, state, profile, locale, catalog)
    assert rendered is not None
    return rendered


def test_a_number_question_gets_a_hint_with_bounds_and_unit(
    demo: Definition, catalog: DictCatalog
) -> None:
    state = start_run(demo, "L0")

    en, ru = show(demo, state, "en", catalog), show(demo, state, "ru", catalog)

    assert en.text == "What is your height?"
    assert en.input_hint == "A whole number from 120 to 230 cm"
    assert ru.text == "Какой у вас рост?"
    assert ru.input_hint == "Целое число от 120 до 230 см"
    assert en.progress_text == "Question 1 of about 10"
    assert ru.progress_text == "Вопрос 1 из примерно 10"
    assert (en.number, en.total) == (1, 10)
    assert en.progress.key == "questionnaire.progress"
    assert en.options == ()
    assert en.block_title == "About you"


def test_choice_questions_show_their_labels_as_buttons(
    demo: Definition, catalog: DictCatalog
) -> None:
    state = advance(demo, ["182", "80", "40", "23:00", "7h"])

    rendered = show(demo, state, "ru", catalog)

    assert rendered.id == "falling_asleep"
    assert rendered.options[0] == RenderedOption("none", "Не трудно")
    assert rendered.input_hint is None


def test_yes_no_questions_get_localized_yes_and_no_buttons(
    demo: Definition, catalog: DictCatalog
) -> None:
    state = advance(demo, ["182", "80", "40", "23:00", "7h", "1"])

    rendered = show(demo, state, "ru", catalog)

    assert rendered.options == (RenderedOption("yes", "Да"), RenderedOption("no", "Нет"))


def test_earlier_answers_are_piped_into_the_text(demo: Definition, catalog: DictCatalog) -> None:
    state = advance(demo, ["182", "80", "40", "23:00", "7h", "1", "yes"])

    rendered = show(demo, state, "en", catalog)

    assert rendered.text == "Your height is 182 cm. Since when have you been snoring?"
    assert rendered.input_hint == "Up to 200 characters"


def test_calculated_values_are_piped_with_the_locales_decimal_mark(
    demo: Definition, catalog: DictCatalog
) -> None:
    state = advance(demo, ["182", "95", "44", "23:00", "7h", "1", "no", ["sleepy"]])

    en, ru = show(demo, state, "en", catalog), show(demo, state, "ru", catalog)

    assert en.text == "With a BMI of 28.7, have you ever nodded off while driving?"
    assert ru.text == "При ИМТ 28,7: вы когда-нибудь засыпали за рулём?"


def test_after_back_the_earlier_answer_is_the_default(
    demo: Definition, catalog: DictCatalog
) -> None:
    state = advance(demo, ["182", "80", "40", "23:00", "7h 30m"])
    state = back(demo, state, MALE).state  # type: ignore[union-attr]

    rendered = show(demo, state, "ru", catalog)

    assert rendered.id == "sleep_length"
    assert rendered.default_label == "7 ч 30 мин"
    assert rendered.default == 450
    assert rendered.number == 5


def test_a_question_never_answered_has_no_default(demo: Definition, catalog: DictCatalog) -> None:
    assert show(demo, start_run(demo, "L0"), "en", catalog).default is None


def test_a_finished_run_renders_nothing(demo: Definition, catalog: DictCatalog) -> None:
    state = advance(demo, ["182", "70", "40", "23:00", "7h", "1", "no", ["focus"]])

    assert render_question(demo, state, MALE, "en", catalog) is None


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_every_engine_message_has_a_text_in_every_locale(catalog: DictCatalog, locale: str) -> None:
    for key in MESSAGE_KEYS:
        text = catalog.render(
            locale,
            Message(
                key,
                {
                    "min": 1,
                    "max": 2,
                    "unit": "",
                    "value": 3,
                    "option": "x",
                    "length": 4,
                    "n": 1,
                    "total": 2,
                    "hours": 1,
                    "minutes": 5,
                    "answer": "x",
                    "text": "x",
                },
                count=2,
            ),
        )
        assert text


@pytest.mark.parametrize(("locale", "forms"), [("en", 2), ("ru", 3)])
def test_plural_messages_have_every_form_of_the_locale(
    po_texts: dict[str, dict[str, str | tuple[str, ...]]], locale: str, forms: int
) -> None:
    texts = po_texts[locale]

    for key in MESSAGE_KEYS:
        entry = texts[key]
        if key in PLURAL_KEYS:
            assert isinstance(entry, tuple)
            assert len(entry) == forms
        else:
            assert isinstance(entry, str)


def test_russian_plurals_follow_the_number(catalog: DictCatalog) -> None:
    def hint(count: int) -> str:
        return catalog.render("ru", Message("questionnaire.hint.text", {}, count=count))

    assert [hint(n) for n in (1, 3, 5, 21)] == [
        "Не больше 1 символа",
        "Не больше 3 символов",
        "Не больше 5 символов",
        "Не больше 21 символа",
    ]
