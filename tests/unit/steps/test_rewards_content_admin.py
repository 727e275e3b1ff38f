"""The console's content use cases of the rewards module: catalog, pickup-point CSV import,
finding players by phone or name."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.rewards.fakes import MEMORY_MODULE
from sleeplab_core.rewards.model import PickupPoint
from sleeplab_core.rewards.use_cases.content_admin import (
    NewProduct,
    add_category,
    add_product,
    all_pickup_points,
    catalog_view,
    import_pickup_points,
    parse_pickup_points,
)
from sleeplab_core.rewards.use_cases.find_players import find_players, matches
from sleeplab_core.rewards.use_cases.register_player import Registration, register_player
from sleeplab_core.storage import InMemoryStore


class Clock:
    def now(self) -> datetime:
        return datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore(modules=[MEMORY_MODULE])


def test_a_csv_with_a_header_quotes_semicolons_and_blank_rows_parses() -> None:
    assert parse_pickup_points('id,full_address\n\np1,"Казань, Баумана 1"\np2,Тверь\n') == [
        PickupPoint("p1", "Казань, Баумана 1"),
        PickupPoint("p2", "Тверь"),
    ]
    assert parse_pickup_points("p1;Москва, Тверская 1\r\np2;Омск\r\n") == [
        PickupPoint("p1", "Москва, Тверская 1"),
        PickupPoint("p2", "Омск"),
    ]
    assert parse_pickup_points("p1\tМосква\n") == [PickupPoint("p1", "Москва")]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no pickup points"),
        ("id,full_address\n", "no pickup points"),
        ("p1,Москва\np2\n", "row 2: needs an id and an address"),
        ("p1,Москва\n,Омск\n", "row 2: needs an id and an address"),
        ("p1,Москва\np1,Омск\n", "row 2: id p1 given twice"),
        ("p1," + "x" * 501 + "\n", "row 1: id or address too long"),
    ],
)
def test_a_bad_csv_is_refused_naming_the_row(text: str, reason: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_pickup_points(text)
    assert reason in str(refused.value)


ids = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=20,
)
addresses = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=60,
).filter(lambda a: a.strip() == a and a.strip() != "")


@given(st.lists(st.tuples(ids, addresses), min_size=1, max_size=20, unique_by=lambda p: p[0]))
def test_whatever_a_spreadsheet_writes_comes_back_as_the_same_points(
    rows: list[tuple[str, str]],
) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "full_address"])
    writer.writerows(rows)
    assert parse_pickup_points(out.getvalue()) == [PickupPoint(i, a) for i, a in rows]


async def test_an_import_replaces_the_list_and_a_bad_file_leaves_it_alone(store) -> None:
    assert await import_pickup_points(store, "a,Москва\nb,Омск\n") == 2
    with pytest.raises(ValidationFailed):
        await import_pickup_points(store, "c,Тверь\nd\n")
    assert [p.id for p in await all_pickup_points(store)] == ["a", "b"]
    assert await import_pickup_points(store, "c,Тверь\n") == 1
    assert [p.id for p in await all_pickup_points(store)] == ["c"]


async def test_categories_and_products_are_added_and_bad_ones_refused(store) -> None:
    gadgets = await add_category(store, "  Gadgets ")
    assert gadgets.title == "Gadgets"
    with pytest.raises(ValidationFailed, match="title"):
        await add_category(store, "gadgets")
    mask = await add_product(store, NewProduct("mask", gadgets.id, "Eye mask", 120, 7))
    view = await catalog_view(store)
    assert view.categories == [gadgets]
    assert view.products == [mask]
    for bad, field in [
        (NewProduct("mask", gadgets.id, "Again", 10, 1), "code"),
        (NewProduct("bad code!", gadgets.id, "X", 10, 1), "code"),
        (NewProduct("pen", gadgets.id + 99, "Pen", 10, 1), "category"),
        (NewProduct("pen", gadgets.id, "Pen", 0, 1), "price"),
        (NewProduct("pen", gadgets.id, "Pen", 10, -1), "stock"),
        (NewProduct("pen", gadgets.id, " ", 10, 1), "title"),
    ]:
        with pytest.raises(ValidationFailed, match=field):
            await add_product(store, bad)
    assert (await catalog_view(store)).products == [mask]


async def test_players_are_found_by_any_part_of_the_phone_or_the_name(store) -> None:
    for user_id, name, phone in [(1, "Анна Ёлкина", "+79991234567"), (2, "Борис", "+79990000000")]:
        await register_player(store, Clock(), Registration(user_id=user_id, name=name, phone=phone))
    found = lambda q: [p.user_id for p in q]  # noqa: E731
    assert found(await find_players(store, "+7 (999) 123-45-67")) == [1]
    assert found(await find_players(store, "89991234567")) == [1]  # the Russian trunk prefix
    assert found(await find_players(store, "4567")) == [1]
    assert found(await find_players(store, "7999")) == [1, 2]
    assert found(await find_players(store, "елкина")) == [1]  # ё typed as е
    assert found(await find_players(store, "БОР")) == [2]
    assert found(await find_players(store, "   ")) == []
    assert found(await find_players(store, "Вера")) == []


def test_a_short_number_is_a_name_search_not_a_phone_search() -> None:
    from sleeplab_core.rewards.model import Profile

    profile = Profile(user_id=1, name="R2D2", phone="+79991234567", registered_at=Clock().now())
    assert matches(profile, "2D2")
    assert not matches(profile, "123")  # three digits: too short to be a phone search


async def test_orders_are_listed_by_local_day_in_any_status_and_a_bad_range_refused(
    store,
) -> None:
    from datetime import date, timedelta

    from sleeplab_core.rewards.model import GiftOrder, OrderStatus, Recipient
    from sleeplab_core.rewards.use_cases.content_admin import orders_in_range

    recipient = Recipient("A", "B", "+7")
    # 21:30 UTC on 28 March is already 29 March in Moscow (UTC+3)
    late = datetime(2026, 3, 28, 21, 30, tzinfo=UTC)
    async with store() as unit:
        for key, status, at in [
            ("a", OrderStatus.PLACED, late),
            ("b", OrderStatus.FAILED, late + timedelta(hours=1)),
            ("c", OrderStatus.PLACED, late - timedelta(hours=3)),
        ]:
            await unit.rewards.orders.add(
                GiftOrder(0, 1, key, 1, "p", "pvz", recipient, 5, status, at)
            )
        await unit.commit()
    moscow = await orders_in_range(store, date(2026, 3, 29), date(2026, 3, 29), "Europe/Moscow")
    assert [o.key for o in moscow] == ["b", "a"]
    utc = await orders_in_range(store, date(2026, 3, 28), date(2026, 3, 28), "UTC")
    assert sorted(o.key for o in utc) == ["a", "b", "c"]
    with pytest.raises(ValidationFailed):
        await orders_in_range(store, date(2026, 3, 29), date(2026, 3, 28), "UTC")
    with pytest.raises(ValidationFailed):
        await orders_in_range(store, date(2026, 1, 1), date(2026, 6, 1), "UTC")


async def test_support_sees_a_players_points_walks_and_orders(store) -> None:
    from sleeplab_core.kernel.clock import FakeClock
    from sleeplab_core.ledger import InMemoryLedger
    from sleeplab_core.rewards.use_cases.content_admin import player_view

    ledger = InMemoryLedger(FakeClock(Clock().now()))
    assert await player_view(store, ledger, "points", 5) is None, "not a player"
    await register_player(store, Clock(), Registration(user_id=5, name="Вера", phone="+7999"))
    view = await player_view(store, ledger, "points", 5)
    assert view is not None
    assert (view.profile.name, view.points, view.walks, view.orders) == ("Вера", 0, [], [])
