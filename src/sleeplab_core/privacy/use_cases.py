"""Export and erasure, both driven by the registry of where a user's data lives.

Erasure deletes the profile, answers, results, conversation state, assistant log, broadcast
deliveries and the user's files (report PDFs, earlier exports); cancels the user's pending
jobs and strips the rest of them; anonymises what accounting keeps (orders, payments, promo
redemptions). The ledger keeps its append-only book (see the registry for why). The
capability modules the unit of work carries (coaching, rewards, booking, funnels) are
exported and erased by their own registry entries.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import attrs

from sleeplab_core.documents.ports import DocumentStore
from sleeplab_core.kernel.users import UserId
from sleeplab_core.ledger.ports import Ledger
from sleeplab_core.privacy.registry import REGISTRY, PrivacyContext
from sleeplab_core.storage.ports import UnitOfWork

log = logging.getLogger(__name__)

CONSENT_TEXT_VERSION = "2026-11"
"""The version of the consent text users agree to; bump it when the wording changes."""
EXPORT_FORMAT = "sleeplab-export/2"


async def export_user(
    uow: UnitOfWork,
    user_id: UserId,
    now: datetime,
    *,
    documents: DocumentStore | None = None,
    ledger: Ledger | None = None,
) -> dict[str, Any]:
    """Everything stored about the user, one section per registry location, JSON-ready.

    Sections a caller cannot reach (no ``documents`` or ``ledger`` given) are ``None``;
    modules the unit of work does not carry have no section.
    """
    ctx = PrivacyContext(uow=uow, now=now, documents=documents, ledger=ledger)
    document: dict[str, Any] = {"format": EXPORT_FORMAT, "exported_at": now.isoformat()}
    for location in REGISTRY:
        if location.export is not None and location.applies_to(uow):
            document[location.name] = _plain(await location.export(ctx, user_id))
    return document


async def erase_user(
    uow: UnitOfWork,
    user_id: UserId,
    *,
    now: datetime,
    documents: DocumentStore | None = None,
    file_stores: Mapping[str, Any] | None = None,
) -> None:
    """Erase the user from every registry location the unit of work carries (files only
    when ``documents`` is given; a module's files through ``file_stores[module]``, or by a
    job of that module; pending jobs are cancelled as of ``now``)."""
    ctx = PrivacyContext(uow=uow, now=now, documents=documents, file_stores=file_stores or {})
    for location in REGISTRY:
        if location.erase is not None and location.applies_to(uow):
            await location.erase(ctx, user_id)
    log.info("user %s erased on request", user_id)


def _plain(value: Any) -> Any:
    if attrs.has(type(value)):
        return _plain(attrs.asdict(value, recurse=False))
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
