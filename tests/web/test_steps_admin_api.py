"""The Steps admin API answers the seed's examples byte for byte (memory and SQLite)."""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from dependency_injector import providers

from entrypoints.containers import (
    Container,
    build_container,
    conversations_for,
    resolve,
    unit_of_work_factory,
)
from entrypoints.settings import Settings
from entrypoints.web import create_app
from sleeplab_core.platform import load_bot
from sleeplab_core.rewards.model import GiftOrder, OrderStatus, Recipient

sys.path.insert(0, str(Path(__file__).parents[1] / "unit" / "steps"))
from steps_chat import StepsChat

KEY = "your_secret_api_key"
SEED_PVZ = [
    {
        "id": "019620d8987e745880fb93a122b7da44",
        "full_address": "Москва Ленинградский проспект 75 к1А",
    },
    {
        "id": "01999b820a3477899acb908629c78962",
        "full_address": "Москва Большая Черкизовская улица 3 к1",
    },
    {"id": "0199b9d0a69b77a09018951faeb4697d", "full_address": "Москва Варшавское шоссе 168"},
]
SEED_ORDERS = [
    {
        "first_name": "Иван",
        "last_name": "Петров",
        "phone": "+79991234567",
        "email": "ivan@example.com",
        "pvz_id": "019620d8987e745880fb93a122b7da44",
        "order_id": "1",
        "created_at": "2025-10-05T14:30:22.123456+00:00",
        "product_code": "1",
    },
    {
        "first_name": "Мария",
        "last_name": "Сидорова",
        "phone": "+79991234568",
        "email": "",
        "pvz_id": "01999b820a3477899acb908629c78962",
        "order_id": "2",
        "created_at": "2025-10-06T10:15:45.654321+00:00",
        "product_code": "2",
    },
]


