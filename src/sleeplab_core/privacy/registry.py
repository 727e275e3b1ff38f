"""Where a user's data lives: one registry that export and erasure both walk.

Each :class:`Location` names the SQL tables and columns holding a user id (so a test can
check that every such column of the schema is listed here), says what erasure does with it
(:class:`Treatment`, and why when it keeps anything), and carries the two functions that
export and erase it. Adding a table with a user id means adding a location: the completeness
test (``tests/contract/test_privacy.py``) fails until then. A capability module declares the
locations of its own tables next to its storage (``<module>/privacy_entries.py``, naming the
module); the registry collects them, and they apply wherever the unit of work carries that
module — so ``/privacy`` in any bot and the console's erase reach every module's tables.

Order matters for erasure: the report files are found through the questionnaire runs, so
they go before the runs.
"""

from __future__ import annotations

from typing import Any

from sleeplab_core.booking.privacy_entries import PRIVACY as BOOKING
from sleeplab_core.coaching.privacy_entries import PRIVACY as COACHING
from sleeplab_core.documents.keys import report_document_key
from sleeplab_core.funnels.privacy_entries import PRIVACY as FUNNELS
from sleeplab_core.kernel.errors import NotFound
from sleeplab_core.kernel.privacy import Erase, Export, Location, PrivacyContext, Treatment
from sleeplab_core.kernel.users import UserId
from sleeplab_core.operators.privacy_entries import PRIVACY as OPERATORS
from sleeplab_core.rewards.privacy_entries import PRIVACY as REWARDS

__all__ = [
    "MODULE_ENTRIES",
    "REGISTRY",
    "Erase",
    "Export",
    "Location",
    "PrivacyContext",
    "Treatment",
]

EXPORTS_FOLDER = "exports"
LEDGER_OWNER = "user:{user_id}"
LEDGER_UNITS = ("credits",)
"""The ledger units user accounts are kept in."""

MODULE_ENTRIES: tuple[Location, ...] = (*BOOKING, *COACHING, *FUNNELS, *OPERATORS, *REWARDS)
"""The capability modules' own entries (``<module>/privacy_entries.py``). Each names its
module; export and erasure skip it where the unit of work lacks that module."""


# --- export ------------------------------------------------------------------------------


async def _user(ctx: PrivacyContext, user_id: UserId) -> Any:
    return await ctx.uow.users.get(user_id)


async def _runs(ctx: PrivacyContext, user_id: UserId) -> Any:
    return await ctx.uow.runs.for_user(user_id)


async def _conversations(ctx: PrivacyContext, user_id: UserId) -> Any:
    return await ctx.uow.conversations.for_user(user_id)


async def _entitlements(ctx: PrivacyContext, user_id: UserId) -> Any:
    return await ctx.uow.entitlements.all_for(user_id)


async def _orders(ctx: PrivacyContext, user_id: UserId) -> Any:
    return await ctx.uow.orders.for_user(user_id)


async def _payments(ctx: PrivacyContext, user_id: UserId) -> Any:
    return [p for o in await ctx.uow.orders.for_user(user_id) for p in await _paid(ctx, o.id)]


async def _paid(ctx: PrivacyContext, order_id: str) -> Any:
    return await ctx.uow.payments.for_order(order_id)


async def _jobs(ctx: PrivacyContext, user_id: UserId) -> Any:
    return await ctx.uow.jobs.list(user_id=user_id, limit=10_000)


async def _deliveries(ctx: PrivacyContext, user_id: UserId) -> Any:
    return await ctx.uow.broadcasts.for_user(user_id)


async def _assistant(ctx: PrivacyContext, user_id: UserId) -> Any:
    return {
        "log": await ctx.uow.assistant.for_user(user_id),
        "preferences": await ctx.uow.assistant.preferences(user_id),
    }


async def _ledger(ctx: PrivacyContext, user_id: UserId) -> Any:
    if ctx.ledger is None:
        return None
    owner, found = LEDGER_OWNER.format(user_id=user_id), {}
    for unit in LEDGER_UNITS:
        try:
            found[unit] = {
                "balance": await ctx.ledger.balance(owner, unit),
                "history": await ctx.ledger.history(owner, unit),
            }
        except NotFound:
            continue
    return found


async def _files(ctx: PrivacyContext, user_id: UserId) -> Any:
    return await _file_keys(ctx, user_id) if ctx.documents is not None else None


# --- erase -------------------------------------------------------------------------------


async def _erase_files(ctx: PrivacyContext, user_id: UserId) -> None:
    if ctx.documents is None:
        return
    for key in await _file_keys(ctx, user_id):
        await ctx.documents.delete(key)


async def _file_keys(ctx: PrivacyContext, user_id: UserId) -> list[str]:
    assert ctx.documents is not None
    reports = [report_document_key(run.id) for run in await ctx.uow.runs.for_user(user_id)]
    present = [key for key in reports if await ctx.documents.exists(key)]
    return present + await ctx.documents.keys(f"{EXPORTS_FOLDER}/user-{user_id}")


