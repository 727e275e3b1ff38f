import pytest
from hypothesis import given
from scoring_strategies import rmeq_answers

from sleeplab_core.scoring import InvalidItem, score

# One answer set per total 4..25, built from the item maxima (5, 4, 5, 5, 6).
ITEM_MAXIMA = (5, 4, 5, 5)


def answers_totalling(total: int) -> list[int]:
    item5 = min(6, (total - 4) // 2 * 2)
    rest = total - item5
    items = [1, 1, 1, 1]
    for n, high in enumerate(ITEM_MAXIMA):
        extra = min(high - 1, rest - sum(items))
        items[n] += extra
    answers = [*items, item5]
    assert sum(answers) == total
    return answers


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (4, "definitely_evening"),
        (7, "definitely_evening"),
        (8, "moderately_evening"),
        (11, "moderately_evening"),
        (12, "neither"),
        (17, "neither"),
        (18, "moderately_morning"),
        (21, "moderately_morning"),
        (22, "definitely_morning"),
        (25, "definitely_morning"),
    ],
)
def test_rmeq_band_boundaries(total: int, band: str) -> None:
    result = score("rmeq", answers_totalling(total))

    assert (result.total, result.band) == (total, band)


@given(rmeq_answers)
def test_rmeq_total_is_the_sum_of_item_points(items: list[int]) -> None:
    assert score("rmeq", items).total == sum(items)


@pytest.mark.parametrize(
    ("answers", "item"),
    [
        ([0, 1, 1, 1, 0], "item1"),
        ([1, 5, 1, 1, 0], "item2"),
        ([1, 1, 6, 1, 0], "item3"),
        ([1, 1, 1, 0, 0], "item4"),
        ([1, 1, 1, 1, 3], "item5"),
        ([1, 1, 1, 1, 8], "item5"),
    ],
)
def test_rmeq_item_outside_its_published_points_is_named(answers: list[int], item: str) -> None:
    with pytest.raises(InvalidItem) as error:
        score("rmeq", answers)

    assert error.value.item == item
