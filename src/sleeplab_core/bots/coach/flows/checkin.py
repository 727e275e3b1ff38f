"""``/checkin``: choose the goal, what happened (text or a voice note), what got in the way,
what went well, optionally photos; then the coach's structured advice and the streak. The
voice note and photos are attached to the check-in once it is saved."""

from __future__ import annotations

import logging

from sleeplab_core.bots.coach.flows.base import CoachFlow
from sleeplab_core.bots.coach.kit import personal_of, refusal, render_advice, uow
from sleeplab_core.coaching.errors import CoachingError, MediaRejected
from sleeplab_core.coaching.files import sniff
from sleeplab_core.coaching.model import GoalStatus, MediaKind
from sleeplab_core.coaching.use_cases.analyse import analyse
from sleeplab_core.coaching.use_cases.check_in import record_check_in
from sleeplab_core.coaching.use_cases.goals import attach_media
from sleeplab_core.coaching.use_cases.voice import draft_transcript
from sleeplab_core.conversation import (
    ButtonPress,
    Event,
    FlowContext,
    Media,
    Text,
)
from sleeplab_core.kernel.errors import ValidationFailed
from sleeplab_core.llm import PersonalData

log = logging.getLogger(__name__)
QUESTIONS = ("happened", "obstacles", "went_well")
#: Photos one check-in keeps.
MAX_PHOTOS = 3


