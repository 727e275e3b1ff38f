import pytest
from hypothesis import given
from scoring_strategies import ess_answers

from sleeplab_core.scoring import InvalidItem, MissingItem, score


def answers_totalling(total: int) -> list[int]:
    items = [min(3, max(0, total - 3 * n)) for n in range(8)]
    assert sum(items) == total
    return items


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "lower_normal"),
        (5, "lower_normal"),
        (6, "higher_normal"),
        (10, "higher_normal"),
        (11, "mild"),
        (12, "mild"),
        (13, "moderate"),
        (15, "moderate"),
        (16, "severe"),
        (24, "severe"),
    ],
)
def test_ess_band_boundaries(total: int, band: str) -> None:
    result = score("ess", answers_totalling(total))

    assert (result.total, result.band) == (total, band)


@given(ess_answers)
def test_ess_total_is_the_sum_of_items(items: list[int]) -> None:
    assert score("ess", items).total == sum(items)


@pytest.mark.parametrize(("position", "value"), [(0, 4), (7, -1)])
def test_ess_out_of_range_item_is_named(position: int, value: int) -> None:
    items = [0] * 8
    items[position] = value

    with pytest.raises(InvalidItem) as error:
        score("ess", items)

    assert error.value.item == f"item{position + 1}"
    assert "0..3" in error.value.reason


def test_ess_missing_item_is_named() -> None:
    with pytest.raises(MissingItem) as error:
        score("ess", [0] * 5)

    assert (error.value.instrument, error.value.item) == ("ess", "item6")
