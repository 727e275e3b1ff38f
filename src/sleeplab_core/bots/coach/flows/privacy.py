"""``/privacy``: export everything (coaching included) as JSON, or erase it all, files too."""

from __future__ import annotations

import json

from sleeplab_core.bots.coach.flows.base import CoachFlow
from sleeplab_core.bots.coach.kit import CoachKit, uow
from sleeplab_core.coaching.use_cases.privacy import (
    erase_coaching,
    export_coaching,
    export_media_archive,
)
from sleeplab_core.coaching.use_cases.remind import REMIND_JOB_KIND
from sleeplab_core.conversation import (
    Attachment,
    ButtonPress,
    Event,
    FlowContext,
    SendDocument,
)
from sleeplab_core.documents.ports import DocumentStore
from sleeplab_core.jobs.model import JobState
from sleeplab_core.privacy import erase_user, export_user


class Privacy(CoachFlow):
    name = "privacy"

    def __init__(self, kit: CoachKit, documents: DocumentStore) -> None:
        super().__init__(kit)
        self.documents = documents

    async def enter(self, ctx: FlowContext) -> None:
        ctx.data.clear()
        ctx.send(
            ctx.t("coach.privacy.title"),
            [
                [ctx.button("coach.privacy.export", "privacy:export")],
                [ctx.button("coach.privacy.erase", "privacy:confirm")],
                [ctx.button("coach.menu.back", "privacy:back")],
            ],
        )

    async def on_event(self, event: Event, ctx: FlowContext) -> None:
        data = event.data if isinstance(event, ButtonPress) else ""
        if data == "":
            await self.enter(ctx)
        elif data == "privacy:export":
            await self._export(ctx)
        elif data == "privacy:confirm":
            ctx.send(
                ctx.t("coach.privacy.confirm"),
                [
                    [ctx.button("coach.privacy.erase_yes", "privacy:erase")],
                    [ctx.button("coach.privacy.erase_no", "privacy:back")],
                ],
            )
        elif data == "privacy:erase":
            await self._erase(ctx)
        else:
            ctx.switch("menu")

    async def _export(self, ctx: FlowContext) -> None:
        now = ctx.clock.now()
        document = await export_user(ctx.uow, ctx.user.id, now)
        document["coaching"] = await export_coaching(uow(ctx), ctx.user.id)
        key = f"exports/user-{ctx.user.id}/{now.strftime('%Y%m%dT%H%M%S')}-coach.json"
        await self.documents.put(key, json.dumps(document, ensure_ascii=False, indent=2).encode())
        attachment = Attachment(
            key=key, filename="coach-export.json", path=await self.documents.locate(key)
        )
        ctx.emit(SendDocument(attachment=attachment, caption=ctx.t("coach.privacy.exported")))
        archive = await export_media_archive(uow(ctx), self.kit.coach.files, ctx.user.id)
        if archive is not None:
            media_key = key.removesuffix(".json") + "-media.zip"
            await self.documents.put(media_key, archive)
            media = Attachment(
                key=media_key,
                filename="coach-media.zip",
                path=await self.documents.locate(media_key),
            )
            ctx.emit(SendDocument(attachment=media, caption=ctx.t("coach.privacy.media")))

    async def _erase(self, ctx: FlowContext) -> None:
        coaching = uow(ctx)
        now = ctx.clock.now()
        pending = await coaching.jobs.list(
            states=[JobState.SCHEDULED], kind=REMIND_JOB_KIND, user_id=ctx.user.id
        )
        for job in pending:
            await coaching.jobs.cancel(job.id, now)
        await erase_coaching(coaching, self.kit.coach.files, ctx.user.id)
        await erase_user(ctx.uow, ctx.user.id, now=now, documents=self.documents)
        ctx.forget_user()
        ctx.send(ctx.t("coach.privacy.erased"))
