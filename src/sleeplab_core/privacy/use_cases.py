"""Export and erasure over the unit of work.

Erasure deletes the profile, answers, results and conversation state. Records accounting must
keep (payments, ledger entries) are anonymised by their own modules, not deleted here.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import attrs

from sleeplab_core.kernel.users import UserId
from sleeplab_core.storage.ports import UnitOfWork

log = logging.getLogger(__name__)

CONSENT_TEXT_VERSION = "2026-11"
"""The version of the consent text users agree to; bump it when the wording changes."""


async def export_user(uow: UnitOfWork, user_id: UserId, now: datetime) -> dict[str, Any]:
    """Everything stored about the user, as a JSON-ready document."""
    user = await uow.users.get(user_id)
    runs = await uow.runs.for_user(user_id)
    entitlements = await uow.entitlements.all_for(user_id)
    assistant = await uow.assistant.for_user(user_id)
    return {
        "format": "sleeplab-export/1",
        "exported_at": now.isoformat(),
        "user": _plain(attrs.asdict(user)) if user else None,
        "questionnaire_runs": [_plain(attrs.asdict(run)) for run in runs],
        "entitlements": [_plain(attrs.asdict(item)) for item in entitlements],
        "assistant_log": [_plain(attrs.asdict(entry)) for entry in assistant],
    }


async def erase_user(uow: UnitOfWork, user_id: UserId) -> None:
    """Delete the user's profile, answers, entitlements, assistant log and conversations;
    anonymise the orders and promo redemptions accounting keeps."""
    await uow.runs.delete_user(user_id)
    await uow.orders.anonymise_user(user_id)
    await uow.promos.anonymise_user(user_id)
    await uow.subscriptions.delete_user(user_id)
    await uow.assistant.delete_user(user_id)
    await uow.entitlements.delete_user(user_id)
    await uow.conversations.delete_user(user_id)
    await uow.users.delete(user_id)
    log.info("user %s erased on request", user_id)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
