"""A person chatting with the assistant bot: what they saw, and ways to act."""

from __future__ import annotations

from sleeplab_core.conversation import (
    Action,
    AnswerPreCheckout,
    Button,
    ButtonPress,
    Command,
    Conversations,
    EditScreen,
    Event,
    Media,
    PaymentSucceeded,
    PreCheckout,
    Receipt,
    Screen,
    SendInvoice,
    SendScreen,
    Start,
    Text,
)

TRIAL_MESSAGES = 3
"""Free answers a new user gets in these tests."""


class Chat:
    """One user's side of the chat, recording screens, invoices and pre-checkout answers."""

    def __init__(self, conversations: Conversations, user_id: int = 1) -> None:
        self.conversations = conversations
        self.user_id = user_id
        self.screens: list[Screen] = []
        self.invoices: list[SendInvoice] = []
        self.pre_checkout_answers: list[AnswerPreCheckout] = []
        self._ids = 0

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        receipts = []
        for action in actions:
            self._ids += 1
            if isinstance(action, SendScreen | EditScreen):
                self.screens.append(action.screen)
            if isinstance(action, SendInvoice):
                self.invoices.append(action)
            if isinstance(action, AnswerPreCheckout):
                self.pre_checkout_answers.append(action)
            tag = getattr(action, "tag", None)
            if tag:
                receipts.append(Receipt(tag, self._ids))
        return receipts

    async def send(self, event: Event) -> None:
        await self.conversations.deliver(event, self)

    async def start(self, language: str | None = "en") -> None:
        await self.send(Start(user_id=self.user_id, language_hint=language))

    async def say(self, text: str, first_name: str | None = None) -> None:
        await self.send(Text(user_id=self.user_id, text=text, first_name=first_name))

    async def command(self, name: str) -> None:
        await self.send(Command(user_id=self.user_id, name=name))

    async def media(self, kind: str) -> None:
        await self.send(Media(user_id=self.user_id, kind=kind, file_id="file-1"))

    async def press(self, label: str) -> None:
        await self.send(ButtonPress(user_id=self.user_id, data=self.button(label).data))

    async def pay_last_invoice(self, charge_id: str = "charge-1") -> None:
        invoice = self.invoices[-1]
        total = sum(price.amount for price in invoice.prices)
        await self.send(
            PreCheckout(
                user_id=self.user_id,
                query_id="q-1",
                payload=invoice.payload,
                currency=invoice.currency,
                total_amount=total,
            )
        )
        await self.send(
            PaymentSucceeded(
                user_id=self.user_id,
                payload=invoice.payload,
                currency=invoice.currency,
                total_amount=total,
                telegram_charge_id=charge_id,
            )
        )

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
