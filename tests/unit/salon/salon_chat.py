"""A client chatting with the salon bot: the screens they saw, and ways to act."""

from __future__ import annotations

from sleeplab_core.conversation import (
    Action,
    ButtonPress,
    Conversations,
    EditScreen,
    Receipt,
    Screen,
    SendScreen,
    Start,
    Text,
)


class SalonChat:
    def __init__(self, conversations: Conversations, user_id: int = 1) -> None:
        self.conversations = conversations
        self.user_id = user_id
        self.screens: list[Screen] = []

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        for action in actions:
            if isinstance(action, SendScreen | EditScreen):
                self.screens.append(action.screen)
        return []

    async def start(self, language: str = "en") -> None:
        await self.conversations.deliver(Start(user_id=self.user_id, language_hint=language), self)

    async def say(self, text: str) -> Screen:
        await self.conversations.deliver(Text(user_id=self.user_id, text=text), self)
        return self.last

    async def press(self, label_or_number: str | int) -> Screen:
        buttons = list(self.last.all_buttons())
        if isinstance(label_or_number, int):
            button = buttons[label_or_number - 1]
        else:
            button = next(b for b in buttons if label_or_number in b.label)
        event = ButtonPress(user_id=self.user_id, data=button.data)
        await self.conversations.deliver(event, self)
        return self.last

    async def press_menu_mine(self) -> Screen:
        return await self.press_data("menu:mine")

    async def press_data(self, data: str) -> Screen:
        """Press a button by what it carries (one sent by the worker, say)."""
        await self.conversations.deliver(ButtonPress(user_id=self.user_id, data=data), self)
        return self.last

    @property
    def last(self) -> Screen:
        return self.screens[-1]

    @property
    def labels(self) -> list[str]:
        return [b.label for b in self.last.all_buttons()]
