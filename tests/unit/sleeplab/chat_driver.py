"""A person chatting with SleepLab: what they saw, and ways to answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
    SendDocument,
    SendScreen,
    Start,
    Text,
)
from sleeplab_core.questionnaires import RunState, current_question
from sleeplab_core.questionnaires.runs import RunStatus
from sleeplab_core.sleeplab.profile import engine_profile

TYPICAL_PSQI = {
    "rise_time": "07:00",
    "sleep_length": "7 h",
    "psqi_rise_time": "07:00",
    "psqi_latency": "20 min",
    "psqi_sleep_length": "7 h",
}
"""A night that adds up: PSQI refuses more sleep than time in bed, and so does the level."""
TYPICAL_TYPED = {
    "integer": "35",
    "decimal": "70",
    "time": "23:30",
    "duration": "7 h",
    "text": "nothing special",
}


class Chat:
    """One user's side of the chat: what they saw, and ways to answer."""

    def __init__(self, conversations: Conversations, user_id: int = 1) -> None:
        self.conversations = conversations
        self.user_id = user_id
        self.screens: list[Screen] = []
        self.documents: list[SendDocument] = []
        self._ids = 0
        self.library: Any = None

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        receipts = []
        for action in actions:
            self._ids += 1
            if isinstance(action, SendScreen | EditScreen):
                self.screens.append(action.screen)
            if isinstance(action, SendDocument):
                self.documents.append(action)
            tag = getattr(action, "tag", None)
            if tag:
                receipts.append(Receipt(tag, self._ids))
        return receipts

    async def send(self, event: Event) -> None:
        await self.conversations.deliver(event, self)

    async def start(self, language: str | None = None) -> None:
        await self.send(Start(user_id=self.user_id, language_hint=language))

    async def say(self, text: str) -> None:
        await self.send(Text(user_id=self.user_id, text=text))

    async def command(self, name: str) -> None:
        await self.send(Command(user_id=self.user_id, name=name))

    async def press(self, label: str) -> None:
        button = self.button(label)
        await self.send(ButtonPress(user_id=self.user_id, data=button.data))

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

    def saw(self, fragment: str) -> bool:
        return any(fragment in screen.text for screen in self.screens)

    async def onboard(self, language: str = "en") -> None:
        await self.start()
        await self.press("English" if language == "en" else "Русский")
        await self.press("I agree" if language == "en" else "Я согласен")

    async def current_question(self) -> tuple[str, str] | None:
        """(id, type) of the question the user is on, read from the checkpoint."""
        question = await self.question()
        return (question.id, question.type) if question else None

    async def question(self) -> Any:
        """The question the user is on, read from the checkpoint."""
        router = self.conversations.router
        async with router.unit_of_work() as uow:
            conversation = await uow.conversations.get(self.user_id, "sleeplab")
            user = await uow.users.get(self.user_id)
            run_id = conversation.data.get("run") if conversation else None
            run = await uow.runs.get(run_id) if run_id else None
        if run is None or user is None or run.status is not RunStatus.IN_PROGRESS:
            return None
        state = RunState.model_validate(run.state)
        definition = self.library.for_state(state)
        return current_question(definition, state, engine_profile(user, router.clock.now()))

    async def answer_all(self, answers: Mapping[str, str] | None = None, limit: int = 120) -> int:
        """Answer until the level ends: given answers by question id, else typical ones."""
        answers = {**TYPICAL_PSQI, **(answers or {})}
        for count in range(limit):
            question = await self.question()
            if question is None:
                return count
            question_id, kind = question.id, question.type
            if question_id in answers:
                value = answers[question_id]
                if kind in ("single", "yes_no"):
                    await self.send(
                        ButtonPress(user_id=self.user_id, data=f"a:{question_id}:{value}")
                    )
                else:
                    await self.say(value)
            elif kind in ("integer", "decimal") and question.min is not None:
                await self.say(str(int((question.min + question.max) // 2)))
            elif kind == "duration" and question.min is not None:
                await self.say(f"{int((question.min + question.max) // 2)} min")
            elif kind in TYPICAL_TYPED:
                await self.say(TYPICAL_TYPED[kind])
            elif kind == "multiple":
                await self.press(self.screens[-1].buttons[0][0].label)
                await self.press(self.screens[-1].all_buttons()[-2].label)  # "Done"
            else:
                await self.press(self.screens[-1].buttons[0][0].label)
        raise AssertionError("the level did not end")
