"""Handles that tests use to act as people: a user in a private chat, or a group."""

from __future__ import annotations

from typing import Any

from . import actions
from .actions import OGG_HEADER, TINY_PNG, PaymentResult
from .history import HistoryEvent, TranscriptEntry
from .model import Account, Chat
from .world import PendingQuery, World


class UserHandle:
    """A user in a private chat with the bot (chat id = user id)."""

    def __init__(self, world: World, account: Account, chat: Chat) -> None:
        self._world = world
        self.account = account
        self.chat = chat
        self._seen = 0  # bot messages already returned by wait_for_messages

    @property
    def id(self) -> int:
        return self.account.id

    async def send_text(self, text: str) -> dict[str, Any]:
        """Send a text message; returns the Message JSON the bot receives."""
        return await actions.send_text(self._world, self.chat, self.account, text)

    async def send_command(self, command: str, payload: str | None = None) -> dict[str, Any]:
        """Send ``/command`` (``/start PAYLOAD`` for a deep link) with a bot_command entity."""
        text = command if command.startswith("/") else f"/{command}"
        return await self.send_text(f"{text} {payload}" if payload else text)

    async def press(self, label: str) -> PendingQuery | None:
        """Press a button by label or callback_data on the latest bot message carrying it.

        Returns the callback query (``await query.wait(timeout)`` gives the bot's answer),
        or None when the label belongs to a reply keyboard and was sent as text.

        Raises:
            ButtonNotFoundError: no such button in this chat.
        """
        return await actions.press(self._world, self.chat, self.account, label)

    async def send_photo(
        self, content: bytes = TINY_PNG, caption: str | None = None
    ) -> dict[str, Any]:
        return await actions.send_file(
            self._world,
            self.chat,
            self.account,
            "photo",
            content,
            {"width": 2, "height": 2, "caption": caption},
        )

    async def send_voice(self, content: bytes = OGG_HEADER, duration: int = 3) -> dict[str, Any]:
        return await actions.send_file(
            self._world,
            self.chat,
            self.account,
            "voice",
            content,
            {"duration": duration, "mime_type": "audio/ogg"},
        )

    async def send_sticker(self, emoji: str = "👍") -> dict[str, Any]:
        fields = {
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return await actions.send_file(
            self._world, self.chat, self.account, "sticker", b"RIFF\x00\x00\x00\x00WEBP", fields
        )

    async def send_location(
        self,
        latitude: float,
        longitude: float,
        accuracy_m: float | None = None,
        live_period: int | None = None,
    ) -> dict[str, Any]:
        """Share a location: once, or live for ``live_period`` seconds (then move it)."""
        content = actions.location_content(latitude, longitude, accuracy_m, live_period)
        return await self._world.post_user_message(self.chat, self.account, content)

    async def move_live_location(
        self, latitude: float, longitude: float, accuracy_m: float | None = None
    ) -> dict[str, Any]:
        """The latest live location moves (an ``edited_message`` with the new point)."""
        return await actions.update_live_location(
            self._world, self.chat, self.account, latitude, longitude, accuracy_m
        )

    async def stop_live_location(self) -> dict[str, Any]:
        """Stop sharing the latest live location (an edit without ``live_period``)."""
        return await actions.update_live_location(
            self._world, self.chat, self.account, None, None, None, stop=True
        )

    async def edit_last_text(self, text: str) -> dict[str, Any]:
        """Edit this user's latest text message (an ``edited_message`` update)."""
        return await actions.edit_last_text(self._world, self.chat, self.account, text)

    async def pay(
        self,
        invoice_link: str | None = None,
        timeout: float = 10.0,  # noqa: ASYNC109 - test API: the pre-checkout deadline
    ) -> PaymentResult:
        """Pay the latest invoice in the chat (or an invoice link); needs a running bot.

        Raises:
            LookupError: nothing to pay.
            TimeoutError: the bot did not answer the pre-checkout query in time.
        """
        return await actions.pay(self._world, self.chat, self.account, invoice_link, timeout)

    async def block(self) -> None:
        """Block the bot: a my_chat_member update (kicked); later sends answer 403."""
        await actions.set_blocked(self._world, self.chat, self.account, True)

    async def unblock(self) -> None:
        await actions.set_blocked(self._world, self.chat, self.account, False)

    def transcript(self) -> list[TranscriptEntry]:
        """The bot's messages as they are now (edits applied, deleted ones gone)."""
        return self._world.transcript(self.chat.id)

    def last_message(self) -> TranscriptEntry | None:
        entries = self.transcript()
        return entries[-1] if entries else None

    def history(self) -> list[HistoryEvent]:
        """Everything that happened in this chat, in order, including edits and deletes."""
        return self._world.history.of_chat(self.chat.id)

    async def wait_for_messages(
        self,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - test API, reads like pytest's timeouts
    ) -> list[TranscriptEntry]:
        """Wait for the next ``count`` bot messages not yet returned by an earlier call.

        Returns exactly those messages, as they are now (deleted ones are left out); any
        further messages are left for the next call.

        Raises:
            TimeoutError: fewer messages came within ``timeout`` seconds.
        """
        target = self._seen + count
        try:
            await self._world.wait_until(
                lambda: self._world.bot_message_count(self.chat.id) >= target, within=timeout
            )
        except TimeoutError:
            sent = self._world.bot_message_count(self.chat.id) - self._seen
            raise TimeoutError(
                f"expected {count} new bot message(s) in chat {self.chat.id}, "
                f"got {sent} in {timeout} s"
            ) from None
        new_ids = self._sent_message_ids()[self._seen : target]
        self._seen = target
        return [e for e in self.transcript() if e.message_id in new_ids]

    def _sent_message_ids(self) -> list[int | None]:
        return [e.message_id for e in self.history() if e.kind == "bot_message"]


class GroupHandle:
    """A group chat the bot is in; members speak through it."""

    def __init__(self, world: World, chat: Chat) -> None:
        self._world = world
        self.chat = chat

    @property
    def id(self) -> int:
        return self.chat.id

    async def send_text(self, member: UserHandle, text: str) -> dict[str, Any]:
        return await actions.send_text(self._world, self.chat, member.account, text)

    async def send_command(
        self, member: UserHandle, command: str, payload: str | None = None
    ) -> dict[str, Any]:
        text = command if command.startswith("/") else f"/{command}"
        return await self.send_text(member, f"{text} {payload}" if payload else text)

    async def press(self, member: UserHandle, label: str) -> PendingQuery | None:
        return await actions.press(self._world, self.chat, member.account, label)

    def transcript(self) -> list[TranscriptEntry]:
        return self._world.transcript(self.chat.id)
