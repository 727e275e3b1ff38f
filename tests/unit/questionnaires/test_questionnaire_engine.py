"""The engine on the demo definition: order, branches, back, hidden answers, results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from sleeplab_core.kernel.errors import Conflict, NotFound
from sleeplab_core.questionnaires import (
    Accepted,
    Definition,
    Rejected,
    RunState,
    back,
    collected_answers,
    current_question,
    instrument_inputs,
    is_finished,
    progress,
    result_environment,
    scale_totals,
    start_run,
    submit,
)

FEMALE = {"gender": "female", "age": 52}
MALE = {"gender": "male", "age": 52}

# Answers for every demo question, in file order.
ANSWERS: dict[str, str | list[str]] = {
    "height": "182 cm",
    "weight": "95,5",
    "neck": "44",
    "bedtime": "23:30",
    "sleep_length": "6h 30m",
    "falling_asleep": "moderate",
    "snoring": "yes",
    "snoring_since": "for years",
    "menopause": "after",
    "hot_flashes": "да",
    "daytime": ["sleepy", "focus"],
    "drowsy_driving": "no",
}


def answer(
    definition: Definition, state: RunState, profile: Mapping[str, object], raw: str | Sequence[str]
) -> RunState:
    result = submit(definition, state, profile, raw)
    assert isinstance(result, Accepted), result
    return result.state


def play(
    definition: Definition,
    profile: Mapping[str, object],
    answers: Mapping[str, str | list[str]] = ANSWERS,
) -> tuple[RunState, list[str]]:
    state = start_run(definition, "L0")
    asked = []
    while (question := current_question(definition, state, profile)) is not None:
        asked.append(question.id)
        state = answer(definition, state, profile, answers[question.id])
    return state, asked


def test_a_new_run_records_the_definition_version_and_starts_at_the_first_question(
    demo: Definition,
) -> None:
    state = start_run(demo, "L0")

    assert (state.definition_id, state.definition_version, state.level) == ("demo", 1, "L0")
    assert current_question(demo, state, FEMALE).id == "height"  # type: ignore[union-attr]


def test_starting_an_unknown_level_is_not_found(demo: Definition) -> None:
    with pytest.raises(NotFound):
        start_run(demo, "L9")


def test_women_get_the_womens_block_and_men_skip_it(demo: Definition) -> None:
    _, asked_by_women = play(demo, FEMALE)
    _, asked_by_men = play(demo, MALE)

    assert {"menopause", "hot_flashes"} <= set(asked_by_women)
    assert not {"menopause", "hot_flashes"} & set(asked_by_men)


def test_a_question_shows_only_when_its_condition_holds(demo: Definition) -> None:
    answers = {**ANSWERS, "snoring": "no", "daytime": ["focus"]}

    _, asked = play(demo, MALE, answers)

    assert "snoring_since" not in asked
    assert "drowsy_driving" not in asked


def test_calculated_values_feed_conditions(demo: Definition) -> None:
    heavy = {**ANSWERS, "weight": "95"}  # BMI 28.7 -> the driving question is asked
    light = {**ANSWERS, "weight": "70"}  # BMI 21.1 -> it is not

    assert "drowsy_driving" in play(demo, MALE, heavy)[1]
    assert "drowsy_driving" not in play(demo, MALE, light)[1]


def test_a_finished_run_has_no_current_question_and_rejects_more_input(demo: Definition) -> None:
    state, _ = play(demo, FEMALE)

    result = submit(demo, state, FEMALE, "yes")

    assert is_finished(demo, state, FEMALE)
    assert isinstance(result, Rejected)
    assert result.reason.key == "questionnaire.error.finished"


def test_invalid_input_is_rejected_with_a_reason_and_stores_nothing(demo: Definition) -> None:
    state = start_run(demo, "L0")

    result = submit(demo, state, FEMALE, "999")

    assert isinstance(result, Rejected)
    assert result.reason.key == "questionnaire.error.out_of_range"
    assert result.reason.params == {"value": "999", "min": "120", "max": "230", "unit": " cm"}
    assert state == start_run(demo, "L0")


def test_the_reason_names_the_unit_in_the_users_locale(demo: Definition) -> None:
    result = submit(demo, start_run(demo, "L0"), FEMALE, "abc", locale="ru")

    assert isinstance(result, Rejected)
    assert result.reason.params["unit"] == " см"


def test_back_returns_to_the_previous_shown_question_keeping_the_answer(demo: Definition) -> None:
    state = start_run(demo, "L0")
    for question_id in ("height", "weight"):
        state = answer(demo, state, MALE, ANSWERS[question_id])

    result = back(demo, state, MALE)

    assert isinstance(result, Accepted)
    assert current_question(demo, result.state, MALE).id == "weight"  # type: ignore[union-attr]
    assert result.state.answers["weight"] == 95.5


def test_back_skips_questions_that_were_hidden(demo: Definition) -> None:
    state, _ = play(demo, MALE, {**ANSWERS, "snoring": "no", "daytime": ["focus"]})
    state = back(demo, state, MALE).state  # type: ignore[union-attr]   # -> daytime
    state = back(demo, state, MALE).state  # type: ignore[union-attr]   # -> snoring

    assert current_question(demo, state, MALE).id == "snoring"  # type: ignore[union-attr]


def test_back_at_the_first_question_is_rejected(demo: Definition) -> None:
    result = back(demo, start_run(demo, "L0"), FEMALE)

    assert isinstance(result, Rejected)
    assert result.reason.key == "questionnaire.error.at_first_question"


def test_changing_an_answer_after_back_drops_answers_of_questions_now_hidden(
    demo: Definition,
) -> None:
    state, _ = play(demo, MALE)
    while current_question(demo, state, MALE) is None or (
        current_question(demo, state, MALE).id != "snoring"  # type: ignore[union-attr]
    ):
        state = back(demo, state, MALE).state  # type: ignore[union-attr]

    state = answer(demo, state, MALE, "no")
    while not is_finished(demo, state, MALE):
        question = current_question(demo, state, MALE)
        state = answer(demo, state, MALE, ANSWERS[question.id])  # type: ignore[union-attr]

    assert "snoring_since" in state.answers  # kept as a default...
    assert "snoring_since" not in collected_answers(demo, state, MALE)  # ...but counts for nothing
    assert scale_totals(demo, state, MALE)["apnea"] == 0


def test_answers_of_a_block_hidden_by_a_changed_profile_are_dropped(demo: Definition) -> None:
    state, _ = play(demo, FEMALE)

    as_man = collected_answers(demo, state, MALE)

    assert "menopause" in collected_answers(demo, state, FEMALE)
    assert "menopause" not in as_man
    assert scale_totals(demo, state, MALE)["insomnia_signs"] == 1  # only 'focus' remains


def test_collected_answers_carry_values_not_wording(demo: Definition) -> None:
    state, _ = play(demo, FEMALE)

    collected = collected_answers(demo, state, FEMALE)

    assert collected["falling_asleep"] == "moderate"
    assert collected["snoring"] is True
    assert collected["daytime"] == ["sleepy", "focus"]
    assert collected["sleep_length"] == 390
    assert collected["bedtime"] == "23:30"
    assert collected["weight"] == 95.5


def test_scales_sum_the_weights_of_the_chosen_options(demo: Definition) -> None:
    state, _ = play(demo, FEMALE)

    totals = scale_totals(demo, state, FEMALE)

    assert totals == {"apnea": 1, "insomnia_signs": 2, "isi": 2, "sleepiness": 2}


def test_instrument_inputs_follow_maps_to_for_shown_answers(demo: Definition) -> None:
    state, _ = play(demo, MALE)

    inputs = instrument_inputs(demo, state, MALE)

    assert inputs == {
        "stop_bang": {"neck_cm": 44, "snoring": True, "bmi": 28.8, "sex": "male"},
        "psqi": {"bedtime": "23:30", "sleep_hours": 6.5},
        "isi": {"item1": 2},
    }


def test_the_result_environment_holds_answers_calculated_scales_and_profile(
    demo: Definition,
) -> None:
    state, _ = play(demo, FEMALE)

    env = result_environment(demo, state, FEMALE)

    assert env["snoring"] is True
    assert env["bmi"] == 28.8
    assert env["scale.isi"] == 2
    assert env["profile.gender"] == "female"


def test_progress_counts_the_current_question_of_an_estimated_total(demo: Definition) -> None:
    state = start_run(demo, "L0")
    first = progress(demo, state, MALE)
    state = answer(demo, state, MALE, "182")

    second = progress(demo, state, MALE)

    assert (first.number, second.number) == (1, 2)
    assert first.total == 10  # the women's block is known to be hidden for a man
    assert first.message.key == "questionnaire.progress"
    assert first.message.params == {"n": 1, "total": 10}


def test_progress_of_a_finished_run_is_complete(demo: Definition) -> None:
    state, asked = play(demo, MALE)

    done = progress(demo, state, MALE)

    assert done.number == done.total == len(asked)


def test_a_state_of_another_version_is_refused(demo: Definition) -> None:
    state = start_run(demo, "L0").model_copy(update={"definition_version": 2})

    with pytest.raises(Conflict):
        current_question(demo, state, MALE)


def test_the_engine_never_changes_the_state_it_is_given(demo: Definition) -> None:
    state = answer(demo, start_run(demo, "L0"), MALE, "182")
    before = state.model_dump()

    submit(demo, state, MALE, "95")
    back(demo, state, MALE)
    progress(demo, state, MALE)

    assert state.model_dump() == before
