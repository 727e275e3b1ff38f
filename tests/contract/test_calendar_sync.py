"""The CalendarSync contract on the in-memory fake and on the Sheets adapter, the latter
over real HTTP against a local stand-in of the Sheets API."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sheets_stand_in import SPREADSHEET, TOKEN, SheetsStandIn, running

from adapters.sheets_http import SheetsCalendarSync
from adapters.sheets_http.auth import ServiceAccountKeyInvalid, ServiceAccountTokens
from sleeplab_core.booking.errors import SyncUnavailable
from sleeplab_core.booking.fakes import InMemoryCalendarSync
from sleeplab_core.booking.sheets import HEADER
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.testing.contracts.calendar_sync import CalendarSyncContract, row


class TestInMemoryCalendarSync(CalendarSyncContract):
    @pytest.fixture
    def fake(self) -> InMemoryCalendarSync:
        return InMemoryCalendarSync()

    @pytest.fixture
    def sync(self, fake: InMemoryCalendarSync) -> InMemoryCalendarSync:
        return fake

    @pytest.fixture
    def outage(self, fake: InMemoryCalendarSync) -> Callable[[], None]:
        return fake.fail_next


@pytest.fixture
def stand_in() -> SheetsStandIn:
    return SheetsStandIn()


@pytest.fixture
async def sheets(stand_in: SheetsStandIn) -> AsyncIterator[SheetsCalendarSync]:
    async with running(stand_in) as url, httpx.AsyncClient() as client:
        yield SheetsCalendarSync(SPREADSHEET, TOKEN, base_url=url, client=client)


class TestSheetsCalendarSync(CalendarSyncContract):
    @pytest.fixture
    def sync(self, sheets: SheetsCalendarSync) -> SheetsCalendarSync:
        return sheets

    @pytest.fixture
    def outage(self, stand_in: SheetsStandIn) -> Callable[[], None]:
        return lambda: stand_in.fail_next(503)


async def test_a_new_worksheet_gets_the_header_first(
    sheets: SheetsCalendarSync, stand_in: SheetsStandIn
) -> None:
    await sheets.upsert([row("b1")])
    assert stand_in.sheets["Анна"][0] == list(HEADER)


async def test_a_quota_answer_carries_its_retry_after(
    sheets: SheetsCalendarSync, stand_in: SheetsStandIn
) -> None:
    stand_in.fail_next(429)
    with pytest.raises(SyncUnavailable) as raised:
        await sheets.upsert([row("b1")])
    assert raised.value.retry_after == 2.0


async def test_a_batch_costs_a_fixed_number_of_calls(
    sheets: SheetsCalendarSync, stand_in: SheetsStandIn
) -> None:
    await sheets.upsert([row("b0")])
    stand_in.requests.clear()
    await sheets.upsert([row(f"b{n}") for n in range(20)])
    assert len(stand_in.requests) == 4  # titles, read, one update, one append


async def test_many_worksheets_share_one_read_and_one_write_of_existing_rows(
    sheets: SheetsCalendarSync, stand_in: SheetsStandIn
) -> None:
    people = ["Анна", "Мария", "Ольга"]
    await sheets.upsert([row(f"{p}-0", p) for p in people])
    stand_in.requests.clear()

    moved = [row(f"{p}-0", p, time="12:00") for p in people]
    await sheets.upsert([*moved, row("Анна-1", "Анна"), row("Анна-1", "Анна", time="15:00")])

    writes = [path for method, path in stand_in.requests if method == "POST"]
    assert sum(path.endswith("/values:batchUpdate") for path in writes) == 1
    assert sum(path.endswith(":append") for path in writes) == 1  # new rows of one worksheet
    assert len(stand_in.requests) == 4  # titles, one batchGet, one update, one append
    for person in people:
        assert [r[2] for r in stand_in.sheets[person][1:2]] == ["12:00"]
    assert [r[2] for r in stand_in.sheets["Анна"][2:]] == ["15:00"], "the last version wins"
    await sheets.upsert([*moved, row("Анна-1", "Анна", time="15:00")])  # a retried run
    assert [len(stand_in.sheets[p]) for p in people] == [3, 2, 2]


async def test_an_unreachable_sheet_is_unavailable_not_a_crash() -> None:
    sync = SheetsCalendarSync(SPREADSHEET, TOKEN, base_url="http://127.0.0.1:9")
    with pytest.raises(SyncUnavailable, match="unreachable"):
        await sync.upsert([row("b1")])


# Service-account tokens: the adapter mints its own bearer tokens (JWT bearer grant, RS256)
# from a key file, against the stand-in's token endpoint, and keeps them until they lapse.


def _key_pair() -> tuple[str, str]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


EMAIL = "salon-copy@project.iam.gserviceaccount.com"


@pytest.fixture(scope="module")
def key_pair() -> tuple[str, str]:
    return _key_pair()


async def test_service_account_tokens_are_minted_cached_and_renewed(
    stand_in: SheetsStandIn, key_pair: tuple[str, str], tmp_path: Path
) -> None:
    private, public = key_pair
    stand_in.service_account(public, EMAIL)
    clock = FakeClock(datetime(2026, 6, 3, 7, 0, tzinfo=UTC))
    async with running(stand_in) as url, httpx.AsyncClient() as client:
        key_file = tmp_path / "key.json"
        key_file.write_text(json.dumps({
            "type": "service_account", "client_email": EMAIL, "private_key": private,
            "private_key_id": "k1", "token_uri": f"{url}/token",
        }))  # fmt: skip
        tokens = ServiceAccountTokens.from_file(key_file, client=client, clock=clock)
        sheets = SheetsCalendarSync(SPREADSHEET, tokens, base_url=url, client=client)
        await sheets.upsert([row("b1")])
        await sheets.upsert([row("b2")])
        assert stand_in.tokens_minted == 1  # one token serves every call until it lapses
        clock.advance(timedelta(minutes=58))
        await sheets.ping()
        assert stand_in.tokens_minted == 1
        clock.advance(timedelta(minutes=1))  # a minute before it lapses: renewed early
        await sheets.ping()
        assert stand_in.tokens_minted == 2
        stand_in.revoke()  # refused before its time: minted again, the call goes through
        assert [r[-1] for r in await sheets.rows("Анна")] == ["b1", "b2"]
        assert stand_in.tokens_minted == 3
        assert "minted" not in repr(tokens)
        assert "PRIVATE" not in repr(tokens)


async def test_a_key_the_endpoint_refuses_makes_the_sheet_unavailable(
    stand_in: SheetsStandIn, key_pair: tuple[str, str]
) -> None:
    stand_in.service_account(key_pair[1], EMAIL)
    other_private, _ = _key_pair()
    async with running(stand_in) as url, httpx.AsyncClient() as client:
        key = {"client_email": EMAIL, "private_key": other_private, "token_uri": f"{url}/token"}
        sheets = SheetsCalendarSync(
            SPREADSHEET, ServiceAccountTokens(key, client=client), base_url=url, client=client
        )
        with pytest.raises(SyncUnavailable, match="refused the key"):
            await sheets.upsert([row("b1")])
    assert stand_in.tokens_minted == 0
    assert stand_in.sheets == {}


@pytest.mark.parametrize(
    ("content", "problem"),
    [("{}", "no client_email"), ("not json", "JSONDecodeError"), ("[1]", "not a JSON object")],
)
def test_an_unusable_key_file_is_named_not_guessed(
    tmp_path: Path, content: str, problem: str
) -> None:
    key_file = tmp_path / "key.json"
    key_file.write_text(content)
    with pytest.raises(ServiceAccountKeyInvalid, match=problem):
        ServiceAccountTokens.from_file(key_file)


def test_a_garbled_private_key_is_refused_when_signing() -> None:
    tokens = ServiceAccountTokens({"client_email": EMAIL, "private_key": "not a key"})
    with pytest.raises(ServiceAccountKeyInvalid, match="not usable"):
        asyncio.run(tokens.token())
