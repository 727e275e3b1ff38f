"""``/new_goal``: a title, then mood-board photos and voice notes (or Done)."""

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
        kinds = {"photo": MediaKind.PHOTO, "voice": MediaKind.VOICE, "audio": MediaKind.VOICE}
        kind = kinds.get(event.kind)
        if kind is None or not event.file_id:
            ctx.send(ctx.t("coach.error.media_goal"), self._done(ctx))
            return
        data = await self.kit.downloads.fetch(event.file_id)
        if data is None:
            log.warning("a goal's file could not be fetched")
            ctx.send(ctx.t("coach.error.download"), self._done(ctx))
            return
        try:
            await attach_media(
                uow(ctx),
                ctx.clock,
                self.kit.coach.files,
                ctx.user.id,
                kind,
                data,
                goal_id=ctx.data["goal"],
            )
        except CoachingError as error:
            ctx.send(refusal(ctx, error), self._done(ctx))
            return
        saved = "coach.goal.photo_saved" if kind is MediaKind.PHOTO else "coach.goal.voice_saved"
        ctx.send(ctx.t(saved), self._done(ctx))

    def _done(self, ctx: FlowContext) -> list[list[Button]]:
        return [[ctx.button("coach.goal.done", "goal:done")]]
