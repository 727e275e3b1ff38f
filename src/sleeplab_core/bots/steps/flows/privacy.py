"""``/privacy``: export everything the Steps bot holds as JSON, or erase it after a check."""

from __future__ import annotations

import json

from sleeplab_core.bots.steps.flows.base import StepsFlow
from sleeplab_core.bots.steps.kit import StepsKit
from sleeplab_core.conversation import Attachment, FlowContext, SendDocument
from sleeplab_core.documents.ports import DocumentStore
from sleeplab_core.privacy import erase_user, export_user
from sleeplab_core.rewards.use_cases.privacy import erase_player, export_player


class PrivacyFlow(StepsFlow):
    name = "privacy"

    def __init__(self, kit: StepsKit, documents: DocumentStore) -> None:
        super().__init__(kit)
        self._documents = documents

    async def enter(self, ctx: FlowContext) -> None:
        ctx.data.clear()
        await self.show(ctx)

    async def show(self, ctx: FlowContext) -> None:
        if ctx.data.get("confirm"):
            ctx.send(
                ctx.t("steps.privacy.confirm_erase"),
                [
                    [ctx.button("steps.privacy.erase_yes", "privacy:erase")],
                    [ctx.button("steps.privacy.erase_no", "privacy:back")],
                ],
            )
            return
        ctx.send(
            ctx.t("steps.privacy.title"),
            [
                [ctx.button("steps.privacy.export", "privacy:export")],
                [ctx.button("steps.privacy.erase", "privacy:confirm")],
                self.home(ctx),
            ],
        )

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        if data == "privacy:export":
            await self._export(ctx)
        elif data == "privacy:confirm":
            ctx.data["confirm"] = True
        elif data == "privacy:back":
            ctx.data.pop("confirm", None)
        elif data == "privacy:erase" and ctx.data.get("confirm"):
            await erase_player(self.kit.uow(ctx), ctx.user.id)
            await erase_user(ctx.uow, ctx.user.id, now=ctx.clock.now(), documents=self._documents)
            ctx.forget_user()
            ctx.send(ctx.t("steps.privacy.erased"))
            return
        else:
            await super().on_button(data, ctx)
            return
        await self.show(ctx)

    async def _export(self, ctx: FlowContext) -> None:
        now = ctx.clock.now()
        document = await export_user(
            ctx.uow, ctx.user.id, now, documents=self._documents, ledger=self.kit.ledger
        )
        document["steps"] = await export_player(self.kit.uow(ctx), ctx.user.id)
        key = f"exports/user-{ctx.user.id}/steps-{now.strftime('%Y%m%dT%H%M%S')}.json"
        await self._documents.put(key, json.dumps(document, ensure_ascii=False, indent=2).encode())
        attachment = Attachment(
            key=key, filename="steps-export.json", path=await self._documents.locate(key)
        )
        ctx.emit(SendDocument(attachment=attachment, caption=ctx.t("steps.privacy.exported")))
