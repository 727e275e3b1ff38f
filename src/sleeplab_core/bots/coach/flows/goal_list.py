"""``/goals``: the user's goals with their status; pause, resume, complete or archive one,
rename it, add, replace or remove the photos of its mood board, and read or play back its
voice notes (played = the file sent again with its transcript as the caption; a channel
without audio, the terminal, shows the caption and where the file is)."""

from __future__ import annotations

import logging

from sleeplab_core.bots.coach.flows.base import CoachFlow
from sleeplab_core.bots.coach.kit import CoachKit, refusal, uow
from sleeplab_core.coaching.errors import CoachingError
from sleeplab_core.coaching.model import Goal, GoalStatus, MediaKind, MediaRef
from sleeplab_core.coaching.use_cases.edit_goal import (
    add_goal_photo,
    remove_goal_photo,
    rename_goal,
    replace_goal_photo,
)
from sleeplab_core.coaching.use_cases.goals import set_goal_status
from sleeplab_core.conversation import (
    Attachment,
    Button,
    ButtonPress,
    Event,
    FlowContext,
    Media,
    SendDocument,
    Text,
)
from sleeplab_core.documents.ports import DocumentStore
from sleeplab_core.jobs.quiet_hours import zone
from sleeplab_core.kernel.errors import ValidationFailed

log = logging.getLogger(__name__)

#: What each status allows: (button text key, new status).
ACTIONS: dict[GoalStatus, tuple[tuple[str, GoalStatus], ...]] = {
    GoalStatus.ACTIVE: (
        ("coach.goals.pause", GoalStatus.PAUSED),
        ("coach.goals.complete", GoalStatus.COMPLETED),
        ("coach.goals.archive", GoalStatus.ARCHIVED),
    ),
    GoalStatus.PAUSED: (
        ("coach.goals.resume", GoalStatus.ACTIVE),
        ("coach.goals.archive", GoalStatus.ARCHIVED),
    ),
    GoalStatus.COMPLETED: (("coach.goals.archive", GoalStatus.ARCHIVED),),
    GoalStatus.ARCHIVED: (("coach.goals.resume", GoalStatus.ACTIVE),),
}
#: Statuses whose mood board takes new photos (a closed goal's photos can only be removed).
OPEN = {GoalStatus.ACTIVE, GoalStatus.PAUSED}
#: A voice note's file name extension by its MIME subtype.
AUDIO_EXTENSIONS = {"mpeg": "mp3", "ogg": "ogg", "mp4": "m4a", "x-m4a": "m4a", "wav": "wav"}
#: The longest transcript line shown on a goal's screen (the caption of a play has it all).
VOICE_LINE = 120


