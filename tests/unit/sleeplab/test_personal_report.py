"""The paid report is personal: advice chosen from the person's own answers, with reasons that
are not the findings repeated, every score interpreted, a short number in the file name, and
no internal id anywhere a person reads."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from chat_driver import Chat
from pypdf import PdfReader

from adapters.babel_catalog import load_catalog as load_texts
from sleeplab_core.catalog import load_catalog
from sleeplab_core.conversation import ButtonPress, SendDocument
from sleeplab_core.entitlements import Entitlement
from sleeplab_core.kernel.i18n import Catalog, Message
from sleeplab_core.sleeplab.advice import shipped_advice
from sleeplab_core.sleeplab.bot import sleeplab_ruleset

EARLY_WAKER = {
    "age": "47",
    "gender": "female",
    "main_complaint": "early_waking",
    "latency": "over_60_min",
    "evening_caffeine": "most_days",
}
L1 = {"isi_early_waking": "very_serious", "insomnia_nights_per_week": "5"}
L2 = {
    "chrono_free_day_rise": "from_1100_to_1200",
    "chrono_self_type": "clearly_owl",
    "habit_caffeine_cups": "4",
    "late_caffeine": "yes",
    "stress_level": "very_high",
    "stress_low_mood": "nearly_every_day",
    "stress_wind_down": "no",
    "women_sleep_change": "around_menopause",
}
NUMBER = re.compile(r"SL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}")


async def journey(chat: Chat, language: str = "en") -> str:
    """Onboard, take all three levels, and return the last report's text."""
    await chat.onboard(language)
    await chat.press("Start level L0" if language == "en" else "Начать уровень L0")
    await chat.answer_all(EARLY_WAKER)
    router = chat.conversations.router
    async with router.unit_of_work() as uow:
        for product in ("sleeplab_l1", "sleeplab_l2"):
            since = router.clock.now() - timedelta(minutes=1)
            await uow.entitlements.grant(Entitlement(1, product, "test", since))
        await uow.commit()
    for level, answers in (("L1", L1), ("L2", L2)):
        await chat.command("menu")
        await chat.send(ButtonPress(user_id=1, data=f"menu:start:{level}"))
        await chat.answer_all(answers)
    return pdf_text(Path(last_report(chat).attachment.path or "").read_bytes())


def last_report(chat: Chat) -> SendDocument:
    (*_, report) = [d for d in chat.documents if d.attachment.key.startswith("reports/")]
    return report


def pdf_text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def texts() -> Catalog:
    return load_texts()


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
async def report_text(chat: Chat) -> str:
    return await journey(chat)


async def test_advice_follows_the_answers_with_the_reason_for_each(
    chat: Chat, report_text: str
) -> None:
    catalog = texts()

    def text(key: str) -> str:
        return words(catalog.render("en", Message(key, {})))

    assert text("sleeplab.advice.early_waking.text") in report_text
    assert text("sleeplab.advice.early_waking.why") in report_text
    assert text("sleeplab.advice.late_caffeine.text") in report_text
    assert text("sleeplab.advice.wind_down.text") in report_text
    assert text("sleeplab.advice.evening_type_light.text") not in report_text, (
        "morning light is wrong for someone who already wakes too early"
    )


async def test_what_we_recommend_never_repeats_a_finding(chat: Chat, report_text: str) -> None:
    recommend = report_text.split("What we recommend", 1)[1]
    catalog = texts()
    ruleset = sleeplab_ruleset()
    for rule in ruleset.rules:
        params = dict.fromkeys(rule.params, 0)
        explanation = words(catalog.render("en", Message(rule.explanation, params)))
        opening = explanation.split("0")[0][:50]  # the words before any number
        assert opening not in recommend


async def test_stress_low_mood_and_the_womens_block_reach_the_report(report_text: str) -> None:
    assert "Low mood" in report_text
    assert "talk to a doctor or a psychologist" in report_text
    assert "Sleep and hormonal changes" in report_text


async def test_every_score_shown_is_interpreted(report_text: str) -> None:
    assert "Raw score" not in report_text
    assert "Sleep disturbance" in report_text or "disturb" in report_text


async def test_no_internal_id_reaches_the_report_or_the_screens(
    chat: Chat, report_text: str
) -> None:
    ruleset = sleeplab_ruleset()
    internal = {rule.id for rule in ruleset.rules} | {rule.code for rule in ruleset.rules}
    internal |= {product.code for product in load_catalog()}
    internal |= {piece.id for piece in shipped_advice().rules}
    internal = {name for name in internal if "_" in name}  # plain words may be prose
    seen = [report_text, *(screen.text for screen in chat.screens)]
    leaks = {name for name in internal for text in seen if re.search(rf"\b{name}\b", text)}
    assert leaks == set()


async def test_the_report_has_a_short_number_also_in_its_file_name(
    chat: Chat, report_text: str
) -> None:
    report = last_report(chat)
    (number,) = set(NUMBER.findall(report_text))
    assert report.attachment.filename == f"SleepLab-{number}.pdf"


async def test_the_russian_report_is_personal_too(chat: Chat) -> None:
    text = await journey(chat, "ru")

    assert "Наши рекомендации" in text
    assert "Почему это про вас" in text
    assert "Подавленное настроение" in text
    assert "Сырой балл" not in text


@pytest.mark.parametrize("language", ["en", "ru"])
async def test_no_page_of_the_paid_reports_or_their_guides_is_near_empty(
    chat: Chat, language: str
) -> None:
    await journey(chat, language)
    sent = [d for d in chat.documents if d.attachment.path]
    reports = [d for d in sent if d.attachment.key.startswith("reports/")]
    assert len(reports) == 2, "an L1 and an L2 report"
    assert any(d.attachment.key.startswith("library/") for d in sent), "the guides go along"

    for document in sent:
        pages = PdfReader(io.BytesIO(Path(document.attachment.path or "").read_bytes())).pages
        for number, page in enumerate(pages, start=1):
            text = " ".join((page.extract_text() or "").split())
            assert len(text) >= 400, f"{document.attachment.filename} page {number}: {text!r}"
