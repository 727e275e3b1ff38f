"""The operator routes: stats and queue of the salon, behind the operator token."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from salon_chat import SalonChat

from entrypoints.containers import Container, bot_context
from entrypoints.secret_policy import WeakSecret
from entrypoints.web.app import create_app
from sleeplab_core.bots.salon import salon_kit
from sleeplab_core.bots.salon.kit import salon_config

TOKEN = "operator-token-for-tests-0123456789abcdef"  # a strong secret: 32+ characters
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


# POST /projects/{id}/config: the whole config, validated, refused with a reason, saved
# atomically to the JSON file every process reads, audited.


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "salon.json"
    path.write_text(json.dumps(salon_config(None).model_dump(mode="json")), encoding="utf-8")
    monkeypatch.setenv("SLEEPLAB_SALON_CONFIG", str(path))
    return path


@pytest.fixture
async def editable(
    config_file: Path, container: Container, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[httpx.AsyncClient]:
    monkeypatch.setenv("SLEEPLAB_SALON_OPERATOR_TOKEN", TOKEN)
    transport = httpx.ASGITransport(app=create_app(container, bot="salon"))
    async with httpx.AsyncClient(transport=transport, base_url="http://salon.test") as client:
        yield client


CONFIG_URL = "/projects/demo-salon/config"


async def test_a_valid_config_replaces_the_running_one_for_every_process(
    editable: httpx.AsyncClient,
    config_file: Path,
    container: Container,
    caplog: pytest.LogCaptureFixture,
) -> None:
    config = (await editable.get(CONFIG_URL, headers=AUTH)).json()
    config["min_notice"] = 120
    config["services"].append({"id": "brows", "name": {"en": "Brows", "ru": "Брови"},
                               "slots": 1, "specialists": ["maria"]})  # fmt: skip
    with caplog.at_level(logging.INFO):
        response = await editable.post(CONFIG_URL, json=config, headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.json()["changed"] is True
    shown = (await editable.get(CONFIG_URL, headers=AUTH)).json()
    assert shown["min_notice"] == 120
    assert shown["services"][-1]["id"] == "brows"
    assert json.loads(config_file.read_text(encoding="utf-8"))["min_notice"] == 120
    # Another process (the worker) has a kit of its own: it follows the file.
    other = salon_kit(bot_context(container, "salon"))
    assert other.config.find_service("brows") is not None
    (audit,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("audit:")]
    assert "demo-salon config changed by an operator" in audit
    assert TOKEN not in caplog.text


@pytest.mark.parametrize(
    ("change", "status", "reason"),
    [
        (lambda c: "not json", 400, "JSON object"),
        (lambda c: [c], 400, "JSON object"),
        (
            lambda c: c | {"hours": {"mon": ["9 to 6"]}},
            422,
            "hours.mon.0: Value error, write a range",
        ),
        (lambda c: c | {"time_zone": "Mars/Olympus"}, 422, "unknown IANA time zone"),
        (lambda c: c | {"services": []}, 422, "services"),
        (lambda c: c | {"min_notice": 7}, 422, "multiple of 5"),
        (lambda c: c | {"id": "other-salon"}, 409, "the project id stays 'demo-salon'"),
    ],
)
async def test_bad_configs_are_refused_with_a_reason_and_change_nothing(
    editable: httpx.AsyncClient, config_file: Path, change: Any, status: int, reason: str
) -> None:
    before = config_file.read_bytes()
    shown = (await editable.get(CONFIG_URL, headers=AUTH)).json()
    body = change(dict(shown))
    sent = {"content": body} if isinstance(body, str) else {"json": body}
    response = await editable.post(CONFIG_URL, headers=AUTH, **sent)
    assert response.status_code == status
    assert reason in response.json()["detail"]
    assert config_file.read_bytes() == before
    assert (await editable.get(CONFIG_URL, headers=AUTH)).json() == shown


async def test_a_change_that_would_break_bookings_to_come_is_refused(
    editable: httpx.AsyncClient, chat: SalonChat, config_file: Path
) -> None:
    await chat.start()
    await chat.say("manicure with Anna tomorrow at 15:00")
    await chat.press(1)
    await chat.press("Confirm")
    config = (await editable.get(CONFIG_URL, headers=AUTH)).json()
    without_anna = config | {
        "specialists": [s for s in config["specialists"] if s["id"] != "anna"],
        "services": [s | {"specialists": [n for n in s["specialists"] or [] if n != "anna"]
                          or None} for s in config["services"]],
    }  # fmt: skip
    response = await editable.post(CONFIG_URL, json=without_anna, headers=AUTH)
    assert response.status_code == 409
    assert response.json()["detail"] == "specialist 'anna' has bookings to come: 1"
    no_manicure_for_anna = config | {"services": [
        s | {"specialists": ["maria"]} if s["id"] == "manicure" else s
        for s in config["services"]]}  # fmt: skip
    response = await editable.post(CONFIG_URL, json=no_manicure_for_anna, headers=AUTH)
    assert response.status_code == 409
    assert "must keep offering 'manicure'" in response.json()["detail"]
    await chat.say("cancel my booking")
    await chat.press("Yes, cancel")
    assert (await editable.post(CONFIG_URL, json=without_anna, headers=AUTH)).status_code == 200


async def test_changes_need_the_operator_token_and_a_json_file(
    web: httpx.AsyncClient, editable: httpx.AsyncClient
) -> None:
    config = (await web.get(CONFIG_URL, headers=AUTH)).json()
    assert (await editable.post(CONFIG_URL, json=config)).status_code == 401
    wrong = {"Authorization": "Bearer " + TOKEN[:-1] + "x"}
    assert (await editable.post(CONFIG_URL, json=config, headers=wrong)).status_code == 401


async def test_the_shipped_demo_config_is_read_only(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SLEEPLAB_SALON_CONFIG", raising=False)
    monkeypatch.setenv("SLEEPLAB_SALON_OPERATOR_TOKEN", TOKEN)
    transport = httpx.ASGITransport(app=create_app(container, bot="salon"))
    async with httpx.AsyncClient(transport=transport, base_url="http://salon.test") as client:
        config = (await client.get(CONFIG_URL, headers=AUTH)).json()
        response = await client.post(CONFIG_URL, json=config, headers=AUTH)
    assert response.status_code == 409
    assert "read-only" in response.json()["detail"]


def test_a_short_operator_token_stops_the_start(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLEEPLAB_SALON_OPERATOR_TOKEN", "short-token")
    with pytest.raises(WeakSecret, match="SLEEPLAB_SALON_OPERATOR_TOKEN"):
        create_app(container, bot="salon")
