"""People chatting with the Steps bot in process: the production container, memory store."""

from __future__ import annotations

import re

from sleeplab_core.conversation import (
    Action,
    Button,
    ButtonPress,
    Command,
    Conversations,
    EditScreen,
    Event,
    Receipt,
    Screen,
    SendScreen,
    Start,
    Text,
)


class StepsChat:
    def __init__(self, conversations: Conversations, user_id: int) -> None:
        self.conversations = conversations
        self.user_id = user_id
        self.screens: list[Screen] = []
        self._ids = 0

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        receipts = []
        for action in actions:
            self._ids += 1
            if isinstance(action, SendScreen | EditScreen):
                self.screens.append(action.screen)
            tag = getattr(action, "tag", None)
            if tag:
                receipts.append(Receipt(tag, self._ids))
        return receipts

    async def start(self, payload: str | None = None) -> None:
        event = Start(user_id=self.user_id, language_hint="ru", payload=payload)
        await self.conversations.deliver(event, self)

    async def say(self, *texts: str) -> None:
        for text in texts:
            await self.conversations.deliver(Text(user_id=self.user_id, text=text), self)

    async def send(self, event: Event) -> None:
        await self.conversations.deliver(event, self)

    async def command(self, name: str) -> None:
        await self.conversations.deliver(Command(user_id=self.user_id, name=name), self)

    async def press(self, label: str) -> None:
        data = self.button(label).data
        await self.conversations.deliver(ButtonPress(user_id=self.user_id, data=data), self)

    async def register(self, name: str = "Аня", payload: str | None = None) -> None:
        await self.start(payload)
        await self.say(name, "+7 999 123-45-67", "Москва", "пропустить")

    async def walk(self, minutes: int, steps: int) -> None:
        await self.command("walk")
        await self.press("Заполнить форму")
        await self.press("Сегодня")
        await self.say(str(minutes), str(steps))

    async def order_bottle(self) -> None:
        """Order the water bottle to the Moscow pickup point, recipient Иван Петров."""
        await self.command("catalog")
        await self.press("Для прогулок")
        await self.press("Бутылка для воды")
        await self.press("Заказать в ПВЗ")
        await self.say("Москва")
        await self.press("Варшавское шоссе 168")
        await self.say("Иван", "Петров", "+79991234567")
        await self.press("Подтвердить")

    def button(self, label: str) -> Button:
        for screen in reversed(self.screens):
            for button in screen.all_buttons():
                if label in button.label:
                    return button
            if screen.buttons:
                break
        raise AssertionError(f"no button {label!r} on the last screen: {self.last}")

    @property
    def last(self) -> str:
        return self.screens[-1].text if self.screens else ""

    def texts(self) -> list[str]:
        return [screen.text for screen in self.screens]

    def link(self, prefix: str) -> str:
        for text in reversed(self.texts()):
            found = re.search(rf"{prefix}[0-9a-f]+", text)
            if found:
                return found[0]
        raise AssertionError(f"no {prefix} link shown")
