"""The salon's HTTP routes limit each source: a clear 429 with Retry-After, logged.

Request rates are token buckets per source address and route group (driven by the app's
clock); failed secret checks are counted per source by the web guard's failure counter.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import httpx
import pytest

from entrypoints.containers import Container
from entrypoints.web import salon as salon_web
from entrypoints.web.app import create_app
from entrypoints.web.guard import FAILURE_LIMIT
from sleeplab_core.jobs.rate_limit import TokenBucket
from sleeplab_core.kernel.clock import FakeClock

TOKEN = "operator-token-for-tests-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SECRET = "sendpulse-webhook-secret"
STATS = "/projects/demo-salon/stats"
HOOK = f"/webhook/sendpulse/{SECRET}"
Clients = Callable[[str], httpx.AsyncClient]


@pytest.fixture
async def from_address(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Clients]:
    """HTTP clients of one app, each calling from the address it is given."""
    monkeypatch.setenv("SLEEPLAB_SALON_OPERATOR_TOKEN", TOKEN)
    monkeypatch.setenv("SLEEPLAB_SENDPULSE_WEBHOOK_SECRET", SECRET)
    monkeypatch.setitem(salon_web.LIMITS, "operator", TokenBucket(rate=0.5, burst=3))
    monkeypatch.setitem(salon_web.LIMITS, "webhook", TokenBucket(rate=1.0, burst=2))
    app = create_app(container, bot="salon")
    opened: list[httpx.AsyncClient] = []

    def client(address: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(address, 40_000))
        opened.append(httpx.AsyncClient(transport=transport, base_url="http://salon.test"))
        return opened[-1]

    yield client
    for each in opened:
        await each.aclose()


async def test_an_operator_source_past_its_burst_waits_as_told(
    from_address: Clients, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    busy, other = from_address("198.51.100.7"), from_address("198.51.100.8")
    for _ in range(3):
        assert (await busy.get(STATS, headers=AUTH)).status_code == 200

    with caplog.at_level(logging.WARNING):
        refused = await busy.get("/projects/demo-salon/config", headers=AUTH)

    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "2"  # one token at 0.5 per second
    assert "too many requests" in refused.json()["detail"]
    assert "198.51.100.7" in caplog.text
    assert "operator" in caplog.text
    assert (await other.get(STATS, headers=AUTH)).status_code == 200, "per source"
    clock.advance(timedelta(seconds=1))
    assert (await busy.get(STATS, headers=AUTH)).status_code == 429
    clock.advance(timedelta(seconds=1))
    assert (await busy.get(STATS, headers=AUTH)).status_code == 200


async def test_the_webhook_limit_refuses_before_anything_is_stored(
    from_address: Clients, container: Container, clock: FakeClock
) -> None:
    sendpulse = from_address("203.0.113.20")
    assert [(await sendpulse.post(HOOK, json=[])).status_code for _ in range(2)] == [200, 200]

    refused = await sendpulse.post(HOOK, json=[])

    assert (refused.status_code, refused.headers["Retry-After"]) == (429, "1")
    clock.advance(timedelta(seconds=1))
    assert (await sendpulse.post(HOOK, json=[])).status_code == 200


@pytest.mark.parametrize(
    ("path", "wrong", "right"),
    [
        (STATS, {"Authorization": "Bearer not-the-token"}, AUTH),
        ("/webhook/sendpulse/guessed", None, None),
    ],
)
async def test_a_source_guessing_secrets_is_shut_out_for_a_while(
    from_address: Clients,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    path: str,
    wrong: dict[str, str] | None,
    right: dict[str, str] | None,
) -> None:
    guesser, honest = from_address("192.0.2.66"), from_address("192.0.2.67")
    is_hook = path.startswith("/webhook")

    async def call(client: httpx.AsyncClient, headers: dict[str, str] | None) -> httpx.Response:
        clock.advance(timedelta(seconds=2))  # slow enough for the request rate
        if is_hook:
            return await client.post(path if headers is None else HOOK, json=[])
        return await client.get(path, headers=headers)

    with caplog.at_level(logging.WARNING):
        failures = [(await call(guesser, wrong)).status_code for _ in range(FAILURE_LIMIT)]
        shut = await call(guesser, {} if is_hook else right)  # even the right secret now

    assert set(failures) == {403 if is_hook else 401}
    assert (shut.status_code, shut.headers["Retry-After"]) == (429, "60")
    assert "too many failed attempts" in caplog.text
    assert "not-the-token" not in caplog.text
    assert "guessed" not in caplog.text
    assert (await call(honest, {} if is_hook else right)).status_code == 200
