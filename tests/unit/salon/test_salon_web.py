"""The operator routes: stats and queue of the salon, behind the operator token."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from salon_chat import SalonChat

from entrypoints.containers import Container
from entrypoints.web.app import create_app

TOKEN = "operator-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def web(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[httpx.AsyncClient]:
    monkeypatch.setenv("SLEEPLAB_SALON_OPERATOR_TOKEN", TOKEN)
    transport = httpx.ASGITransport(app=create_app(container, bot="salon"))
    async with httpx.AsyncClient(transport=transport, base_url="http://salon.test") as client:
        yield client


async def test_stats_count_bookings_clients_and_dialogues(
    web: httpx.AsyncClient, chat: SalonChat
) -> None:
    await chat.start()
    await chat.say("manicure with Anna tomorrow at 15:00")
    await chat.press(1)
    await chat.press("Confirm")
    response = await web.get("/projects/demo-salon/stats", headers=AUTH)
    assert response.status_code == 200
    body = response.json()
    assert body["bookings"]["confirmed"] == 1
    assert body["active_bookings"] == 1
    assert (body["clients"], body["dialogues"]) == (1, 1)


async def test_the_queue_shows_the_salons_jobs_by_kind_and_state(
    web: httpx.AsyncClient, chat: SalonChat
) -> None:
    await chat.start()
    await chat.say("manicure with Anna in 3 days at 15:00")
    await chat.press(1)
    await chat.press("Confirm")
    body = (await web.get("/projects/demo-salon/queue", headers=AUTH)).json()
    assert body["jobs"]["salon.reminder"]["scheduled"] == 2
    assert body["jobs"]["salon.compress"]["scheduled"] == 1


async def test_the_config_is_shown_as_validated(web: httpx.AsyncClient) -> None:
    body = (await web.get("/projects/demo-salon/config", headers=AUTH)).json()
    assert body["time_zone"] == "Europe/Moscow"
    assert [s["id"] for s in body["services"]][:2] == ["haircut", "coloring"]
    assert body["hours"]["mon"] == [{"start": "09:00:00", "end_minute": 1260}]


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/projects/demo-salon/stats", {}, 401),
        ("/projects/demo-salon/stats", {"Authorization": "Bearer wrong"}, 401),
        ("/projects/demo-salon/queue", {"Authorization": TOKEN}, 401),
        ("/projects/other-salon/stats", AUTH, 404),
        ("/projects/demo-salon/config", {}, 401),
    ],
)
async def test_operators_only_and_only_their_project(
    web: httpx.AsyncClient, path: str, headers: dict[str, str], status: int
) -> None:
    assert (await web.get(path, headers=headers)).status_code == status


async def test_without_a_configured_token_the_routes_stay_closed(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SLEEPLAB_SALON_OPERATOR_TOKEN", raising=False)
    transport = httpx.ASGITransport(app=create_app(container, bot="salon"))
    async with httpx.AsyncClient(transport=transport, base_url="http://salon.test") as client:
        response = await client.get("/projects/demo-salon/stats", headers=AUTH)
    assert response.status_code == 404
    assert response.json()["detail"] == "operator access is not configured"
