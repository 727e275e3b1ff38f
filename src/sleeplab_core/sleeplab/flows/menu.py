"""The main menu: the three levels with their state, language and privacy."""

from __future__ import annotations

from sleeplab_core.conversation import Button, FlowContext
from sleeplab_core.sleeplab.flows.base import BaseFlow
from sleeplab_core.sleeplab.journey import (
    LEVELS,
    LevelState,
    is_unlocked,
    level_state,
    previous_level,
)


class Menu(BaseFlow):
    name = "menu"

    async def enter(self, ctx: FlowContext) -> None:
        level = ctx.data.pop("open", None)
        if level in LEVELS:
            await self._open(ctx, str(level))
        else:
            await self.show(ctx)

    async def show(self, ctx: FlowContext) -> None:
        text, rows = await self._screen(ctx)
        ctx.send(text, rows)

    async def on_text(self, text: str, ctx: FlowContext) -> None:
        _, rows = await self._screen(ctx)
        if not await self.press_typed(text, rows, ctx):
            await super().on_text(text, ctx)

    async def _screen(self, ctx: FlowContext) -> tuple[str, list[list[Button]]]:
        rows: list[list[Button]] = []
        lines = [ctx.t("sleeplab.menu.title")]
        for level in LEVELS:
            state = await level_state(ctx.uow, ctx.user.id, level)
            lines.append(ctx.t(f"sleeplab.menu.{level.lower()}.{state.value}"))
            button = await self._level_button(ctx, level, state)
            if button is not None:
                rows.append([button])
        rows.append(
            [
                ctx.button("sleeplab.menu.language", "menu:language"),
                ctx.button("sleeplab.menu.privacy", "menu:privacy"),
            ]
        )
        return "\n".join(lines), rows

    async def _level_button(self, ctx: FlowContext, level: str, state: LevelState) -> Button | None:
        before = previous_level(level)
        if before and await level_state(ctx.uow, ctx.user.id, before) is not LevelState.COMPLETED:
            return None
        action = {
            LevelState.NOT_STARTED: "start",
            LevelState.IN_PROGRESS: "continue",
            LevelState.COMPLETED: "result",
        }[state]
        return ctx.button(f"sleeplab.menu.{action}", f"menu:{action}:{level}", level=level)

    async def on_button(self, data: str, ctx: FlowContext) -> None:
        parts = data.split(":")
        if parts[:1] != ["menu"] or len(parts) < 2:
            await super().on_button(data, ctx)
            return
        if parts[1] in ("language", "privacy"):
            ctx.switch(parts[1])
            return
        level = parts[2] if len(parts) > 2 and parts[2] in LEVELS else None
        if level is None:
            await super().on_button(data, ctx)
        elif parts[1] == "result":
            ctx.switch("result", level=level)
        else:
            await self._open(ctx, level)

    async def _open(self, ctx: FlowContext, level: str) -> None:
        """Start or continue ``level``, or show its offer when it is not unlocked."""
        if not await is_unlocked(ctx.uow, ctx.user.id, level, ctx.clock.now()):
            ctx.switch("offer", level=level)
        else:
            ctx.switch("questionnaire", level=level)
