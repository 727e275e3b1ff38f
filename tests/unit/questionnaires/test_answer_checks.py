"""Question checks: an answer tested against earlier answers before it is stored."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sleeplab_core.kernel.expressions import minutes_between, parse
from sleeplab_core.kernel.i18n import DictCatalog
from sleeplab_core.questionnaires import (
    MESSAGE_KEYS,
    Accepted,
    Definition,
    DefinitionInvalid,
    Rejected,
    RunState,
    back,
    current_question,
    parse_definition,
    result_environment,
    start_run,
    submit,
)

NIGHT = """
id = "night"
version = 1

[levels.L0]
calculated = { hours_in_bed = "round(hours_between(bedtime, rise_time), 1)" }

[[levels.L0.blocks]]
id = "night"

[[levels.L0.blocks.questions]]
id = "shift_work"
type = "yes_no"
text = { en = "Do you work night shifts?", ru = "Вы работаете в ночные смены?" }

[[levels.L0.blocks.questions]]
id = "bedtime"
type = "time"
show_if = "not shift_work"
text = { en = "Bedtime?", ru = "Когда ложитесь?" }

[[levels.L0.blocks.questions]]
id = "rise_time"
type = "time"
show_if = "not shift_work"
text = { en = "Rise time?", ru = "Когда встаёте?" }

[[levels.L0.blocks.questions.checks]]
valid_if = "rise_time != bedtime"
message.en = "Not {answer.bedtime} again."
message.ru = "Снова {answer.bedtime}."

[[levels.L0.blocks.questions]]
id = "sleep_length"
type = "duration"
text = { en = "Hours asleep?", ru = "Сколько спите?" }
duration_unit = "hours"
min = 30
max = 960

[[levels.L0.blocks.questions.checks]]
valid_if = "sleep_length <= minutes_between(bedtime, rise_time)"
message.en = "In bed {calc.hours_in_bed} h ({answer.bedtime}-{answer.rise_time})."
message.ru = "В постели {calc.hours_in_bed} ч ({answer.bedtime}–{answer.rise_time})."

