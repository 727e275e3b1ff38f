"""``/new_goal``: a title, then a mood-board photo (or skip)."""

from __future__ import annotations

import logging

from sleeplab_core.bots.coach.flows.base import CoachFlow
from sleeplab_core.bots.coach.kit import refusal, uow
from sleeplab_core.coaching.errors import CoachingError
from sleeplab_core.coaching.model import MediaKind
from sleeplab_core.coaching.use_cases.goals import attach_media, create_goal
from sleeplab_core.conversation import (
    Button,
    ButtonPress,
    Event,
    FlowContext,
    Media,
    Text,
)
from sleeplab_core.kernel.errors import ValidationFailed

log = logging.getLogger(__name__)


class NewGoal(CoachFlow):
    name = "new_goal"

    async def enter(self, ctx: FlowContext) -> None:
        ctx.data.clear()
        ctx.send(ctx.t("coach.goal.ask_title"))

    async def on_event(self, event: Event, ctx: FlowContext) -> None:
        if "goal" not in ctx.data:
            await self._title(event, ctx)
        elif isinstance(event, ButtonPress) and event.data == "goal:done":
            ctx.switch("menu")
        elif isinstance(event, Media):
            await self._photo(event, ctx)
        else:
            ctx.send(ctx.t("coach.goal.ask_photo"), self._done(ctx))

    async def _title(self, event: Event, ctx: FlowContext) -> None:
        if not isinstance(event, Text):
            ctx.send(ctx.t("coach.goal.ask_title"))
            return
        try:
            goal = await create_goal(uow(ctx), ctx.clock, ctx.user.id, event.text)
        except ValidationFailed as error:
            ctx.send(refusal(ctx, error))
            return
        ctx.data["goal"] = goal.id
        ctx.send(
            ctx.t("coach.goal.created", title=goal.title) + "\n" + ctx.t("coach.goal.ask_photo"),
            self._done(ctx),
        )

    async def _photo(self, event: Media, ctx: FlowContext) -> None:
        if event.kind != "photo" or not event.file_id:
            ctx.send(ctx.t("coach.error.media_photo_only"), self._done(ctx))
            return
        data = await self.kit.downloads.fetch(event.file_id)
        if data is None:
            log.warning("a photo could not be fetched")
            ctx.send(ctx.t("coach.error.download"), self._done(ctx))
            return
        try:
            await attach_media(
                uow(ctx),
                ctx.clock,
                self.kit.coach.files,
                ctx.user.id,
                MediaKind.PHOTO,
                data,
                goal_id=ctx.data["goal"],
            )
        except CoachingError as error:
            ctx.send(refusal(ctx, error), self._done(ctx))
            return
        ctx.send(ctx.t("coach.goal.photo_saved"), self._done(ctx))

    def _done(self, ctx: FlowContext) -> list[list[Button]]:
        return [[ctx.button("coach.goal.done", "goal:done")]]
