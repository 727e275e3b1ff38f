from datetime import UTC, datetime, timedelta

from sleeplab_core.ledger import GrantBucket, lapsed_total, plan_draw, split_draw

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def bucket(name: str, days: int, remaining: int) -> GrantBucket:
    return GrantBucket((name, 0), "bob", "credits", "issuer", NOW + timedelta(days=days), remaining)


def test_a_draw_takes_the_soonest_lapsing_live_grant_first():
    buckets = [bucket("late", 9, 10), bucket("gone", -1, 10), bucket("soon", 2, 4)]

    assert plan_draw(buckets, 7, NOW) == {("soon", 0): 4, ("late", 0): 3}


def test_a_draw_may_cover_only_part_of_the_amount():
    assert plan_draw([bucket("a", 1, 3)], 10, NOW) == {("a", 0): 3}


def test_equal_lapses_draw_in_booking_order():
    assert plan_draw([bucket("first", 1, 5), bucket("second", 1, 5)], 6, NOW) == {
        ("first", 0): 5,
        ("second", 0): 1,
    }


def test_only_lapsed_remainders_count_as_lapsed():
    buckets = [bucket("gone", -1, 10), bucket("edge", 0, 2), bucket("live", 1, 5)]

    assert lapsed_total(buckets, NOW) == 12


def test_a_post_uses_the_draw_in_order_and_returns_the_rest():
    draw = {("soon", 0): 4, ("late", 0): 3}

    assert split_draw(draw, 5) == ({("soon", 0): 4, ("late", 0): 1}, {("late", 0): 2})
    assert split_draw(draw, 0) == ({}, draw)