class CheckInFlow(CoachFlow):
    name = "checkin"

    async def enter(self, ctx: FlowContext) -> None:
        ctx.data.clear()
        goals = [
            g for g in await uow(ctx).coaching.goals(ctx.user.id) if g.status is GoalStatus.ACTIVE
        ]
        if not goals:
            ctx.send(
                ctx.t("coach.checkin.no_goals"), [[ctx.button("coach.menu.goal", "menu:goal")]]
            )
            return
        if len(goals) == 1:
            ctx.data["goal"] = goals[0].id
            self._ask(ctx)
            return
        ctx.data["goals"] = [g.id for g in goals]
        ctx.send(
            ctx.t("coach.checkin.choose_goal"),
            [
                [ctx.button("coach.checkin.goal", f"ci:{n}", title=g.title[:40])]
                for n, g in enumerate(goals)
            ],
        )

    async def on_event(self, event: Event, ctx: FlowContext) -> None:
        if isinstance(event, ButtonPress) and event.data == "menu:goal":
            ctx.switch("new_goal")
        elif "goal" not in ctx.data:
            self._choose(event, ctx)
        elif isinstance(event, Media) and event.kind == "voice":
            await self._voice(event, ctx)
        elif isinstance(event, Media) and event.kind == "photo":
            await self._photo(event, ctx)
        elif isinstance(event, ButtonPress) and event.data == "ci:use" and "draft" in ctx.data:
            await self._answer(ctx.data["draft"], ctx, None)
        elif isinstance(event, ButtonPress) and event.data == "ci:skip":
            await self._answer("", ctx, None)
        elif isinstance(event, Text):
            await self._answer(event.text, ctx, personal_of(event))
        else:
            self._ask(ctx)

    def _choose(self, event: Event, ctx: FlowContext) -> None:
        ids = ctx.data.get("goals", [])
        data = event.data if isinstance(event, ButtonPress) else ""
        index = data.removeprefix("ci:")
        if index.isdigit() and int(index) < len(ids):
            ctx.data["goal"] = ids[int(index)]
            self._ask(ctx)
        else:
            ctx.send(ctx.t("coach.checkin.choose_goal"))

    def _ask(self, ctx: FlowContext) -> None:
        step = QUESTIONS[len(ctx.data.get("answers", []))]
        skip = [] if step == "happened" else [[ctx.button("coach.checkin.skip", "ci:skip")]]
        ctx.send(ctx.t(f"coach.checkin.{step}"), skip)

    async def _voice(self, event: Media, ctx: FlowContext) -> None:
        data = await self.kit.downloads.fetch(event.file_id or "")
        if data is None:
            ctx.send(ctx.t("coach.error.download"))
            return
        try:
            draft = await draft_transcript(self.kit.coach.speech, data, ctx.locale)
        except CoachingError as error:
            ctx.send(refusal(ctx, error))
            return
        ctx.data["voice"] = event.file_id
        if draft is None:
            ctx.send(ctx.t("coach.voice.summarise"))
            return
        ctx.data["draft"] = draft
        ctx.send(
            ctx.t("coach.voice.confirm", text=draft), [[ctx.button("coach.voice.use", "ci:use")]]
        )

    async def _photo(self, event: Media, ctx: FlowContext) -> None:
        """Check the photo now (a clear message for a bad one); keep it for the check-in."""
        photos: list[str] = ctx.data.setdefault("photos", [])
        if len(photos) >= MAX_PHOTOS:
            ctx.send(ctx.t("coach.checkin.photo_limit", limit=MAX_PHOTOS))
            self._ask(ctx)
            return
        file_id = event.file_id or ""
        data = await self.kit.downloads.fetch(file_id)
        if data is None:
            ctx.send(ctx.t("coach.error.download"))
            return
        try:
            sniff(MediaKind.PHOTO, data)
        except MediaRejected as error:
            ctx.send(refusal(ctx, error))
            return
        photos.append(file_id)
        ctx.send(ctx.t("coach.checkin.photo_kept"), tag="notice")
        self._ask(ctx)

    def _keep_voice(self, ctx: FlowContext, transcript: str) -> None:
        """Keep the voice note with the transcript the user confirmed or corrected; it is
        stored with the check-in."""
        file_id = ctx.data.pop("voice", None)
        ctx.data.pop("draft", None)
        if file_id:
            ctx.data.setdefault("voices", []).append([file_id, transcript])

    async def _attach(self, ctx: FlowContext, check_in_id: str) -> None:
        """Store the check-in's voice notes and photos (a file gone meanwhile is skipped)."""
        files: list[tuple[MediaKind, str, str | None]] = [
            (MediaKind.VOICE, file_id, transcript)
            for file_id, transcript in ctx.data.get("voices", [])
        ]
        files += [(MediaKind.PHOTO, file_id, None) for file_id in ctx.data.get("photos", [])]
        for kind, file_id, transcript in files:
            data = await self.kit.downloads.fetch(file_id)
            if data is None:
                log.warning("a check-in's file could not be fetched again")
                continue
            await attach_media(
                uow(ctx),
                ctx.clock,
                self.kit.coach.files,
                ctx.user.id,
                kind,
                data,
                check_in_id=check_in_id,
                transcript=transcript,
            )

    async def _answer(self, text: str, ctx: FlowContext, personal: PersonalData | None) -> None:
        answers = [*ctx.data.get("answers", []), text.strip()]
        if not answers[0]:
            ctx.send(ctx.t("coach.checkin.happened"))
            return
        if "voice" in ctx.data:
            self._keep_voice(ctx, answers[-1])
        ctx.data["answers"] = answers
        if len(answers) < len(QUESTIONS):
            self._ask(ctx)
            return
        await self._finish(ctx, answers, personal)

    async def _finish(
        self, ctx: FlowContext, answers: list[str], personal: PersonalData | None
    ) -> None:
        try:
            check_in = await record_check_in(
                uow(ctx), ctx.clock, ctx.user.id, ctx.data["goal"], *answers
            )
        except (CoachingError, ValidationFailed) as error:
            ctx.send(refusal(ctx, error))
            ctx.switch("menu")
            return
        try:
            await self._attach(ctx, check_in.id)
        except CoachingError as error:  # checked on arrival; a refusal here is unexpected
            log.warning("a check-in's file was refused: %s", type(error).__name__)
        advice = await analyse(
            uow(ctx),
            ctx.clock,
            self.kit.coach,
            ctx.user.id,
            locale=ctx.locale,
            check_in_id=check_in.id,
            personal=personal,
        )
        ctx.send(ctx.t("coach.checkin.saved") + "\n\n" + render_advice(ctx, advice))
        ctx.switch("progress")