async def _erase_runs(ctx: PrivacyContext, user_id: UserId) -> None:
    await ctx.uow.runs.delete_user(user_id)


async def _erase_conversations(ctx: PrivacyContext, user_id: UserId) -> None:
    await ctx.uow.conversations.delete_user(user_id)


async def _erase_entitlements(ctx: PrivacyContext, user_id: UserId) -> None:
    await ctx.uow.entitlements.delete_user(user_id)


async def _erase_orders(ctx: PrivacyContext, user_id: UserId) -> None:
    await ctx.uow.orders.anonymise_user(user_id)


async def _erase_payments(ctx: PrivacyContext, user_id: UserId) -> None:
    await ctx.uow.payments.anonymise_payer(user_id)


async def _erase_promos(ctx: PrivacyContext, user_id: UserId) -> None:
    await ctx.uow.promos.anonymise_user(user_id)


async def _erase_subscriptions(ctx: PrivacyContext, user_id: UserId) -> None:
    await ctx.uow.subscriptions.delete_user(user_id)


async def _erase_jobs(ctx: PrivacyContext, user_id: UserId) -> None:
    await ctx.uow.jobs.forget_user(user_id, ctx.now)


async def _erase_deliveries(ctx: PrivacyContext, user_id: UserId) -> None:
    await ctx.uow.broadcasts.delete_user(user_id)


async def _erase_assistant(ctx: PrivacyContext, user_id: UserId) -> None:
    await ctx.uow.assistant.delete_user(user_id)


async def _erase_user(ctx: PrivacyContext, user_id: UserId) -> None:
    await ctx.uow.users.delete(user_id)


REGISTRY: tuple[Location, ...] = (
    Location(
        name="files",
        folders=("reports/<run id>.pdf", f"{EXPORTS_FOLDER}/user-<id>/"),
        treatment=Treatment.DELETED,
        export=_files,
        erase=_erase_files,
    ),
    Location(
        name="questionnaire_runs",
        tables=(("questionnaire_runs", "user_id"),),
        treatment=Treatment.DELETED,
        export=_runs,
        erase=_erase_runs,
    ),
    Location(
        name="conversations",
        tables=(("conversations", "user_id"),),
        treatment=Treatment.DELETED,
        export=_conversations,
        erase=_erase_conversations,
    ),
    Location(
        name="entitlements",
        tables=(("entitlements", "user_id"),),
        treatment=Treatment.DELETED,
        export=_entitlements,
        erase=_erase_entitlements,
    ),
    Location(
        name="orders",
        tables=(("orders", "user_id"),),
        treatment=Treatment.ANONYMISED,
        export=_orders,
        erase=_erase_orders,
        why="accounting keeps orders; they go to the anonymous user",
    ),
    Location(
        name="payments",
        tables=(("payments", "payer_id"),),
        treatment=Treatment.ANONYMISED,
        export=_payments,
        erase=_erase_payments,
        why="accounting keeps payments; the payer is cleared",
    ),
    Location(
        name="promo_redemptions",
        tables=(("promo_redemptions", "user_id"),),
        treatment=Treatment.ANONYMISED,
        export=None,
        erase=_erase_promos,
        why="promo limits count uses; exported with the orders' promo codes",
    ),
    Location(
        name="subscriptions",
        tables=(("subscriptions", "user_id"), ("trials", "user_id")),
        treatment=Treatment.DELETED,
        export=None,
        erase=_erase_subscriptions,
        why="derived from the exported orders and payments",
    ),
    Location(
        name="jobs",
        tables=(("jobs", "user_id"),),
        treatment=Treatment.CANCELLED_AND_SCRUBBED,
        export=_jobs,
        erase=_erase_jobs,
        why="pending jobs are cancelled; rows stay without user, payload or key",
    ),
    Location(
        name="broadcast_deliveries",
        tables=(("broadcast_deliveries", "user_id"),),
        treatment=Treatment.DELETED,
        export=_deliveries,
        erase=_erase_deliveries,
    ),
    Location(
        name="assistant",
        tables=(("assistant_log", "user_id"), ("assistant_preferences", "user_id")),
        treatment=Treatment.DELETED,
        export=_assistant,
        erase=_erase_assistant,
    ),
    Location(
        name="ledger",
        tables=(("ledger_accounts", "owner"), ("ledger_grants", "owner")),
        treatment=Treatment.KEPT,
        export=_ledger,
        erase=None,
        why="an append-only book (docs/ledger.md): accounts are named user:<id> and hold "
        "amounts only; corrections are new transfers, never deletions",
    ),
    *MODULE_ENTRIES,
    Location(
        name="user",
        tables=(("users", "id"),),
        treatment=Treatment.DELETED,
        export=_user,
        erase=_erase_user,
    ),
)
