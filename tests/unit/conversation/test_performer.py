"""The action performer: core actions become Bot API calls, with Telegram's fallbacks."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.conversation import (
    SCREEN,
    AnswerButton,
    AnswerPreCheckout,
    Attachment,
    Button,
    DeleteMessage,
    EditScreen,
    LabeledPrice,
    Receipt,
    RecipientBlocked,
    Screen,
    SendDocument,
    SendInvoice,
    SendScreen,
)
from sleeplab_core.conversation.fakes import FakeBotApi
from sleeplab_core.conversation.outbound import (
    OutboundLimits,
    Outbox,
    RateLimited,
    TransientFailure,
)
from sleeplab_core.conversation.performer import (
    ActionPerformer,
    PendingAnswers,
    RequestRejected,
)
from sleeplab_core.documents import DocumentNotFound
from sleeplab_core.documents.fakes import InMemoryDocumentStore
from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.retry import RetryPolicy

CHAT = 42
BOT = "sleeplab"
REPORT = Attachment(key="reports/u42.pdf", filename="report.pdf")


class MovingClock(FakeClock):
    """A fake clock whose sleep moves time instead of waiting."""

    async def sleep(self, seconds: float) -> None:
        self.advance(timedelta(seconds=seconds))
        await asyncio.sleep(0)


def performer(
    api: FakeBotApi,
    documents: InMemoryDocumentStore | None = None,
    pending: PendingAnswers | None = None,
) -> ActionPerformer:
    clock = MovingClock()
    limits = OutboundLimits(retry=RetryPolicy(attempts=3, base_delay=0.1, max_delay=1.0))
    return ActionPerformer(
        api,
        CHAT,
        outbox=Outbox(limits, clock, clock.sleep, random=lambda: 0.0),
        documents=documents or InMemoryDocumentStore(),
        bot_name=BOT,
        pending=pending,
    )


# -- screens ---------------------------------------------------------------------------------


async def test_a_screen_is_sent_with_its_buttons_and_its_message_id_is_remembered() -> None:
    api = FakeBotApi()
    screen = Screen.of("Hello", [[Button("Back", "cmd:back")]])
    message_ids: dict[str, int] = {}

    receipts = await performer(api).perform(
        CHAT, [SendScreen(screen=screen, tag=SCREEN)], message_ids
    )

    assert api.calls == [("send_text", (CHAT, "Hello", screen.buttons))]
    assert receipts == [Receipt(SCREEN, 101)]
    assert message_ids == {SCREEN: 101}


async def test_an_edit_changes_the_tagged_message_in_place() -> None:
    api = FakeBotApi()
    screen = Screen.of("Next question")

    receipts = await performer(api).perform(
        CHAT, [EditScreen(screen=screen, tag=SCREEN)], {SCREEN: 7}
    )

    assert api.calls == [("edit_text", (CHAT, 7, "Next question", ()))]
    assert receipts == [Receipt(SCREEN, 7)]


async def test_an_edit_that_changes_nothing_keeps_the_message() -> None:
    api = FakeBotApi()
    api.fail("edit_text", RequestRejected("Bad Request: message is not modified: same content"))

    receipts = await performer(api).perform(
        CHAT, [EditScreen(screen=Screen.of("Same"), tag=SCREEN)], {SCREEN: 7}
    )

    assert api.names() == ["edit_text"]
    assert receipts == [Receipt(SCREEN, 7)]


async def test_an_edit_of_a_message_that_is_gone_is_sent_anew() -> None:
    api = FakeBotApi()
    api.fail("edit_text", RequestRejected("Bad Request: message to edit not found"))
    message_ids = {SCREEN: 7}

    receipts = await performer(api).perform(
        CHAT, [EditScreen(screen=Screen.of("Again"), tag=SCREEN)], message_ids
    )

    assert api.names() == ["edit_text", "send_text"]
    assert receipts == [Receipt(SCREEN, 101)]
    assert message_ids == {SCREEN: 101}


async def test_an_edit_without_a_known_message_is_sent_anew() -> None:
    api = FakeBotApi()

    receipts = await performer(api).perform(
        CHAT, [EditScreen(screen=Screen.of("x"), tag="note")], {}
    )

    assert api.names() == ["send_text"]
    assert receipts == [Receipt("note", 101)]


async def test_a_new_screen_answering_a_press_on_the_current_screen_edits_it() -> None:
    api = FakeBotApi()
    pending = PendingAnswers(callback_id="cb", pressed_message_id=7)

    await performer(api, pending=pending).perform(
        CHAT, [SendScreen(screen=Screen.of("Q2"), tag=SCREEN)], {SCREEN: 7}
    )

    assert api.calls == [("answer_callback", ("cb", None)), ("edit_text", (CHAT, 7, "Q2", ()))]


# -- deleting --------------------------------------------------------------------------------


async def test_a_delete_removes_the_tagged_message_and_forgets_its_id() -> None:
    api = FakeBotApi()
    message_ids = {"note": 9, SCREEN: 7}

    receipts = await performer(api).perform(CHAT, [DeleteMessage(tag="note")], message_ids)

    assert api.calls == [("delete", (CHAT, 9))]
    assert receipts == [Receipt("note", None)]
    assert message_ids == {SCREEN: 7}


async def test_a_delete_telegram_refuses_is_not_an_error() -> None:
    api = FakeBotApi()
    api.fail("delete", RequestRejected("Bad Request: message can't be deleted"))

    receipts = await performer(api).perform(CHAT, [DeleteMessage(tag="note")], {"note": 9})

    assert receipts == [Receipt("note", None)]


async def test_deleting_an_unknown_tag_calls_nothing() -> None:
    api = FakeBotApi()

    await performer(api).perform(CHAT, [DeleteMessage(tag="note")], {})

    assert api.calls == []


# -- documents -------------------------------------------------------------------------------


async def test_a_document_is_uploaded_once_then_sent_by_its_file_id() -> None:
    api = FakeBotApi()
    documents = InMemoryDocumentStore()
    await documents.put(REPORT.key, b"%PDF")
    action = SendDocument(attachment=REPORT, caption="Your report")

    await performer(api, documents).perform(CHAT, [action], {})
    await performer(api, documents).perform(CHAT, [action], {})

    assert api.calls == [
        ("send_file", (CHAT, b"%PDF", "report.pdf", "Your report", False)),
        ("send_file", (CHAT, "file-101", "report.pdf", "Your report", False)),
    ]


async def test_a_refused_file_id_is_replaced_by_a_new_upload() -> None:
    api = FakeBotApi()
    documents = InMemoryDocumentStore()
    await documents.put(REPORT.key, b"%PDF")
    await documents.remember_file_id(REPORT.key, BOT, "stale")
    api.fail("send_file", RequestRejected("Bad Request: wrong file identifier/HTTP URL specified"))

    receipts = await performer(api, documents).perform(
        CHAT, [SendDocument(attachment=REPORT, tag="report")], {}
    )

    assert [args[1] for _, args in api.calls] == ["stale", b"%PDF"]
    assert receipts == [Receipt("report", 101)]
    assert await documents.file_id_for(REPORT.key, BOT) == "file-101"


async def test_a_photo_is_sent_as_a_photo() -> None:
    api = FakeBotApi()
    documents = InMemoryDocumentStore()
    photo = Attachment(key="photos/chart.png", filename="chart.png", kind="photo")
    await documents.put(photo.key, b"PNG")

    await performer(api, documents).perform(CHAT, [SendDocument(attachment=photo)], {})

    assert api.calls == [("send_file", (CHAT, b"PNG", "chart.png", None, True))]


async def test_a_document_missing_from_the_store_is_read_from_its_path(tmp_path: Path) -> None:
    api = FakeBotApi(gives_file_ids=False)
    (tmp_path / "guide.pdf").write_bytes(b"guide")
    guide = Attachment(key="guides/g.pdf", filename="guide.pdf", path=str(tmp_path / "guide.pdf"))

    await performer(api).perform(CHAT, [SendDocument(attachment=guide)], {})

    assert api.calls[0][1][1] == b"guide"


async def test_a_document_missing_everywhere_is_an_error() -> None:
    api = FakeBotApi()

    with pytest.raises(DocumentNotFound):
        await performer(api).perform(CHAT, [SendDocument(attachment=REPORT)], {})


# -- payments and answers --------------------------------------------------------------------


async def test_an_invoice_is_sent_and_tagged() -> None:
    api = FakeBotApi()
    invoice = SendInvoice(
        title="Sleep study",
        description="One night",
        payload="ord_1",
        currency="RUB",
        prices=(LabeledPrice(label="Study", amount=990_00),),
        tag="invoice",
    )

    receipts = await performer(api).perform(CHAT, [invoice], {})

    assert api.calls == [("send_invoice", (CHAT, invoice))]
    assert receipts == [Receipt("invoice", 101)]


async def test_a_stars_subscription_is_offered_as_an_invoice_link_button() -> None:
    api = FakeBotApi()
    subscription = SendInvoice(
        title="Assistant, monthly",
        description="Unlimited answers",
        payload="sl1:ord_9",
        currency="XTR",
        prices=(LabeledPrice(label="Month", amount=300),),
        tag="invoice",
        subscription_period=2_592_000,
        button_label="Subscribe for 30 days",
    )

    receipts = await performer(api).perform(CHAT, [subscription], {})

    link_call, send_call = api.calls
    assert link_call == ("create_invoice_link", (subscription,))
    method, (chat, text, buttons) = send_call
    assert (method, chat) == ("send_text", CHAT)
    assert "Assistant, monthly" in text
    assert buttons == ((Button("Subscribe for 30 days", url="https://t.me/$link-sl1:ord_9"),),)
    assert receipts == [Receipt("invoice", 102)]


async def test_a_press_is_answered_once_even_when_the_flow_answered_it() -> None:
    api = FakeBotApi()
    channel = performer(api, pending=PendingAnswers(callback_id="cb"))

    await channel.perform(CHAT, [AnswerButton(callback_id="cb", text="Saved")], {})
    await channel.settle()

    assert api.calls == [("answer_callback", ("cb", "Saved"))]


async def test_an_unanswered_press_is_answered_when_settling() -> None:
    api = FakeBotApi()

    await performer(api, pending=PendingAnswers(callback_id="cb")).settle()

    assert api.calls == [("answer_callback", ("cb", None))]


async def test_an_answer_for_another_press_is_ignored() -> None:
    api = FakeBotApi()

    await performer(api, pending=PendingAnswers(callback_id="cb")).perform(
        CHAT, [AnswerButton(callback_id="other", text="Not for this press")], {}
    )

    assert api.calls == [("answer_callback", ("cb", None))], "only the pending press"


async def test_a_press_is_answered_before_the_screen_is_sent() -> None:
    api = FakeBotApi()
    channel = performer(api, pending=PendingAnswers(callback_id="cb"))
    actions = [SendScreen(screen=Screen.of("Next")), AnswerButton(callback_id="cb", text="Saved")]

    await channel.perform(CHAT, actions, {})
    await channel.settle()

    assert api.names() == ["answer_callback", "send_text"]
    assert api.calls[0] == ("answer_callback", ("cb", "Saved"))


async def test_a_pre_checkout_answer_goes_before_any_screen() -> None:
    api = FakeBotApi()
    channel = performer(api, pending=PendingAnswers(pre_checkout_id="pq"))
    actions = [SendScreen(screen=Screen.of("Paying…")), AnswerPreCheckout(query_id="pq", ok=True)]

    await channel.perform(CHAT, actions, {})

    assert api.names() == ["answer_pre_checkout", "send_text"]


async def test_a_429_on_a_pre_checkout_answer_is_retried_inside_the_ten_seconds() -> None:
    api = FakeBotApi()
    api.fail("answer_pre_checkout", RateLimited(12.0), RateLimited(12.0), TransientFailure("502"))
    clock = MovingClock()
    started = clock.now()
    channel = ActionPerformer(
        api,
        CHAT,
        outbox=Outbox(OutboundLimits(), clock, clock.sleep, random=lambda: 0.0),
        documents=InMemoryDocumentStore(),
        bot_name=BOT,
        pending=PendingAnswers(pre_checkout_id="pq"),
    )

    await channel.perform(CHAT, [AnswerPreCheckout(query_id="pq", ok=True)], {})

    assert api.names() == ["answer_pre_checkout"] * 4
    assert clock.now() - started < timedelta(seconds=10)


async def test_a_too_old_press_answer_is_not_an_error() -> None:
    api = FakeBotApi()
    api.fail("answer_callback", RequestRejected("Bad Request: query is too old"))
    channel = performer(api, pending=PendingAnswers(callback_id="cb"))

    await channel.perform(CHAT, [AnswerButton(callback_id="cb")], {})
    await channel.settle()

    assert api.names() == ["answer_callback"]


async def test_an_unanswered_pre_checkout_is_refused_with_the_rendered_reason() -> None:
    api = FakeBotApi()
    pending = PendingAnswers(pre_checkout_id="pq", refusal="Something went wrong")

    await performer(api, pending=pending).settle()

    assert api.calls == [("answer_pre_checkout", ("pq", False, "Something went wrong"))]


async def test_a_pre_checkout_the_flow_answered_is_not_answered_again() -> None:
    api = FakeBotApi()
    channel = performer(api, pending=PendingAnswers(pre_checkout_id="pq"))

    await channel.perform(CHAT, [AnswerPreCheckout(query_id="pq", ok=True)], {})
    await channel.settle()

    assert api.calls == [("answer_pre_checkout", ("pq", True, None))]


# -- failures --------------------------------------------------------------------------------


async def test_a_transient_failure_is_retried() -> None:
    api = FakeBotApi()
    api.fail("send_text", TransientFailure("502 Bad Gateway"))

    receipts = await performer(api).perform(
        CHAT, [SendScreen(screen=Screen.of("x"), tag=SCREEN)], {}
    )

    assert api.names() == ["send_text", "send_text"]
    assert receipts == [Receipt(SCREEN, 101)]


async def test_a_blocked_recipient_stops_the_actions() -> None:
    api = FakeBotApi()
    api.fail("send_text", RecipientBlocked("Forbidden: bot was blocked by the user"))
    actions = [SendScreen(screen=Screen.of("a")), SendScreen(screen=Screen.of("b"))]

    with pytest.raises(RecipientBlocked):
        await performer(api).perform(CHAT, list(actions), {})

    assert api.names() == ["send_text"]


async def test_a_bad_request_on_a_send_is_raised_without_retry() -> None:
    api = FakeBotApi()
    api.fail("send_text", RequestRejected("Bad Request: chat not found"))

    with pytest.raises(RequestRejected, match="chat not found"):
        await performer(api).perform(CHAT, [SendScreen(screen=Screen.of("a"))], {})

    assert api.names() == ["send_text"]


async def test_apologising_never_raises() -> None:
    api = FakeBotApi()
    api.fail("send_text", RecipientBlocked("blocked"))

    await performer(api).apologise("Sorry")

    assert api.calls == [("send_text", (CHAT, "Sorry", ()))]


@given(
    texts=st.lists(st.text(min_size=1, max_size=5), min_size=1, max_size=6),
    tags=st.lists(st.sampled_from([None, "a", "b"]), min_size=6, max_size=6),
)
def test_every_tagged_send_gets_a_receipt_with_the_id_it_was_sent_as(
    texts: list[str], tags: list[str | None]
) -> None:
    api = FakeBotApi()
    actions = [
        SendScreen(screen=Screen.of(text), tag=tag) for text, tag in zip(texts, tags, strict=False)
    ]
    message_ids: dict[str, int] = {}

    receipts = asyncio.run(performer(api).perform(CHAT, list(actions), message_ids))

    sent_ids = range(101, 101 + len(actions))
    expected = [Receipt(a.tag, i) for a, i in zip(actions, sent_ids, strict=True) if a.tag]
    assert receipts == expected
    assert message_ids == {r.tag: r.message_id for r in receipts}
