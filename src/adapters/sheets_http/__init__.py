"""The bookings' spreadsheet copy over the Google Sheets REST API (v4) with httpx.

``SheetsCalendarSync`` upserts rows by booking id: one read of the worksheet's rows, one
``values:batchUpdate`` for rows that exist, one ``values:append`` (``INSERT_ROWS``) for new
ones; a missing worksheet is added with its header. 429 and 5xx answers raise
``SyncUnavailable`` (with Retry-After when given), so the outbox job retries with backoff.

Service ``calendar_sync`` (``build_service``) needs ``SLEEPLAB_SHEETS_SPREADSHEET_ID`` and
``SLEEPLAB_SHEETS_TOKEN`` (an OAuth access token); ``SLEEPLAB_SHEETS_URL`` overrides the API
address (tests point it at a local stand-in).
"""

from adapters.sheets_http.sync import SheetsCalendarSync, build_service

__all__ = ["SheetsCalendarSync", "build_service"]