[[levels.L0.blocks.questions.checks]]
valid_if = "sleep_length >= 60"
message.en = "At least an hour, {{really}}."
message.ru = "Хотя бы час, {{правда}}."
"""


@pytest.fixture(scope="module")
def night() -> Definition:
    return parse_definition(NIGHT, "night.toml")


def answer_all(definition: Definition, answers: Mapping[str, str]) -> RunState:
    state = start_run(definition, "L0")
    while (question := current_question(definition, state, {})) is not None:
        result = submit(definition, state, {}, answers[question.id])
        assert isinstance(result, Accepted), (question.id, result)
        state = result.state
    return state


def until(definition: Definition, question_id: str, answers: Mapping[str, str]) -> RunState:
    state = start_run(definition, "L0")
    while (question := current_question(definition, state, {})) is not None:
        if question.id == question_id:
            return state
        result = submit(definition, state, {}, answers[question.id])
        assert isinstance(result, Accepted), (question.id, result)
        state = result.state
    raise AssertionError(f"{question_id} was not asked")


EVENING = {"shift_work": "no", "bedtime": "23:30", "rise_time": "07:00"}


def test_an_answer_that_breaks_a_check_is_rejected_with_its_message_and_nothing_stored(
    night: Definition, catalog: DictCatalog
) -> None:
    state = until(night, "sleep_length", EVENING)

    result = submit(night, state, {}, "8 h", locale="ru")

    assert isinstance(result, Rejected)
    assert result.reason.key == "questionnaire.error.check"
    assert catalog.render("ru", result.reason) == "В постели 7,5 ч (23:30–07:00)."
    assert current_question(night, state, {}).id == "sleep_length"  # type: ignore[union-attr]
    assert "sleep_length" not in state.answers


def test_the_check_message_is_worded_in_the_locale_submit_is_given(
    night: Definition, catalog: DictCatalog
) -> None:
    state = until(night, "sleep_length", EVENING)

    result = submit(night, state, {}, "8 h", locale="en")

    assert isinstance(result, Rejected)
    assert catalog.render("en", result.reason) == "In bed 7.5 h (23:30-07:00)."


def test_an_answer_that_keeps_every_check_is_stored(night: Definition) -> None:
    state = until(night, "sleep_length", EVENING)

    result = submit(night, state, {}, "7 h 30 min")

    assert isinstance(result, Accepted)
    assert result.state.answers["sleep_length"] == 450


def test_checks_run_in_order_and_the_first_failing_one_gives_the_reason(
    night: Definition, catalog: DictCatalog
) -> None:
    state = until(night, "sleep_length", EVENING)

    result = submit(night, state, {}, "45 min")

    assert isinstance(result, Rejected)
    assert catalog.render("en", result.reason) == "At least an hour, {really}."


def test_a_check_reads_the_candidate_under_the_questions_own_id(
    night: Definition, catalog: DictCatalog
) -> None:
    state = until(night, "rise_time", EVENING)

    result = submit(night, state, {}, "23:30", locale="en")

    assert isinstance(result, Rejected)
    assert catalog.render("en", result.reason) == "Not 23:30 again."


def test_a_check_over_a_hidden_question_does_not_apply(night: Definition) -> None:
    state = until(night, "sleep_length", {"shift_work": "yes"})

    result = submit(night, state, {}, "16 h")

    assert isinstance(result, Accepted)


def test_going_back_and_shortening_the_night_checks_the_answer_again(night: Definition) -> None:
    state = answer_all(night, {**EVENING, "sleep_length": "7 h"})
    state = back(night, back(night, state, {}).state, {}).state  # type: ignore[union-attr]
    assert current_question(night, state, {}).id == "rise_time"  # type: ignore[union-attr]
    state = submit(night, state, {}, "05:30").state  # type: ignore[union-attr]

    result = submit(night, state, {}, "7 h")

    assert isinstance(result, Rejected)


def test_the_check_message_key_is_an_engine_message(po_texts: dict[str, dict[str, str]]) -> None:
    assert "questionnaire.error.check" in MESSAGE_KEYS
    assert all("{text}" in po_texts[locale]["questionnaire.error.check"] for locale in po_texts)


def expected_rejection(shift_work: bool, bedtime: str, rise_time: str, sleep: int) -> str | None:
    """The question an oracle says a walk is stopped at, from the checks' rules in words."""
    if not shift_work and rise_time == bedtime:
        return "rise_time"
    in_bed = minutes_between(bedtime, rise_time)
    too_long = not shift_work and in_bed is not None and sleep > in_bed
    return "sleep_length" if sleep < 60 or too_long else None


@settings(max_examples=80, deadline=None)
@given(
    shift_work=st.booleans(),
    bedtime=st.integers(0, 1439).map(lambda m: "{:02d}:{:02d}".format(*divmod(m, 60))),
    rise_time=st.integers(0, 1439).map(lambda m: "{:02d}:{:02d}".format(*divmod(m, 60))),
    sleep=st.integers(30, 960),
)
def test_an_accepted_answer_keeps_its_checks_and_a_rejected_one_changes_nothing(
    night: Definition, shift_work: bool, bedtime: str, rise_time: str, sleep: int
) -> None:
    answers = {
        "shift_work": "yes" if shift_work else "no",
        "bedtime": bedtime,
        "rise_time": rise_time,
        "sleep_length": f"{sleep} min",
    }
    questions = {question.id: question for question in night.levels["L0"].questions}
    state = start_run(night, "L0")
    stopped_at = None
    while (question := current_question(night, state, {})) is not None:
        before = state.model_dump_json()

        result = submit(night, state, {}, answers[question.id])

        if isinstance(result, Rejected):
            assert result.reason.key == "questionnaire.error.check"
            assert state.model_dump_json() == before
            stopped_at = question.id
            break
        state = result.state
        env = result_environment(night, state, {})
        assert all(
            applies_and_holds(check.valid_if, env) for check in questions[question.id].checks
        )
    assert stopped_at == expected_rejection(shift_work, bedtime, rise_time, sleep)


