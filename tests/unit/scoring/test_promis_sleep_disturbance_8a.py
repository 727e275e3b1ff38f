import pytest
from hypothesis import given
from scoring_strategies import promis_answers

from sleeplab_core.scoring import InvalidItem, score

ID = "promis_sleep_disturbance_8a"


def test_promis_reverse_scores_items_2_3_7_and_8() -> None:
    # all items printed as 1: four straight items give 1, four reversed give 5
    result = score(ID, [1] * 8)

    assert result.total == 4 * 1 + 4 * 5


@pytest.mark.parametrize("reversed_item", [2, 3, 7, 8])
def test_promis_raising_a_reversed_item_lowers_the_total(reversed_item: int) -> None:
    low = [3] * 8
    high = list(low)
    high[reversed_item - 1] = 4

    assert score(ID, high).total == score(ID, low).total - 1


@pytest.mark.parametrize("straight_item", [1, 4, 5, 6])
def test_promis_raising_a_straight_item_raises_the_total(straight_item: int) -> None:
    low = [3] * 8
    high = list(low)
    high[straight_item - 1] = 4

    assert score(ID, high).total == score(ID, low).total + 1


@given(promis_answers)
def test_promis_total_is_between_8_and_40_and_unbanded(items: list[int]) -> None:
    result = score(ID, items)

    assert 8 <= result.total <= 40
    assert result.band is None


@pytest.mark.parametrize("value", [0, 6])
def test_promis_item_outside_1_to_5_is_named(value: int) -> None:
    items = [3] * 8
    items[4] = value

    with pytest.raises(InvalidItem) as error:
        score(ID, items)

    assert error.value.item == "item5"
