"""SleepLab's questionnaire content (docs/sleeplab-content.md) loads, maps and branches.

The content is data: these tests read the shipped files, walk them through the public engine
API and hand the collected instrument inputs to the scoring library.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Iterator, Mapping
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

import sleeplab_core
from sleeplab_core.kernel.i18n import SUPPORTED_LOCALES, DictCatalog
from sleeplab_core.questionnaires import (
    Accepted,
    Definition,
    Question,
    QuestionnaireLibrary,
    RawInput,
    Rejected,
    RunState,
    collected_answers,
    current_question,
    instrument_inputs,
    load_definition,
    result_environment,
    start_run,
    submit,
)
from sleeplab_core.scoring import score
from sleeplab_core.sleeplab.short_result import ShortResultSet, load_short_results

CONTENT = Path(sleeplab_core.__file__).parent / "sleeplab" / "content" / "questionnaire"
DEFINITION_FILE = CONTENT / "sleeplab.toml"
L0_RESULT_FILE = CONTENT / "results" / "sleeplab_l0.toml"
DIAGNOSIS_RULES_FILE = CONTENT.parent / "rules" / "sleeplab.toml"

# What the scoring library needs (docs/scoring.md), per level where SleepLab collects it.
PSQI_ITEMS = (
    "bedtime",
    "rise_time",
    "latency_min",
    "sleep_hours",
    *(f"q5{letter}" for letter in "abcdefghij"),
    "quality",
    "medication",
    "stay_awake",
    "enthusiasm",
)
STOP_BANG_ITEMS = ("snoring", "tired", "observed", "pressure", "bmi", "age", "neck_cm", "sex")
CHECK_FAILED = "questionnaire.error.check"
MAX_TRIES = 12
SEQUENCE_LENGTHS = {"isi": 7, "ess": 8, "rmeq": 5, "promis_sleep_disturbance_8a": 8}
REQUIRED_INPUTS: dict[str, set[str]] = {
    "L0": set(),
    "L1": {
        *(f"isi.item{n}" for n in range(1, 8)),
        *(f"ess.item{n}" for n in range(1, 9)),
        *(f"psqi.{item}" for item in PSQI_ITEMS),
        *(f"stop_bang.{item}" for item in STOP_BANG_ITEMS),
    },
    "L2": {
        *(f"rmeq.item{n}" for n in range(1, 6)),
        *(f"promis_sleep_disturbance_8a.item{n}" for n in range(1, 9)),
    },
}
# The instrument's point values each option set must offer exactly.
POINT_SCALES: dict[str, set[object]] = {
    "isi": {0, 1, 2, 3, 4},
    "ess": {0, 1, 2, 3},
    "psqi": {0, 1, 2, 3},
    "promis_sleep_disturbance_8a": {1, 2, 3, 4, 5},
    "rmeq.item1": {1, 2, 3, 4, 5},
    "rmeq.item2": {1, 2, 3, 4},
    "rmeq.item3": {1, 2, 3, 4, 5},
    "rmeq.item4": {1, 2, 3, 4, 5},
    "rmeq.item5": {0, 2, 4, 6},
}

TYPICAL_L0 = {
    "age": "34",
    "main_complaint": "night_waking",
    "bedtime": "23:30",
    "rise_time": "07:00",
    "latency": "from_30_to_60_min",
    "night_waking": "three_plus_nights",
    "waking_reasons": ["thoughts", "toilet"],
    "sleep_length": "6 h",
    "sleepiness": "sometimes",
    "snoring": "sometimes",
    "breathing_pauses": "no",
    "pregnancy": "no",
    "evening_caffeine": "sometimes",
    "evening_screens": "most_nights",
}
TYPICAL_L1 = {
    "psqi_bedtime": "23:30",
    "psqi_rise_time": "07:00",
    "psqi_latency": "40",
    "psqi_sleep_length": "6.5",
    "psqi_other_reason": "yes",
    "psqi_other_reason_text": "The neighbours' dog",
    "height": "172",
    "weight": "80,5",
    "neck_size": "39",
    "women_cycle": "irregular",
}


@cache
def sleeplab() -> Definition:
    """The shipped definition, loaded (and so validated) once for the whole module."""
    return load_definition(DEFINITION_FILE, SUPPORTED_LOCALES)


@cache
def l0_result() -> ShortResultSet:
    return load_short_results(L0_RESULT_FILE)


@pytest.fixture
def definition() -> Definition:
    return sleeplab()


def typical_answer(question: Question) -> RawInput:
    """A plausible answer for any question: the middle option, a mid-range number, ..."""
    if question.type in ("single", "multiple"):
        options = [option for option in question.choices if not option.exclusive]
        middle = options[len(options) // 2].value
        return [middle] if question.type == "multiple" else middle
    defaults: dict[str, RawInput] = {
        "yes_no": "no",
        "time": "22:45",
        "duration": "30 min",
        "text": "Nothing",
    }
    if question.type in defaults:
        return defaults[question.type]
    assert question.min is not None
    assert question.max is not None
    return str(int((question.min + question.max) // 2))


def walk(
    definition: Definition,
    level: str,
    profile: Mapping[str, object],
    answers: Mapping[str, RawInput],
) -> tuple[RunState, list[str]]:
    """Answer every shown question (from ``answers``, else a typical answer) to the end."""
    state = start_run(definition, level)
    shown: list[str] = []
    while (question := current_question(definition, state, profile)) is not None:
        assert len(shown) <= len(definition.levels[level].questions), "the walk does not end"
        raw = answers.get(question.id, typical_answer(question))
        result = submit(definition, state, profile, raw)
        assert isinstance(result, Accepted), f"{question.id}: {raw!r} rejected"
        state = result.state
        shown.append(question.id)
    return state, shown


def localized_tables(node: object, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every table that holds wording (has an ``en`` key), with its path, in a TOML tree."""
    if isinstance(node, dict):
        if "en" in node or "ru" in node:
            yield path, node
            return
        for key, value in node.items():
            yield from localized_tables(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from localized_tables(item, f"{path}[{index}]")


def mapped_inputs(definition: Definition, level: str) -> Counter[str]:
    level_def = definition.levels[level]
    targets = [question.maps_to for question in level_def.questions]
    calculated = [*level_def.calculated.values()]
    calculated += [value for block in level_def.blocks for value in block.calculated.values()]
    targets += [value.maps_to for value in calculated if not isinstance(value, str)]
    return Counter(target for target in targets if target)


def shown_outcomes(result: ShortResultSet, env: Mapping[str, object]) -> list[str]:
    """The ids of the outcomes L0's short result shows, in display order."""
    return [outcome.id for outcome in result.choose(env)]


def as_scoring_input(instrument: str, items: Mapping[str, object]) -> object:
    length = SEQUENCE_LENGTHS.get(instrument)
    return dict(items) if length is None else [items[f"item{n}"] for n in range(1, length + 1)]


def test_the_definition_loads_and_validates_for_every_locale(definition: Definition) -> None:
    assert definition.id == "sleeplab"
    assert list(definition.levels) == ["L0", "L1", "L2"]


def test_the_content_directory_loads_as_a_library_beside_the_result_rules() -> None:
    library = QuestionnaireLibrary.from_directory(CONTENT, SUPPORTED_LOCALES)

    assert library.get("sleeplab", sleeplab().version) == sleeplab()


@pytest.mark.parametrize("path", [DEFINITION_FILE, L0_RESULT_FILE], ids=lambda p: p.name)
def test_every_text_is_written_in_every_supported_locale(path: Path) -> None:
    with path.open("rb") as file:
        tree = tomllib.load(file)

    tables = list(localized_tables(tree))

    assert tables
    for where, table in tables:
        assert set(table) == set(SUPPORTED_LOCALES), where
        assert all(isinstance(text, str) and text.strip() for text in table.values()), where


def test_question_and_block_ids_are_unique_across_levels(definition: Definition) -> None:
    blocks = [block for level in definition.levels.values() for block in level.blocks]
    questions = [question.id for block in blocks for question in block.questions]

    assert len(questions) == len(set(questions))
    assert len(blocks) == len({block.id for block in blocks})


def test_option_labels_are_distinct_within_a_question_in_every_locale(
    definition: Definition,
) -> None:
    # A typed label selects an option, so two equal labels in one question would be ambiguous.
    questions = [q for level in definition.levels.values() for q in level.questions]
    for question in (q for q in questions if q.choices):
        for locale in SUPPORTED_LOCALES:
            labels = [option.text[locale].casefold() for option in question.choices]

            assert len(labels) == len(set(labels)), f"{question.id} ({locale})"


@pytest.mark.parametrize("level", ["L0", "L1", "L2"])
def test_every_scoring_input_is_mapped_exactly_once_in_its_level(
    definition: Definition, level: str
) -> None:
    mapped = mapped_inputs(definition, level)

    assert set(mapped) == REQUIRED_INPUTS[level]
    assert all(count == 1 for count in mapped.values()), mapped


def test_mapped_options_offer_exactly_the_instrument_point_scale(definition: Definition) -> None:
    questions = [q for level in definition.levels.values() for q in level.questions]
    for question in questions:
        if question.maps_to is None or question.type != "single":
            continue
        instrument = question.maps_to.split(".")[0]
        expected = POINT_SCALES.get(question.maps_to) or POINT_SCALES[instrument]

        inputs = {option.instrument_input for option in question.choices}

        assert inputs == expected, question.id


def test_stop_bang_flags_are_yes_no_questions(definition: Definition) -> None:
    by_target = {q.maps_to: q for q in definition.levels["L1"].questions if q.maps_to}

    flags = [
        by_target[f"stop_bang.{item}"] for item in ("snoring", "tired", "observed", "pressure")
    ]

    assert all(question.type == "yes_no" for question in flags)


QUESTION_TYPES_FOR_RULE_TYPES = {
    "bool": {"yes_no"},
    "int": {"integer"},
    "number": {"decimal", "integer"},
    "choice": {"single"},
}


def test_every_answer_the_diagnosis_rules_read_is_asked_with_a_matching_type(
    definition: Definition,
) -> None:
    with DIAGNOSIS_RULES_FILE.open("rb") as file:
        declared: dict[str, dict[str, Any]] = tomllib.load(file).get("answers", {})
    questions = {q.id: q for level in definition.levels.values() for q in level.questions}

    for name, spec in declared.items():
        question = questions.get(name)

        assert question is not None, f"the rules read answer.{name}, no question asks it"
        assert question.type in QUESTION_TYPES_FOR_RULE_TYPES[spec["type"]], name
        if spec["type"] == "choice":
            assert {option.value for option in question.choices} == set(spec["values"]), name
        if spec["type"] in ("int", "number"):
            assert question.min is not None, name
            assert question.max is not None, name
            assert spec["min"] <= question.min <= question.max <= spec["max"], name


@pytest.mark.parametrize(
    ("level", "profile_age"), [("L0", None), ("L1", 47), ("L2", 47)], ids=["L0", "L1", "L2"]
)
def test_a_woman_and_a_man_are_asked_different_questions(
    definition: Definition, level: str, profile_age: int | None
) -> None:
    walks = {}
    for gender in ("female", "male"):
        profile = {} if profile_age is None else {"gender": gender, "age": profile_age}
        answers = {**TYPICAL_L0, "age": "47", "gender": gender, **TYPICAL_L1}
        walks[gender] = set(walk(definition, level, profile, answers)[1])

    only_women, only_men = walks["female"] - walks["male"], walks["male"] - walks["female"]

    assert only_women
    assert only_men
    assert all(
        question.startswith("women_") or question in {"pregnancy", "night_sweats"}
        for question in only_women
    )
    assert all(
        question.startswith("men_") or question in {"collar", "night_urination"}
        for question in only_men
    )


def test_a_typical_l0_walk_reaches_a_short_result(definition: Definition) -> None:
    result_rules = l0_result()
    state, shown = walk(definition, "L0", {}, {**TYPICAL_L0, "gender": "female"})

    env = result_environment(definition, state, {})
    outcomes = shown_outcomes(result_rules, env)
    text = {locale: result_rules.render(env, locale) for locale in SUPPORTED_LOCALES}

    assert 13 <= len(shown) <= 17
    assert collected_answers(definition, state, {})["gender"] == "female"
    assert outcomes == ["insomnia_signs", "evening_habits"]
    insomnia = next(o for o in result_rules.outcomes if o.id == "insomnia_signs")
    for locale in SUPPORTED_LOCALES:
        assert text[locale].startswith(result_rules.intro[locale])
        assert insomnia.text[locale] in text[locale]
        assert text[locale].endswith(result_rules.closing[locale])


def test_l0_result_flags_breathing_and_drowsy_driving_before_anything_else(
    definition: Definition,
) -> None:
    result_rules = l0_result()
    answers = {
        **TYPICAL_L0,
        "age": "58",
        "gender": "male",
        "sleepiness": "daily",
        "dozed_at_wheel": "yes",
        "snoring": "loud",
        "breathing_pauses": "yes",
    }
    state, _ = walk(definition, "L0", {}, answers)

    outcomes = shown_outcomes(result_rules, result_environment(definition, state, {}))

    assert outcomes[:2] == ["drowsy_driving", "breathing_risk"]
    assert len(outcomes) == 1 + result_rules.max_findings


def test_l0_with_no_warning_signs_gets_the_default_result(definition: Definition) -> None:
    result_rules = l0_result()
    calm = {
        "gender": "male",
        "main_complaint": "just_checking",
        "latency": "under_15_min",
        "night_waking": "rarely",
        "sleep_length": "7 h 15 min",  # within 23:30-07:00 in bed
        "sleepiness": "rarely",
        "snoring": "no",
        "collar": "no",
        "evening_caffeine": "never",
        "evening_screens": "rarely",
    }
    state, _ = walk(definition, "L0", {}, {**TYPICAL_L0, **calm})

    outcomes = shown_outcomes(result_rules, result_environment(definition, state, {}))

    assert outcomes == [result_rules.default.id]


def test_l0_result_outcomes_are_unique_and_use_only_names_l0_knows(definition: Definition) -> None:
    result_rules = l0_result()
    level = definition.levels["L0"]
    known = {question.id for question in level.questions} | set(level.calculated)
    scales = {
        f"scale.{name}"
        for question in level.questions
        for scores in [*(o.scores for o in question.choices), question.yes_scores or {}]
        for name in scores
    }
    outcomes = [*result_rules.outcomes, result_rules.default]

    assert len({outcome.id for outcome in outcomes}) == len(outcomes)
    assert result_rules.references() <= known | scales


@pytest.mark.parametrize("gender", ["female", "male"])
def test_a_full_l1_walk_scores_on_every_instrument(definition: Definition, gender: str) -> None:
    profile = {"gender": gender, "age": 56}
    state, _ = walk(definition, "L1", profile, TYPICAL_L1)

    inputs = instrument_inputs(definition, state, profile)
    scores = {name: score(name, as_scoring_input(name, items)) for name, items in inputs.items()}

    assert set(scores) == {"isi", "ess", "psqi", "stop_bang"}
    assert inputs["stop_bang"]["bmi"] == pytest.approx(27.2)
    assert inputs["psqi"]["q5j"] is not None


def answer_psqi_until(
    definition: Definition, profile: Mapping[str, object], question_id: str
) -> RunState:
    """An L1 run stopped at ``question_id``, every earlier question answered typically."""
    state = start_run(definition, "L1")
    while (question := current_question(definition, state, profile)) is not None:
        if question.id == question_id:
            return state
        raw = TYPICAL_L1.get(question.id, typical_answer(question))
        result = submit(definition, state, profile, raw)
        assert isinstance(result, Accepted), question.id
        state = result.state
    raise AssertionError(f"{question_id} was not asked")


@pytest.mark.parametrize(
    ("locale", "reason"),
    [
        ("en", "You are in bed about 7.5 h (from 23:30 to 07:00)"),
        ("ru", "Вы в постели около 7,5 ч (с 23:30 до 07:00)"),
    ],
)
def test_more_hours_asleep_than_in_bed_are_asked_again_and_then_psqi_scores(
    definition: Definition, catalog: DictCatalog, locale: str, reason: str
) -> None:
    profile = {"gender": "female", "age": 41}
    state = answer_psqi_until(definition, profile, "psqi_sleep_length")

    too_many = submit(definition, state, profile, "9", locale=locale)
    again = current_question(definition, state, profile)
    fixed = submit(definition, state, profile, "6.5", locale=locale)  # + 40 min to fall asleep
    assert isinstance(fixed, Accepted)
    final, _ = walk_on(definition, fixed.state, profile)
    psqi = score("psqi", instrument_inputs(definition, final, profile)["psqi"])

    assert isinstance(too_many, Rejected)
    assert catalog.render(locale, too_many.reason).startswith(reason)
    assert again is not None
    assert again.id == "psqi_sleep_length"
    assert "psqi_sleep_length" not in state.answers
    assert instrument_inputs(definition, final, profile)["psqi"]["sleep_hours"] == 6.5
    assert psqi.details["efficiency"] == Fraction(390, 450)


@pytest.mark.parametrize(
    ("question_id", "raw", "reason"),
    [
        ("psqi_rise_time", "23:30", "You gave the same time for going to bed and getting up"),
        ("psqi_latency", "8 h", "That leaves less than an hour of sleep"),
        ("psqi_latency", "7 h", "That leaves less than an hour of sleep"),
    ],
)
def test_psqi_times_that_cannot_describe_a_night_are_asked_again(
    definition: Definition, catalog: DictCatalog, question_id: str, raw: str, reason: str
) -> None:
    profile = {"gender": "male", "age": 41}
    state = answer_psqi_until(definition, profile, question_id)

    result = submit(definition, state, profile, raw)

    assert isinstance(result, Rejected)
    assert catalog.render("en", result.reason).startswith(reason)


def walk_on(
    definition: Definition, state: RunState, profile: Mapping[str, object]
) -> tuple[RunState, list[str]]:
    """Answer the rest of a run typically."""
    shown: list[str] = []
    while (question := current_question(definition, state, profile)) is not None:
        result = submit(
            definition, state, profile, TYPICAL_L1.get(question.id, typical_answer(question))
        )
        assert isinstance(result, Accepted), question.id
        state = result.state
        shown.append(question.id)
    return state, shown


def any_answer(question: Question) -> st.SearchStrategy[RawInput]:
    """Any valid answer to ``question``, typed the way a user or a button would send it."""
    if question.type == "single":
        return st.sampled_from([option.value for option in question.choices])
    if question.type == "multiple":
        plain = [option.value for option in question.choices if not option.exclusive]
        return st.lists(st.sampled_from(plain), min_size=1, unique=True)
    if question.type == "time":
        return st.builds("{:02d}:{:02d}".format, st.integers(0, 23), st.integers(0, 59))
    if question.type == "duration":
        low, high = int(question.min or 0), int(question.max or 1440)
        return st.integers(low, high).map("{} min".format)
    simple: dict[str, st.SearchStrategy[RawInput]] = {
        "yes_no": st.sampled_from(["yes", "no"]),
        "text": st.just("Something else"),
    }
    if question.type in simple:
        return simple[question.type]
    assert question.min is not None
    assert question.max is not None
    return st.integers(int(question.min), int(question.max)).map(str)


def random_walk(
    definition: Definition, level: str, profile: Mapping[str, object], data: st.DataObject
) -> RunState:
    """Random valid answers to the end; an answer a check rejects is drawn again, as a user
    would answer again (a night that leaves no room for any answer is discarded)."""
    state = start_run(definition, level)
    for _ in definition.levels[level].questions:
        question = current_question(definition, state, profile)
        if question is None:
            break
        state = answer_until_accepted(definition, state, profile, question, data)
    assert current_question(definition, state, profile) is None, "the walk does not end"
    return state


def answer_until_accepted(
    definition: Definition,
    state: RunState,
    profile: Mapping[str, object],
    question: Question,
    data: st.DataObject,
) -> RunState:
    for _ in range(MAX_TRIES):
        result = submit(definition, state, profile, data.draw(any_answer(question)))
        if isinstance(result, Accepted):
            return result.state
        assert result.reason.key == CHECK_FAILED, question.id  # valid input fails only checks
    reject()  # no room left for any answer, e.g. in bed for less than the shortest sleep
    raise AssertionError("reject() ends the example")


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_l0_answers_end_in_a_short_result_with_urgent_outcomes_first(
    data: st.DataObject,
) -> None:
    definition, result_rules = sleeplab(), l0_result()
    state = random_walk(definition, "L0", {}, data)

    env = result_environment(definition, state, {})
    outcomes = shown_outcomes(result_rules, env)

    assert outcomes
    assert ("drowsy_driving" in outcomes) == (env.get("dozed_at_wheel") == "yes")
    assert outcomes[0] == "drowsy_driving" or "drowsy_driving" not in outcomes


@settings(max_examples=15, deadline=None)
@given(data=st.data(), gender=st.sampled_from(["female", "male"]), age=st.integers(16, 100))
def test_any_accepted_l1_answers_score_on_every_instrument(
    data: st.DataObject, gender: str, age: int
) -> None:
    definition = sleeplab()
    # PSQI included: the questions' checks keep the hours asleep within the time in bed.
    profile = {"gender": gender, "age": age}
    state = random_walk(definition, "L1", profile, data)

    inputs = instrument_inputs(definition, state, profile)

    for name in ("isi", "ess", "psqi", "stop_bang"):
        instrument_score = score(name, as_scoring_input(name, inputs[name]))
        assert instrument_score.band is not None


@settings(max_examples=25, deadline=None)
@given(data=st.data(), gender=st.sampled_from(["female", "male"]), age=st.integers(16, 100))
def test_any_l2_answers_score_on_rmeq_and_promis(
    data: st.DataObject, gender: str, age: int
) -> None:
    definition = sleeplab()
    profile = {"gender": gender, "age": age}
    state = random_walk(definition, "L2", profile, data)

    inputs = instrument_inputs(definition, state, profile)
    rmeq = score("rmeq", as_scoring_input("rmeq", inputs["rmeq"]))
    promis_id = "promis_sleep_disturbance_8a"
    promis = score(promis_id, as_scoring_input(promis_id, inputs[promis_id]))

    assert 4 <= rmeq.total <= 25
    assert 8 <= promis.total <= 40


@pytest.mark.parametrize(
    ("locale", "reason"),
    [
        ("en", "You are in bed about 7.5 h (from 23:30 to 07:00)"),
        ("ru", "Вы в постели около 7,5 ч (с 23:30 до 07:00)"),
    ],
)
def test_l0_refuses_more_sleep_than_time_in_bed_like_l1(
    definition: Definition, catalog: DictCatalog, locale: str, reason: str
) -> None:
    profile: dict[str, object] = {}
    state = start_run(definition, "L0")
    while (question := current_question(definition, state, profile)) is not None:
        if question.id == "sleep_length":
            break
        result = submit(
            definition, state, profile, TYPICAL_L0.get(question.id, typical_answer(question))
        )
        assert isinstance(result, Accepted), question.id
        state = result.state
        profile = {"age": 34, "gender": "female"} if "gender" in state.answers else profile

    too_many = submit(definition, state, profile, "8", locale=locale)
    fits = submit(definition, state, profile, "7.5", locale=locale)

    assert isinstance(too_many, Rejected)
    assert catalog.render(locale, too_many.reason).startswith(reason)
    assert isinstance(fits, Accepted)