def applies_and_holds(source: str, env: Mapping[str, object]) -> bool:
    """A check holds, or does not apply because a name it reads has no value."""
    expression = parse(source)
    if any(env.get(name) is None for name in expression.references()):
        return True
    return expression.holds(env)


# --- load-time validation -----------------------------------------------------------------


def problems_of(text: str) -> list[str]:
    with pytest.raises(DefinitionInvalid) as caught:
        parse_definition(text, "night.toml")
    return [str(problem) for problem in caught.value.problems]


SLEEP_CHECKS = "levels.L0.blocks[0].questions[3].checks"


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        (
            "sleep_length <= minutes_between",
            "sleep_length <= = minutes_between",
            f"{SLEEP_CHECKS}[0].valid_if: expected a value, found '='",
        ),
        (
            "sleep_length >= 60",
            "sleep_length >= naps",
            f"{SLEEP_CHECKS}[1].valid_if: unknown name 'naps'",
        ),
        (
            "rise_time != bedtime",
            "rise_time != sleep_length",
            "questions[2].checks[0].valid_if: a check may only use earlier questions and its "
            "own: 'sleep_length' is not asked before it",
        ),
        (
            "sleep_length >= 60",
            "minutes_between(bedtime) >= 60",
            f"{SLEEP_CHECKS}[1].valid_if: minutes_between() takes two clock times",
        ),
        (
            "rise_time != bedtime",
            "rise_time != '25:00'",
            "questions[2].checks[0].valid_if: comparison always holds: 'rise_time' is a time",
        ),
        (
            'message.ru = "Хотя бы час, {{правда}}."',
            'message.ru = " "',
            f"{SLEEP_CHECKS}[1].message: missing locale 'ru'",
        ),
        (
            "{calc.hours_in_bed} h",
            "{calc.nothing} h",
            f"{SLEEP_CHECKS}[0].message: unknown placeholder {{calc.nothing}}",
        ),
        (
            "Not {answer.bedtime} again.",
            "Not {answer.shift_work} again.",
            "questions[2].checks[0].message: {answer.shift_work}: a check message cannot pipe "
            "a yes_no answer",
        ),
        (
            "In bed {calc.hours_in_bed} h",
            "In bed {answer.sleep_length} h",
            f"{SLEEP_CHECKS}[0].message: {{answer.sleep_length}}: a check message cannot pipe "
            "a duration answer",
        ),
        (
            "{{really}}",
            "{really",
            f"{SLEEP_CHECKS}[1].message: unmatched brace",
        ),
    ],
)
def test_bad_checks_are_load_errors_with_their_path(replace: str, by: str, expected: str) -> None:
    assert NIGHT.count(replace) == 1

    problems = problems_of(NIGHT.replace(replace, by))

    assert any(expected in problem for problem in problems), problems


def test_a_check_needs_a_condition_and_a_message() -> None:
    text = NIGHT.replace('valid_if = "sleep_length >= 60"', "")

    problems = problems_of(text)

    assert any("checks[1].valid_if: required key is missing" in p for p in problems), problems


def test_a_check_may_use_its_own_answer_and_values_calculated_from_it() -> None:
    text = NIGHT.replace(
        'calculated = { hours_in_bed = "round(hours_between(bedtime, rise_time), 1)" }',
        'calculated = { hours_in_bed = "round(hours_between(bedtime, rise_time), 1)", '
        'awake = "minutes_between(bedtime, rise_time) - sleep_length" }',
    ).replace('"sleep_length >= 60"', '"awake >= 0"')

    definition = parse_definition(text, "night.toml")

    assert definition.levels["L0"].questions[3].checks[1].valid_if == "awake >= 0"
