import pytest
from hypothesis import given
from scoring_strategies import stop_bang_answers

from sleeplab_core.scoring import InvalidItem, MissingItem, score

NOTHING = {
    "snoring": False,
    "tired": False,
    "observed": False,
    "pressure": False,
    "bmi": 22.0,
    "age": 30,
    "neck_cm": 35.0,
    "sex": "female",
}


def person(**changes: object) -> dict[str, object]:
    return {**NOTHING, **changes}


def test_stop_bang_scores_zero_for_a_young_slim_woman_with_no_symptoms() -> None:
    result = score("stop_bang", NOTHING)

    assert (result.total, result.band) == (0, "low")


@pytest.mark.parametrize("item", ["snoring", "tired", "observed", "pressure"])
def test_stop_bang_each_stop_yes_scores_one(item: str) -> None:
    assert score("stop_bang", person(**{item: True})).total == 1


@pytest.mark.parametrize(
    ("changes", "points"),
    [
        ({"bmi": 35.0}, 0),
        ({"bmi": 35.1}, 1),
        ({"age": 50}, 0),
        ({"age": 51}, 1),
        ({"neck_cm": 40.9}, 0),
        ({"neck_cm": 41.0}, 1),
        ({"sex": "male", "neck_cm": 42.9}, 1),  # the male point only
        ({"sex": "male", "neck_cm": 43.0}, 2),
    ],
)
def test_stop_bang_bang_cutoffs(changes: dict[str, object], points: int) -> None:
    assert score("stop_bang", person(**changes)).total == points


@pytest.mark.parametrize(
    ("stop_yes", "band"),
    [(2, "low"), (3, "intermediate"), (4, "intermediate")],
)
def test_stop_bang_bands_without_upgrade(stop_yes: int, band: str) -> None:
    items = dict.fromkeys(["snoring", "tired", "observed", "pressure"][:stop_yes], True)

    assert score("stop_bang", person(**items)).band == band


def test_stop_bang_five_points_is_high() -> None:
    result = score("stop_bang", person(snoring=True, tired=True, observed=True, age=60, bmi=36))

    assert (result.total, result.band, result.details["upgraded"]) == (5, "high", False)


def test_stop_bang_eight_points_is_high() -> None:
    everything = person(
        snoring=True, tired=True, observed=True, pressure=True, bmi=40, age=60, neck_cm=45
    )

    assert score("stop_bang", {**everything, "sex": "male"}).total == 8


@pytest.mark.parametrize(
    "changes",
    [
        {"sex": "male", "neck_cm": 35.0},
        {"bmi": 36.0},
        {"neck_cm": 41.0},
    ],
)
def test_stop_bang_two_stop_yes_plus_a_key_factor_is_upgraded_to_high(
    changes: dict[str, object],
) -> None:
    result = score("stop_bang", person(snoring=True, tired=True, **changes))

    assert (result.total, result.band, result.details["upgraded"]) == (3, "high", True)


def test_stop_bang_two_stop_yes_plus_age_is_not_upgraded() -> None:
    result = score("stop_bang", person(snoring=True, tired=True, age=60))

    assert (result.total, result.band) == (3, "intermediate")


def test_stop_bang_one_stop_yes_with_key_factors_is_not_upgraded() -> None:
    result = score("stop_bang", person(snoring=True, sex="male", bmi=36.0, neck_cm=35.0))

    assert (result.total, result.band) == (3, "intermediate")


def test_stop_bang_four_points_with_upgrade_is_high() -> None:
    result = score("stop_bang", person(snoring=True, tired=True, observed=True, sex="male"))

    assert (result.total, result.band) == (4, "high")


@given(stop_bang_answers)
def test_stop_bang_total_counts_every_point(answers: dict[str, object]) -> None:
    male = answers["sex"] == "male"
    neck_cutoff = 43 if male else 41
    expected = (
        sum(bool(answers[item]) for item in ("snoring", "tired", "observed", "pressure"))
        + (answers["bmi"] > 35)  # type: ignore[operator]
        + (answers["age"] > 50)  # type: ignore[operator]
        + (answers["neck_cm"] >= neck_cutoff)  # type: ignore[operator]
        + male
    )

    assert score("stop_bang", answers).total == expected


@pytest.mark.parametrize("item", list(NOTHING))
def test_stop_bang_missing_item_is_named(item: str) -> None:
    answers = dict(NOTHING)
    del answers[item]

    with pytest.raises(MissingItem) as error:
        score("stop_bang", answers)

    assert error.value.item == item


@pytest.mark.parametrize(
    ("item", "value"),
    [
        ("snoring", "yes"),
        ("tired", 1),
        ("bmi", "36"),
        ("bmi", 0),
        ("bmi", float("nan")),
        ("age", 50.5),
        ("age", -1),
        ("neck_cm", True),
        ("sex", "other"),
    ],
)
def test_stop_bang_invalid_item_is_named(item: str, value: object) -> None:
    with pytest.raises(InvalidItem) as error:
        score("stop_bang", person(**{item: value}))

    assert error.value.item == item


def test_stop_bang_unknown_item_is_named() -> None:
    with pytest.raises(InvalidItem) as error:
        score("stop_bang", person(snorring=True))

    assert (error.value.item, error.value.reason) == ("snorring", "unknown item")


def test_the_extreme_answers_the_questionnaire_accepts_still_score() -> None:
    """300 kg at 120 cm (the questionnaire's own bounds) is a BMI of about 208."""
    lean = score("stop_bang", person())
    extreme = score("stop_bang", person(bmi=round(300 / 1.2**2, 1)))
    assert extreme.total == lean.total + 1, "the BMI point is counted, nothing raised"
