import pytest
from hypothesis import given
from scoring_strategies import isi_answers

from sleeplab_core.scoring import InvalidItem, MissingItem, score


def answers_totalling(total: int) -> list[int]:
    """Seven ISI items (0-4) that add up to ``total``."""
    items = [min(4, max(0, total - 4 * n)) for n in range(7)]
    assert sum(items) == total
    return items


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "none"),
        (7, "none"),
        (8, "subthreshold"),
        (14, "subthreshold"),
        (15, "moderate"),
        (21, "moderate"),
        (22, "severe"),
        (28, "severe"),
    ],
)
def test_isi_band_boundaries(total: int, band: str) -> None:
    result = score("isi", answers_totalling(total))

    assert (result.total, result.band) == (total, band)


def test_isi_has_no_components() -> None:
    assert score("isi", [1, 1, 1, 1, 1, 1, 1]).components == {}


@given(isi_answers)
def test_isi_total_is_the_sum_of_items(items: list[int]) -> None:
    assert score("isi", items).total == sum(items)


@pytest.mark.parametrize(("position", "value"), [(0, 5), (2, -1), (6, 10)])
def test_isi_out_of_range_item_is_named(position: int, value: int) -> None:
    items = [0] * 7
    items[position] = value

    with pytest.raises(InvalidItem) as error:
        score("isi", items)

    assert (error.value.instrument, error.value.item) == ("isi", f"item{position + 1}")


def test_isi_missing_item_is_named() -> None:
    with pytest.raises(MissingItem) as error:
        score("isi", [0, 0, 0, 0, 0, 0])

    assert error.value.item == "item7"


def test_isi_none_item_counts_as_missing() -> None:
    with pytest.raises(MissingItem) as error:
        score("isi", [0, 0, None, 0, 0, 0, 0])

    assert error.value.item == "item3"


@pytest.mark.parametrize("value", [True, 2.0, "2"])
def test_isi_rejects_values_that_are_not_whole_numbers(value: object) -> None:
    with pytest.raises(InvalidItem, match="whole number"):
        score("isi", [value, 0, 0, 0, 0, 0, 0])


def test_isi_rejects_too_many_items() -> None:
    with pytest.raises(InvalidItem) as error:
        score("isi", [0] * 8)

    assert error.value.item == "answers"


def test_isi_accepts_a_mapping_of_named_items() -> None:
    answers = {f"item{n}": n % 5 for n in range(1, 8)}

    assert score("isi", answers).total == sum(n % 5 for n in range(1, 8))


def test_isi_mapping_with_a_missing_item_names_it() -> None:
    answers = {f"item{n}": 1 for n in (1, 2, 3, 5, 6, 7)}

    with pytest.raises(MissingItem) as error:
        score("isi", answers)

    assert error.value.item == "item4"


def test_isi_mapping_with_an_unknown_item_names_it() -> None:
    answers = {f"item{n}": 1 for n in range(1, 9)}

    with pytest.raises(InvalidItem) as error:
        score("isi", answers)

    assert (error.value.item, error.value.reason) == ("item8", "unknown item")


@pytest.mark.parametrize("answers", ["0000000", 7, None])
def test_isi_rejects_answers_that_are_not_a_sequence(answers: object) -> None:
    with pytest.raises(InvalidItem) as error:
        score("isi", answers)

    assert error.value.item == "answers"
