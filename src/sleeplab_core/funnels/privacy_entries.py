"""Where the funnels module keeps a user's data, for the shared privacy registry."""

from __future__ import annotations

from typing import Any, cast

from sleeplab_core.funnels.ports import FunnelRepository
from sleeplab_core.kernel.privacy import Location, PrivacyContext, Treatment
from sleeplab_core.kernel.users import UserId

MODULE = "funnels"


def _funnels(ctx: PrivacyContext) -> FunnelRepository:
    return cast(FunnelRepository, getattr(ctx.uow, MODULE))


async def _export(ctx: PrivacyContext, user_id: UserId) -> Any:
    return await _funnels(ctx).for_user(user_id)


async def _erase(ctx: PrivacyContext, user_id: UserId) -> None:
    await _funnels(ctx).delete_user(user_id)


PRIVACY: tuple[Location, ...] = (
    Location(
        name="funnel_events",
        module=MODULE,
        tables=(("funnel_events", "user_id"),),
        treatment=Treatment.DELETED,
        export=_export,
        erase=_erase,
    ),
)
