"""Shows actions in a console, as Rich panels for people or JSON lines for scripts."""

from __future__ import annotations

import json
import sys
from itertools import count
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.text import Text as RichText

from sleeplab_core.conversation import (
    Action,
    AnswerButton,
    AnswerPreCheckout,
    Button,
    DeleteMessage,
    EditScreen,
    Receipt,
    Screen,
    SendDocument,
    SendInvoice,
    SendScreen,
)

COMMAND_PREFIX = "cmd:"


class TerminalChannel:
    """The :class:`~sleeplab_core.conversation.ports.Channel` of ``sleeplab chat``.

    Buttons of the latest screen that has any are numbered from 1; typing the number presses
    the button. A button that stands for a command (data ``cmd:<name>``) is shown as that
    command instead, so a typed number is never mistaken for it. Message ids are local
    counters, enough for edits and deletions to be shown.
    """

    def __init__(self, console: Console | None = None, *, as_json: bool = False) -> None:
        self.console = console or Console(highlight=False)
        self.as_json = as_json
        self.buttons: list[Button] = []
        self.last_invoice: SendInvoice | None = None
        self.pre_checkout_answers: list[tuple[bool, str | None]] = []
        self._ids = count(1)

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        receipts: list[Receipt] = []
        for action in actions:
            message_id = self._show(action, message_ids)
            tag = getattr(action, "tag", None)
            if tag is not None:
                receipt = Receipt(tag, None if isinstance(action, DeleteMessage) else message_id)
                receipts.append(receipt)
                if receipt.message_id is None:
                    message_ids.pop(tag, None)
                else:
                    message_ids[tag] = receipt.message_id
        return receipts

    def _show(self, action: Action, message_ids: dict[str, int]) -> int:
        message_id = next(self._ids)
        match action:
            case SendScreen(screen=screen):
                self._screen("screen", screen)
            case EditScreen(screen=screen, tag=tag):
                self._screen("edit_screen", screen)
                message_id = message_ids.get(tag, message_id)
            case DeleteMessage(tag=tag):
                if tag in message_ids:
                    self._emit({"type": "delete", "tag": tag}, "[dim](message removed)[/dim]")
            case SendDocument(attachment=attachment, caption=caption):
                self._emit(
                    {
                        "type": "document",
                        "text": caption or "",
                        "path": attachment.path,
                        "filename": attachment.filename,
                        "buttons": [],
                    },
                    f"📄 {caption or attachment.filename}\n   {attachment.path or attachment.key}",
                )
            case SendInvoice(
                title=title, description=description, currency=currency, prices=prices
            ):
                total = sum(price.amount for price in prices)
                self.last_invoice = action
                self._emit(
                    {
                        "type": "invoice",
                        "text": f"{title}: {description}",
                        "currency": currency,
                        "amount": total,
                        "buttons": [],
                    },
                    f"🧾 {title} — {description} ({total} {currency})   /pay",
                )
            case AnswerPreCheckout(ok=ok, error_message=error):
                self.pre_checkout_answers.append((ok, error))
                if not ok:
                    self._emit(
                        {"type": "payment_refused", "text": error or ""}, f"[red]{error}[/red]"
                    )
            case AnswerButton():
                pass
            case _:
                self._emit({"type": type(action).__name__}, f"[dim]{action!r}[/dim]")
        return message_id

    def _screen(self, kind: str, screen: Screen) -> None:
        every = screen.all_buttons()
        buttons = [b for b in every if not b.data.startswith(COMMAND_PREFIX)]
        commands = [b for b in every if b.data.startswith(COMMAND_PREFIX)]
        if every:
            self.buttons = buttons
        if self.as_json:
            self._emit({"type": kind, "text": screen.text, "buttons": [b.label for b in every]}, "")
            return
        body = RichText(screen.text)
        for number, button in enumerate(buttons, start=1):
            target = f"  → {button.url}" if button.url else ""
            body.append(f"\n  {number}. {button.label}{target}", style="bold cyan")
        for button in commands:
            command = "/" + button.data.removeprefix(COMMAND_PREFIX)
            body.append(f"\n  {command}  {button.label}", style="cyan")
        self.console.print(
            Panel(body, expand=False, border_style="dim" if kind != "screen" else "blue")
        )

    def _emit(self, payload: dict[str, Any], human: str) -> None:
        if self.as_json:
            sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
            sys.stdout.flush()
        elif human:
            self.console.print(human)