class GoalList(CoachFlow):
    name = "goals"

    def __init__(self, kit: CoachKit, documents: DocumentStore | None = None) -> None:
        super().__init__(kit)
        #: Where a played voice note is staged for the messenger (None: no playing back).
        self.documents = documents

    async def enter(self, ctx: FlowContext) -> None:
        goals = await uow(ctx).coaching.goals(ctx.user.id)
        ctx.data.clear()
        ctx.data["ids"] = [goal.id for goal in goals]
        rows = [
            [
                ctx.button(
                    "coach.goals.item",
                    f"gl:{n}",
                    title=goal.title[:40],
                    status=ctx.t(f"coach.goals.status.{goal.status.value}"),
                )
            ]
            for n, goal in enumerate(goals)
        ]
        rows.append([ctx.button("coach.menu.goal", "menu:goal")])
        rows.append([ctx.button("coach.menu.back", "menu:back")])
        ctx.send(ctx.t("coach.goals.title" if goals else "coach.checkin.no_goals"), rows)

    async def on_event(self, event: Event, ctx: FlowContext) -> None:
        data = event.data if isinstance(event, ButtonPress) else ""
        ids: list[str] = ctx.data.get("ids", [])
        chosen = "chosen" in ctx.data
        if data.startswith("gl:") and data[3:].isdigit() and int(data[3:]) < len(ids):
            await self._choose(ctx, ids[int(data[3:])])
        elif data == "gl:back":
            await self.enter(ctx)
        elif data.startswith("gs:") and chosen:
            await self._change(ctx, data[3:])
        elif data == "ge:rename" and chosen:
            ctx.data["awaiting"] = "title"
            ctx.send(ctx.t("coach.goals.ask_title"), self._back(ctx))
        elif data == "ge:board" and chosen:
            await self._board(ctx)
        elif data == "ge:back" and chosen:
            await self._choose(ctx, ctx.data["chosen"])
        elif data == "gp:add" and chosen:
            ctx.data["awaiting"] = "photo"
            ctx.data.pop("replacing", None)
            ctx.send(ctx.t("coach.board.ask_photo"), self._to_board(ctx))
        elif data.startswith("gv:") and chosen:
            await self._play(ctx, data[3:])
        elif data.startswith(("gp:r:", "gp:d:")) and chosen:
            await self._photo_action(ctx, data[3], data[5:])
        elif isinstance(event, Text) and ctx.data.get("awaiting") == "title":
            await self._rename(ctx, event.text)
        elif isinstance(event, Media) and ctx.data.get("awaiting") == "photo":
            await self._photo(ctx, event)
        elif ctx.data.get("awaiting") == "photo":
            ctx.send(ctx.t("coach.board.ask_photo"), self._to_board(ctx))
        else:
            await self.enter(ctx)

    async def _choose(self, ctx: FlowContext, goal_id: str) -> None:
        goal = await uow(ctx).coaching.goal(ctx.user.id, goal_id)
        if goal is None:
            await self.enter(ctx)
            return
        ctx.data["chosen"] = goal.id
        ctx.data.pop("awaiting", None)
        photos = await self._photos(ctx, goal)
        voices = await self._voices(ctx, goal)
        rows = [[ctx.button(key, f"gs:{status.value}")] for key, status in ACTIONS[goal.status]]
        rows.append([ctx.button("coach.goals.rename", "ge:rename")])
        if goal.status in OPEN or photos:
            rows.append([ctx.button("coach.goals.board", "ge:board", n=len(photos))])
        rows.append([Button(ctx.t("coach.goals.all"), "gl:back")])
        status = ctx.t(f"coach.goals.status.{goal.status.value}")
        text = ctx.t("coach.goals.one", title=goal.title, status=status)
        lines = [text, ctx.t("coach.goals.photos", len(photos))]
        if voices:
            lines.append(ctx.t("coach.goals.voices", len(voices)))
            local = zone(ctx.user.time_zone)
            for n, voice in enumerate(voices, start=1):
                said = voice.transcript or ctx.t("coach.goals.voice_untranscribed")
                if len(said) > VOICE_LINE:
                    said = said[: VOICE_LINE - 1].rstrip() + "…"
                added = voice.created_at.astimezone(local).date().isoformat()
                lines.append(ctx.t("coach.goals.voice_line", n=n, added=added, text=said))
            if self.documents is not None:
                plays = [
                    ctx.button("coach.goals.voice_play", f"gv:{n}", n=n + 1)
                    for n in range(len(voices))
                ]
                rows[-1:-1] = [plays[i : i + 3] for i in range(0, len(plays), 3)]
        ctx.send("\n".join(lines), rows)

    async def _voices(self, ctx: FlowContext, goal: Goal) -> list[MediaRef]:
        media = await uow(ctx).coaching.media(ctx.user.id, goal.id)
        voices = sorted((m for m in media if m.kind is MediaKind.VOICE), key=lambda m: m.created_at)
        ctx.data["voices"] = [m.id for m in voices]
        return voices

    async def _play(self, ctx: FlowContext, index: str) -> None:
        """Send the chosen voice note again, its transcript as the caption."""
        voices: list[str] = ctx.data.get("voices", [])
        goal_id = ctx.data["chosen"]
        if self.documents is None or not index.isdigit() or int(index) >= len(voices):
            await self._choose(ctx, goal_id)
            return
        n = int(index)
        goal = await uow(ctx).coaching.goal(ctx.user.id, goal_id)
        media = await uow(ctx).coaching.media(ctx.user.id, goal_id)
        voice = next((m for m in media if m.id == voices[n]), None)
        audio = await self.kit.coach.files.get(voice.key) if voice is not None else None
        if goal is None or voice is None or audio is None:
            log.warning("a goal's voice note could not be played back")
            ctx.send(ctx.t("coach.goals.voice_missing"), tag="notice")
            await self._choose(ctx, goal_id)
            return
        extension = AUDIO_EXTENSIONS.get(voice.mime_type.rsplit("/", 1)[-1], "ogg")
        # under the user's exports: erased with the user by the shared privacy registry
        key = f"exports/user-{ctx.user.id}/voice-{voice.id}.{extension}"
        if not await self.documents.exists(key):
            await self.documents.put(key, audio)
        attachment = Attachment(
            key=key,
            filename=f"voice-note-{n + 1}.{extension}",
            path=await self.documents.locate(key),
        )
        said = voice.transcript or ctx.t("coach.goals.voice_untranscribed")
        caption = ctx.t("coach.goals.voice_caption", title=goal.title, n=n + 1, text=said)
        ctx.emit(SendDocument(attachment=attachment, caption=caption[:1024]))

    async def _photos(self, ctx: FlowContext, goal: Goal) -> list[str]:
        media = await uow(ctx).coaching.media(ctx.user.id, goal.id)
        ids = [m.id for m in media if m.kind is MediaKind.PHOTO]
        ctx.data["photos"] = ids
        return ids

    async def _change(self, ctx: FlowContext, value: str) -> None:
        if value not in {status.value for status in GoalStatus}:
            await self.enter(ctx)
            return
        try:
            goal = await set_goal_status(
                uow(ctx), ctx.clock, ctx.user.id, ctx.data["chosen"], GoalStatus(value)
            )
        except CoachingError as error:
            ctx.send(refusal(ctx, error), tag="notice")
            return
        status = ctx.t(f"coach.goals.status.{goal.status.value}")
        ctx.send(ctx.t("coach.goals.changed", title=goal.title, status=status), tag="notice")
        await self.enter(ctx)

    async def _rename(self, ctx: FlowContext, text: str) -> None:
        try:
            goal = await rename_goal(uow(ctx), ctx.clock, ctx.user.id, ctx.data["chosen"], text)
        except (CoachingError, ValidationFailed) as error:
            log.info("a goal title was refused: %s", type(error).__name__)
            ctx.send(refusal(ctx, error), self._back(ctx))
            return
        ctx.send(ctx.t("coach.goals.renamed", title=goal.title), tag="notice")
        await self._choose(ctx, goal.id)

    async def _board(self, ctx: FlowContext, notice: str = "") -> None:
        goal = await uow(ctx).coaching.goal(ctx.user.id, ctx.data["chosen"])
        if goal is None:
            await self.enter(ctx)
            return
        ctx.data.pop("awaiting", None)
        photos = await uow(ctx).coaching.media(ctx.user.id, goal.id)
        photos = [m for m in photos if m.kind is MediaKind.PHOTO]
        ctx.data["photos"] = [m.id for m in photos]
        lines = [notice] if notice else []
        lines.append(ctx.t("coach.board.title", title=goal.title))
        rows: list[list[Button]] = []
        local = zone(ctx.user.time_zone)
        for n, photo in enumerate(photos, start=1):
            kind = photo.mime_type.rsplit("/", 1)[-1].upper()
            lines.append(
                ctx.t(
                    "coach.board.photo",
                    n=n,
                    kind=kind,
                    size=max(1, round(photo.size / 1024)),
                    added=photo.created_at.astimezone(local).date().isoformat(),
                )
            )
            buttons = [ctx.button("coach.board.remove", f"gp:d:{n - 1}", n=n)]
            if goal.status in OPEN:
                buttons.insert(0, ctx.button("coach.board.replace", f"gp:r:{n - 1}", n=n))
            rows.append(buttons)
        if not photos:
            lines.append(ctx.t("coach.board.empty"))
        if goal.status in OPEN:
            rows.append([ctx.button("coach.board.add", "gp:add")])
        rows.append([ctx.button("coach.board.back", "ge:back")])
        ctx.send("\n".join(lines), rows)

    async def _photo_action(self, ctx: FlowContext, action: str, index: str) -> None:
        photos: list[str] = ctx.data.get("photos", [])
        if not index.isdigit() or int(index) >= len(photos):
            await self._board(ctx)
            return
        media_id = photos[int(index)]
        if action == "r":
            ctx.data["awaiting"] = "photo"
            ctx.data["replacing"] = media_id
            ctx.send(ctx.t("coach.board.ask_replacement", n=int(index) + 1), self._to_board(ctx))
            return
        try:
            await remove_goal_photo(
                uow(ctx), ctx.clock, self.kit.coach.files, ctx.user.id, ctx.data["chosen"], media_id
            )
        except CoachingError as error:
            await self._board(ctx, refusal(ctx, error))
            return
        await self._board(ctx, ctx.t("coach.board.removed"))

    async def _photo(self, ctx: FlowContext, event: Media) -> None:
        if event.kind != "photo" or not event.file_id:
            ctx.send(ctx.t("coach.error.media_photo_only"), self._to_board(ctx))
            return
        data = await self.kit.downloads.fetch(event.file_id)
        if data is None:
            log.warning("a photo could not be fetched")
            ctx.send(ctx.t("coach.error.download"), self._to_board(ctx))
            return
        replacing = ctx.data.get("replacing")
        files, goal_id = self.kit.coach.files, ctx.data["chosen"]
        try:
            if replacing:
                await replace_goal_photo(
                    uow(ctx), ctx.clock, files, ctx.user.id, goal_id, replacing, data
                )
            else:
                await add_goal_photo(uow(ctx), ctx.clock, files, ctx.user.id, goal_id, data)
        except CoachingError as error:
            log.info("a mood-board photo was refused: %s", type(error).__name__)
            ctx.send(refusal(ctx, error), self._to_board(ctx))
            return
        ctx.data.pop("replacing", None)
        await self._board(ctx, ctx.t("coach.board.replaced" if replacing else "coach.board.added"))

    def _back(self, ctx: FlowContext) -> list[list[Button]]:
        return [[ctx.button("coach.board.back", "ge:back")]]

    def _to_board(self, ctx: FlowContext) -> list[list[Button]]:
        return [[ctx.button("coach.board.cancel", "ge:board")]]