def served_bytes(value: Any) -> bytes:
    """What the seed's FastAPI app sends for ``value``: compact UTF-8 JSON."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


@pytest.fixture(params=["memory", "sqlite"])
async def container(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Container]:
    monkeypatch.setenv("SLEEPLAB_STEPS_API_KEY", KEY)
    url = "memory://" if request.param == "memory" else f"sqlite:///{tmp_path / 'steps.sqlite3'}"
    container = build_container(Settings(database_url=url, data_dir=tmp_path))
    container.bots.override(providers.Object({"steps": load_bot("steps")}))
    yield container
    await resolve(container.shutdown_resources())


@pytest.fixture
async def web(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(container, bot="steps"))
    async with httpx.AsyncClient(transport=transport, base_url="http://admin.test") as client:
        yield client


async def seed_orders(container: Container) -> None:
    uow = await unit_of_work_factory(container)
    async with uow() as unit:
        store = unit.rewards  # type: ignore[attr-defined]
        category = await store.catalog.add_category("Gifts")
        for code in ("1", "2"):
            await store.catalog.add_product(code, category.id, f"Gift {code}", 10, 5, "")
        for row in SEED_ORDERS:
            recipient = Recipient(row["first_name"], row["last_name"], row["phone"], row["email"])
            order = GiftOrder(
                0,
                int(row["order_id"]) + 100,
                "k",
                int(row["product_code"]),
                row["product_code"],
                row["pvz_id"],
                recipient,
                10,
                OrderStatus.PLACED,
                datetime.fromisoformat(row["created_at"]),
            )
            await store.orders.add(order)
        outside = GiftOrder(
            0,
            999,
            "k",
            1,
            "1",
            SEED_PVZ[2]["id"],
            Recipient("A", "B", "+7"),
            10,
            OrderStatus.PLACED,
            datetime.fromisoformat("2025-10-18T00:00:00+00:00"),
        )
        await store.orders.add(outside)
        await unit.commit()


async def test_post_pvz_answers_the_seed_bytes(web: httpx.AsyncClient):
    response = await web.post("/pvz", json=SEED_PVZ, headers={"API_Key": KEY})
    assert response.status_code == 200
    assert response.content == (
        b'{"success":true,"count":3,"message":"Successfully saved 3 PVZ items"}'
    )
    assert response.json() == {
        "success": True,
        "count": 3,
        "message": "Successfully saved 3 PVZ items",
    }


async def test_post_pvz_replaces_the_whole_list(web: httpx.AsyncClient, container: Container):
    await web.post("/pvz", json=SEED_PVZ, headers={"API_Key": KEY})
    response = await web.post("/pvz", json=SEED_PVZ[2:], headers={"API-Key": KEY})
    assert response.json()["count"] == 1
    uow = await unit_of_work_factory(container)
    async with uow() as unit:
        left = await unit.rewards.pickup_points.search("москва")  # type: ignore[attr-defined]
    assert [point.id for point in left] == [SEED_PVZ[2]["id"]]


async def test_get_orders_answers_the_seed_bytes(web: httpx.AsyncClient, container: Container):
    await seed_orders(container)
    response = await web.get("/order/2025-10-01-2025-10-17", headers={"API_Key": KEY})
    assert response.status_code == 200
    assert response.content == served_bytes(SEED_ORDERS)


async def test_a_one_day_range_includes_that_whole_day(web, container):
    await seed_orders(container)
    response = await web.get("/order/2025-10-06-2025-10-06", headers={"API_Key": KEY})
    assert [row["order_id"] for row in response.json()] == ["2"]


@pytest.mark.parametrize(
    "bad_range",
    [
        "2025-13-01-2025-10-17",
        "2025-10-17-2025-10-01",
        "2025-10-01",
        "yesterday",
        "2025-02-30-2025-03-01",
    ],
)
async def test_a_malformed_or_reversed_range_is_400(web: httpx.AsyncClient, bad_range: str):
    response = await web.get(f"/order/{bad_range}", headers={"API_Key": KEY})
    assert response.status_code == 400
    assert "Invalid date" in response.json()["detail"]


@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/pvz"), ("GET", "/order/2025-10-01-2025-10-17")]
)
async def test_a_missing_key_is_401_and_a_wrong_one_403(web: httpx.AsyncClient, method, path):
    body = {"json": SEED_PVZ} if method == "POST" else {}
    missing = await web.request(method, path, **body)
    wrong = await web.request(method, path, headers={"API_Key": KEY + "x"}, **body)
    assert (missing.status_code, wrong.status_code) == (401, 403)


async def test_a_wrong_key_changes_nothing(web: httpx.AsyncClient, container: Container):
    await web.post("/pvz", json=SEED_PVZ, headers={"API_Key": KEY})
    await web.post("/pvz", json=[], headers={"API_Key": "guess"})
    uow = await unit_of_work_factory(container)
    async with uow() as unit:
        assert len(await unit.rewards.pickup_points.search("")) == 3  # type: ignore[attr-defined]


async def test_openapi_documents_both_routes_and_the_key(web: httpx.AsyncClient):
    spec = (await web.get("/openapi.json")).json()
    assert {"/pvz", "/order/{date_range}"} <= set(spec["paths"])
    assert "400" in spec["paths"]["/order/{date_range}"]["get"]["responses"]
    schemes = spec["components"]["securitySchemes"]
    assert any(s.get("name") == "API_Key" for s in schemes.values())


async def test_an_operator_edits_a_content_key_and_the_bot_shows_it(
    web: httpx.AsyncClient, container: Container
):
    text = "👋 Шагаем вместе! Баланс {name}: {balance}"
    put = await web.put(
        "/content/main_menu", json={"locale": "ru", "text": text}, headers={"API_Key": KEY}
    )
    assert put.status_code == 200
    listed = await web.get("/content", headers={"API_Key": KEY})
    assert listed.json() == [{"locale": "ru", "text": text, "key": "main_menu"}]
    bad = await web.put(
        "/content/main_menu", json={"locale": "ru", "text": "{user_id}"}, headers={"API_Key": KEY}
    )
    assert bad.status_code == 400

    anna = StepsChat(await conversations_for(container, "steps"), 1)
    await anna.register()
    assert anna.last.startswith("👋 Шагаем вместе! Баланс Аня: 0")
    gone = await web.delete("/content/main_menu/ru", headers={"API_Key": KEY})
    assert gone.status_code == 204
    await anna.command("menu")
    assert anna.last.startswith("🏠 Меню")


async def test_a_broadcast_is_scheduled_for_a_segment(web: httpx.AsyncClient, container):
    ok = await web.post(
        "/broadcast",
        json={"segment": "inactive:7", "text_key": "steps.broadcast.come_back"},
        headers={"API_Key": KEY},
    )
    assert ok.status_code == 200
    assert ok.json()["segment"] == "inactive:7"
    uow = await unit_of_work_factory(container)
    async with uow() as unit:
        [job] = await unit.jobs.list(kind="steps.broadcast.send")
    assert job.payload == {"broadcast_id": ok.json()["broadcast_id"]}
    for body in (
        {"segment": "everyone", "text_key": "steps.broadcast.come_back"},
        {"segment": "all", "text_key": "steps.main_menu"},
        {"segment": "all", "text_key": "steps.broadcast.nope"},
    ):
        refused = await web.post("/broadcast", json=body, headers={"API_Key": KEY})
        assert refused.status_code == 400


async def test_families_are_split_once_per_period(web: httpx.AsyncClient, container):
    conversations = await conversations_for(container, "steps")
    anna, boris = StepsChat(conversations, 1), StepsChat(conversations, 2)
    await anna.register()
    await anna.command("family")
    await anna.press("Создать")
    await anna.say("Ивановы")
    await boris.register("Борис", payload=anna.link("fam_"))
    await anna.walk(200, 30_000)
    await boris.walk(100, 10_000)
    today = datetime.now(ZoneInfo("Europe/Moscow")).date().isoformat()  # the walks' local day
    period = {"first_day": today, "last_day": today}
    first = await web.post("/families/split", json=period, headers={"API_Key": KEY})
    again = await web.post("/families/split", json=period, headers={"API_Key": KEY})
    assert first.json() == {"families": 1, "points": 4}  # 10 % of 40 points, 3 + 1
    assert again.json() == first.json()
    ledger = await resolve(container.ledger())
    assert (await ledger.balance("user:1", "points")).available == 30 + 3
    bad = await web.post(
        "/families/split",
        json={"first_day": today, "last_day": "2000-01-01"},
        headers={"API_Key": KEY},
    )
    assert bad.status_code == 400


async def test_an_operator_cancels_a_placed_order_and_the_points_come_back(
    web: httpx.AsyncClient, container
):
    anna = StepsChat(await conversations_for(container, "steps"), 1)
    await anna.register()
    await anna.walk(200, 30_000)
    await anna.order_bottle()
    ledger = await resolve(container.ledger())
    assert (await ledger.balance("user:1", "points")).available == 0
    first = await web.post("/order/1/cancel", headers={"API_Key": KEY})
    again = await web.post("/order/1/cancel", headers={"API_Key": KEY})
    assert first.json() == again.json() == {"order_id": "1", "status": "cancelled"}
    assert (await ledger.balance("user:1", "points")).available == 30
    missing = await web.post("/order/99/cancel", headers={"API_Key": KEY})
    assert missing.status_code == 404


async def test_a_promo_group_is_saved_and_bad_codes_are_refused(web: httpx.AsyncClient):
    saved = await web.post(
        "/promo-groups",
        json={"codes": ["walk-2026", "Spring"], "points": 15},
        headers={"API_Key": KEY},
    )
    assert saved.json() == {"count": 2, "codes": ["WALK-2026", "SPRING"]}
    bad = await web.post(
        "/promo-groups",
        json={"codes": ["no spaces allowed"], "points": 15},
        headers={"API_Key": KEY},
    )
    assert bad.status_code == 400


class _Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []

    async def send(self, user_id: int, actions: Any) -> None:
        self.sent.extend((user_id, action.screen.text) for action in actions)


async def test_an_order_goes_ready_then_picked_up_and_the_player_is_told_once(
    web: httpx.AsyncClient, container
):
    from entrypoints.containers import bot_texts
    from sleeplab_core.bots.steps.jobs import OrderNoticeJob
    from sleeplab_core.jobs.worker import JobContext

    anna = StepsChat(await conversations_for(container, "steps"), 1)
    await anna.register()
    await anna.walk(200, 30_000)
    await anna.order_bottle()

    def status(value: str) -> Any:
        return web.post("/order/1/status", headers={"API_Key": KEY}, json={"status": value})

    ready, again = await status("ready"), await status("ready")
    assert ready.json() == again.json() == {"order_id": "1", "status": "ready"}
    picked = await status("picked_up")
    assert picked.json() == {"order_id": "1", "status": "picked_up"}
    back = await status("ready")
    assert back.status_code == 409
    assert "further along" in back.json()["detail"]
    cancel = await web.post("/order/1/cancel", headers={"API_Key": KEY})
    assert cancel.status_code == 409  # the player has the gift
    assert (await status("shipped")).status_code == 422
    assert (await status("ready")).status_code == 409
    missing = await web.post("/order/99/status", headers={"API_Key": KEY}, json={"status": "ready"})
    assert missing.status_code == 404

    uow = await unit_of_work_factory(container)
    async with uow() as unit:
        jobs = await unit.jobs.list(kind="steps.order.notice")
    assert sorted(job.payload["status"] for job in jobs) == ["picked_up", "ready"]
    recorder = _Recorder()
    notice = OrderNoticeJob(uow, recorder, await bot_texts(container, "steps"))  # type: ignore[arg-type]
    for job in jobs:
        context = JobContext(job, container.clock(), None, None, lambda: False)  # type: ignore[arg-type]
        await notice(job, context)
    assert sorted(recorder.sent) == [
        (1, "🎉 Вы получили «Бутылка для воды». Приятного пользования — и гуляйте дальше!"),
        (1, "📦 Ваш подарок «Бутылка для воды» ждёт вас в пункте выдачи. Не забудьте паспорт!"),
    ]


async def test_a_cancelled_order_tells_the_player(web: httpx.AsyncClient, container):
    anna = StepsChat(await conversations_for(container, "steps"), 1)
    await anna.register()
    await anna.walk(200, 30_000)
    await anna.order_bottle()
    for _ in range(2):
        assert (await web.post("/order/1/cancel", headers={"API_Key": KEY})).status_code == 200
    cancelled = await web.post(
        "/order/1/status", headers={"API_Key": KEY}, json={"status": "ready"}
    )
    assert cancelled.status_code == 409
    uow = await unit_of_work_factory(container)
    async with uow() as unit:
        jobs = await unit.jobs.list(kind="steps.order.notice")
    assert [job.payload for job in jobs] == [{"order_id": 1, "status": "cancelled"}]
