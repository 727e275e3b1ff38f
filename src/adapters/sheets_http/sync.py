"""``SheetsCalendarSync``: the CalendarSync port on the Sheets REST API."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from adapters.sheets_http.auth import (
    ServiceAccountKeyInvalid,
    ServiceAccountTokens,
    StaticToken,
    TokenSource,
)
from sleeplab_core.booking.errors import SyncUnavailable
from sleeplab_core.booking.sheets import HEADER, SheetRow
from sleeplab_core.platform import ServiceEnvironment

log = logging.getLogger(__name__)

DEFAULT_URL = "https://sheets.googleapis.com"
LAST_COLUMN = "H"  # HEADER has eight columns
ID_COLUMN = len(HEADER) - 1
TIMEOUT_SECONDS = 10.0


class SheetsCalendarSync:
    """:class:`~sleeplab_core.booking.sheets.CalendarSync` for one spreadsheet."""

    def __init__(
        self,
        spreadsheet_id: str,
        token: str | TokenSource,
        *,
        base_url: str = DEFAULT_URL,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self._base = f"{base_url.rstrip('/')}/v4/spreadsheets/{quote(spreadsheet_id, safe='')}"
        self._tokens: TokenSource = StaticToken(token) if isinstance(token, str) else token
        self._client = client or httpx.AsyncClient(timeout=TIMEOUT_SECONDS)

    def __repr__(self) -> str:
        return "SheetsCalendarSync(<spreadsheet>)"  # never the token

    async def upsert(self, rows: Sequence[SheetRow]) -> None:
        """Write ``rows`` in few requests whatever their number: one read of every worksheet
        concerned (``values:batchGet``), one ``values:batchUpdate`` for every row already
        there, one ``append`` per worksheet with new rows (Google allows 60 writes a minute
        per user)."""
        by_sheet: dict[str, list[SheetRow]] = {}
        for row in rows:
            by_sheet.setdefault(row.worksheet, []).append(row)
        if not by_sheet:
            return
        await self._ensure_sheets(sorted(by_sheet))
        present = await self._values_of(sorted(by_sheet))
        updates: list[dict[str, Any]] = []
        appends: dict[str, list[list[str]]] = {}
        for worksheet, wanted in by_sheet.items():
            line_of = {
                row[ID_COLUMN]: number
                for number, row in enumerate(present.get(worksheet, []), start=1)
                if len(row) > ID_COLUMN and number > 1
            }
            for row in {row.booking_id: row for row in wanted}.values():  # the last wins
                if row.booking_id in line_of:
                    line = line_of[row.booking_id]
                    updates.append({"range": _range(worksheet, f"A{line}:{LAST_COLUMN}{line}"),
                                    "values": [list(row.cells)]})  # fmt: skip
                else:
                    appends.setdefault(worksheet, []).append(list(row.cells))
        if updates:
            body = {"valueInputOption": "RAW", "data": updates}
            await self._call("POST", f"{self._base}/values:batchUpdate", json=body)
        for worksheet, new in appends.items():
            target = quote(_range(worksheet, f"A:{LAST_COLUMN}"), safe="")
            await self._call(
                "POST", f"{self._base}/values/{target}:append",
                params={"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"},
                json={"values": new},
            )  # fmt: skip

    async def rows(self, worksheet: str) -> list[tuple[str, ...]]:
        existing = await self._titles()
        if worksheet not in existing:
            return []
        return [tuple(row) for row in (await self._values(worksheet))[1:]]

    async def rows_of(self, worksheets: Sequence[str]) -> dict[str, list[tuple[str, ...]]]:
        existing = await self._titles()
        wanted = [name for name in worksheets if name in existing]
        if not wanted:
            return {}
        ranges = [_range(name, f"A:{LAST_COLUMN}") for name in wanted]
        found = await self._call("GET", f"{self._base}/values:batchGet",
                                 params=[("ranges", r) for r in ranges])  # fmt: skip
        values = found.get("valueRanges", [])
        return {
            name: [tuple(str(c) for c in row) for row in (part.get("values") or [])[1:]]
            for name, part in zip(wanted, values, strict=False)
        }

    async def ping(self) -> None:
        await self._titles()

    async def _ensure_sheets(self, titles: list[str]) -> None:
        existing = await self._titles()
        missing = [title for title in titles if title not in existing]
        if not missing:
            return
        requests = [{"addSheet": {"properties": {"title": title}}} for title in missing]
        await self._call("POST", f"{self._base}:batchUpdate", json={"requests": requests})
        data = [{"range": _range(t, f"A1:{LAST_COLUMN}1"), "values": [list(HEADER)]}
                for t in missing]  # fmt: skip
        body = {"valueInputOption": "RAW", "data": data}
        await self._call("POST", f"{self._base}/values:batchUpdate", json=body)

    async def _titles(self) -> set[str]:
        found = await self._call("GET", self._base, params={"fields": "sheets.properties.title"})
        return {sheet["properties"]["title"] for sheet in found.get("sheets", [])}

    async def _values_of(self, worksheets: Sequence[str]) -> dict[str, list[list[str]]]:
        ranges = [_range(name, f"A:{LAST_COLUMN}") for name in worksheets]
        found = await self._call("GET", f"{self._base}/values:batchGet",
                                 params=[("ranges", r) for r in ranges])  # fmt: skip
        return {
            name: [[str(cell) for cell in row] for row in (part.get("values") or [])]
            for name, part in zip(worksheets, found.get("valueRanges", []), strict=False)
        }

    async def _values(self, worksheet: str) -> list[list[str]]:
        target = quote(_range(worksheet, f"A:{LAST_COLUMN}"), safe="")
        found = await self._call("GET", f"{self._base}/values/{target}")
        return [[str(cell) for cell in row] for row in found.get("values", [])]

    async def _call(self, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
        response = await self._send(method, url, **kwargs)
        if response.status_code == 401:  # a token revoked before its time: mint anew, once
            self._tokens.forget()
            response = await self._send(method, url, **kwargs)
        if response.status_code == 429 or response.status_code >= 500:
            raise SyncUnavailable(
                f"the sheet answered {response.status_code}", _retry_after(response)
            )
        if response.status_code >= 400:
            raise SyncUnavailable(f"the sheet refused the request ({response.status_code})")
        found: dict[str, Any] = response.json() if response.content else {}
        return found

    async def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {await self._tokens.token()}"}
        try:
            return await self._client.request(method, url, headers=headers, **kwargs)
        except httpx.HTTPError as error:
            raise SyncUnavailable(f"the sheet is unreachable ({type(error).__name__})") from None


def _range(worksheet: str, cells: str) -> str:
    return "'" + worksheet.replace("'", "''") + "'!" + cells


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return float(value)
    except ValueError:
        return None


def build_service(env: ServiceEnvironment) -> SheetsCalendarSync | None:
    """The ``calendar_sync`` service, or None when no spreadsheet is configured.

    Credentials: ``SLEEPLAB_SHEETS_SERVICE_ACCOUNT_FILE`` (a service-account key, tokens
    minted and renewed here) or ``SLEEPLAB_SHEETS_TOKEN`` (an access token minted elsewhere).
    A key that cannot be read leaves the copy off, with a log line naming the problem.
    """
    spreadsheet = env.settings.get("sheets_spreadsheet_id", "")
    key_file = env.settings.get("sheets_service_account_file", "")
    token: str | TokenSource = env.settings.get("sheets_token", "")
    if key_file:
        try:
            token = ServiceAccountTokens.from_file(Path(key_file), clock=env.clock)
        except ServiceAccountKeyInvalid as error:
            log.error("the sheet copy is off: %s", error)
            return None
    if not spreadsheet or not token:
        return None
    return SheetsCalendarSync(
        spreadsheet, token, base_url=env.settings.get("sheets_url", DEFAULT_URL)
    )
