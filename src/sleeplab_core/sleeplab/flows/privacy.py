"""``/privacy``: export everything we hold as JSON, or erase it after a confirmation."""

from __future__ import annotations

import json

from sleeplab_core.conversation import Attachment, Button, FlowContext, SendDocument
from sleeplab_core.documents.ports import DocumentStore
from sleeplab_core.ledger.ports import Ledger
from sleeplab_core.privacy import erase_user, export_user
from sleeplab_core.sleeplab.flows.base import BaseFlow


class Privacy(BaseFlow):
    name = "privacy"

    def __init__(self, documents: DocumentStore, ledger: Ledger | None = None) -> None:
        self._documents = documents
        self._ledger = ledger

    async def show(self, ctx: FlowContext) -> None:
        ctx.send(*self._screen(ctx))

    async def on_text(self, text: str, ctx: FlowContext) -> None:
        if not await self.press_typed(text, self._screen(ctx)[1], ctx):
            await super().on_text(text, ctx)

    def _screen(self, ctx: FlowContext) -> tuple[str, list[list[Button]]]:
        if ctx.data.get("confirm"):
            return ctx.t("sleeplab.privacy.confirm_delete"), [
                [ctx.button("sleeplab.privacy.delete_yes", "privacy:erase")],
                [ctx.button("sleeplab.privacy.delete_no", "privacy:menu")],
            ]
        return ctx.t("sleeplab.privacy.title"), [
            [ctx.button("sleeplab.privacy.export", "privacy:export")],
            [ctx.button("sleeplab.privacy.delete", "privacy:delete")],
            [ctx.button("sleeplab.menu.back", "privacy:back")],
        ]

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        match data:
            case "privacy:export":
                await self._export(ctx)
            case "privacy:delete":
                ctx.data["confirm"] = True
                await self.show(ctx)
            case "privacy:erase":
                await erase_user(
                    ctx.uow, ctx.user.id, now=ctx.clock.now(), documents=self._documents
                )
                ctx.forget_user()
                ctx.send(ctx.t("sleeplab.privacy.deleted"))
            case "privacy:menu":
                ctx.data.pop("confirm", None)
                await self.show(ctx)
            case "privacy:back":
                ctx.switch("menu" if ctx.user.consent else "welcome")
            case _:
                await super().on_button(data, ctx)

    async def _export(self, ctx: FlowContext) -> None:
        now = ctx.clock.now()
        document = await export_user(
            ctx.uow, ctx.user.id, now, documents=self._documents, ledger=self._ledger
        )
        key = f"exports/user-{ctx.user.id}/{now.strftime('%Y%m%dT%H%M%S')}.json"
        await self._documents.put(key, json.dumps(document, ensure_ascii=False, indent=2).encode())
        attachment = Attachment(
            key=key, filename="sleeplab-export.json", path=await self._documents.locate(key)
        )
        ctx.emit(SendDocument(attachment=attachment, caption=ctx.t("sleeplab.privacy.exported")))
        await self.show(ctx)
