"""SleepLab end to end through the container: onboarding, L0, results, offers, privacy."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from chat_driver import Chat

from sleeplab_core.conversation import ButtonPress, Command, Media, Resume
from sleeplab_core.entitlements import Entitlement
from sleeplab_core.questionnaires import QuestionnaireLibrary
from sleeplab_core.sleeplab.bot import content_dir, load_short_results, sleeplab_ruleset


async def test_a_new_user_is_welcomed_and_asked_for_consent_before_any_question(chat: Chat) -> None:
    await chat.start()
    assert "SleepLab" in chat.last
    await chat.press("English")
    assert "health data" in chat.last
    await chat.press("No, thanks")
    assert "Without your consent" in chat.last
    await chat.send(ButtonPress(user_id=1, data="a:age:35"))
    assert await chat.current_question() is None, "no health question before consent"


async def test_the_free_screening_ends_with_a_short_result_and_the_offer(chat: Chat) -> None:
    await chat.onboard()
    await chat.press("Start level L0")
    asked = await chat.answer_all({"gender": "female", "age": "44"})
    assert 10 <= asked <= 19
    assert "short result" in chat.last
    assert chat.button("Go on to level L1")


async def test_russian_users_get_russian_texts_all_the_way(chat: Chat) -> None:
    await chat.onboard("ru")
    await chat.press("Начать уровень L0")
    await chat.answer_all()
    assert "короткий результат" in chat.last


async def test_an_invalid_answer_repeats_the_question_with_the_reason(chat: Chat) -> None:
    await chat.onboard()
    await chat.press("Start level L0")
    await chat.say("two hundred")
    assert await chat.current_question() == ("age", "integer")
    assert "whole number" in chat.screens[-2].text
    await chat.say("230")
    assert await chat.current_question() == ("age", "integer")
    await chat.say("35")
    assert await chat.current_question() == ("gender", "single")


async def test_back_returns_to_the_previous_question_and_changing_it_changes_the_path(
    chat: Chat,
) -> None:
    await chat.onboard()
    await chat.press("Start level L0")
    await chat.say("35")
    await chat.press("Male")
    await chat.command("back")
    assert await chat.current_question() == ("gender", "single")
    assert "• Male" in [b.label for b in chat.screens[-1].all_buttons()]
    await chat.press("Female")
    assert await chat.current_question() == ("main_complaint", "single")


async def test_a_stale_button_does_not_answer_the_current_question(chat: Chat) -> None:
    await chat.onboard()
    await chat.press("Start level L0")
    await chat.say("35")
    await chat.send(ButtonPress(user_id=1, data="a:age:40"))
    assert "earlier message" in chat.screens[-2].text
    assert await chat.current_question() == ("gender", "single")


async def test_stickers_and_unknown_commands_get_a_clear_answer_and_keep_progress(
    chat: Chat,
) -> None:
    await chat.onboard()
    await chat.press("Start level L0")
    await chat.say("35")
    await chat.send(Media(user_id=1, kind="sticker"))
    await chat.send(Command(user_id=1, name="frobnicate"))
    assert "/frobnicate" in chat.screens[-2].text
    assert await chat.current_question() == ("gender", "single")


async def test_resuming_shows_the_exact_question(chat: Chat) -> None:
    await chat.onboard()
    await chat.press("Start level L0")
    await chat.say("35")
    await chat.send(Resume(user_id=1))
    assert "What is your sex?" in chat.last


async def test_a_paid_level_shows_the_offer_until_it_is_unlocked(chat: Chat) -> None:
    await chat.onboard()
    await chat.press("Start level L0")
    await chat.answer_all()
    await chat.press("Go on to level L1")
    assert "in-depth assessment" in chat.last
    assert chat.button("Check access")


async def test_privacy_exports_everything_as_json_and_erases_after_confirmation(chat: Chat) -> None:
    await chat.onboard()
    await chat.press("Start level L0")
    await chat.say("35")
    await chat.command("privacy")
    await chat.press("Download my data")
    (document,) = chat.documents
    exported = json.loads(Path(document.attachment.path or "").read_text("utf-8"))
    assert exported["user"]["id"] == 1
    assert exported["questionnaire_runs"][0]["state"]["answers"] == {"age": 35}
    await chat.press("Delete my data")
    await chat.press("Yes, delete everything")
    assert "deleted" in chat.last
    await chat.start()
    assert "SleepLab" in chat.last, "after erasure the user is a stranger again"
    assert await chat.current_question() is None


async def unlock(chat: Chat) -> None:
    router = chat.conversations.router
    async with router.unit_of_work() as uow:
        for product in ("sleeplab_l1", "sleeplab_l2"):
            await uow.entitlements.grant(
                Entitlement(1, product, "test", router.clock.now() - timedelta(minutes=1))
            )
        await uow.commit()


async def finish_l0(chat: Chat, **answers: str) -> None:
    await chat.onboard()
    await chat.press("Start level L0")
    await chat.answer_all({"age": "52", "gender": "male", **answers})


async def test_an_unlocked_level_one_ends_with_an_explained_diagnosis_and_pdfs(chat: Chat) -> None:
    await finish_l0(chat)
    await unlock(chat)
    await chat.press("Go on to level L1")
    assert await chat.current_question() is not None, "the unlocked level starts"
    await chat.answer_all()
    assert "Your results for level L1" in chat.last
    report, *guides = chat.documents
    assert report.attachment.key.startswith("reports/")
    pdf = Path(report.attachment.path or "")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert guides, "the diagnosis recommends at least one pre-made guide"


APNEA = (
    "apnea_loud_snoring",
    "apnea_daytime_tiredness",
    "apnea_observed_pauses",
    "apnea_blood_pressure",
)


@pytest.mark.parametrize(
    ("signs", "drowsy", "urgent"),
    [
        ("yes", "yes", True),
        ("yes", "no", False),
        ("no", "yes", False),
    ],
)
async def test_drowsy_driving_with_high_apnea_risk_is_an_urgent_referral(
    chat: Chat, signs: str, drowsy: str, urgent: bool
) -> None:
    await finish_l0(chat)
    await unlock(chat)
    await chat.press("Go on to level L1")
    await chat.answer_all(
        {
            "drowsy_driving": drowsy,
            "neck_size": "44" if signs == "yes" else "36",
            **dict.fromkeys(APNEA, signs),
        }
    )
    assert ("Please see a doctor soon" in chat.last) is urgent


async def test_showing_the_result_again_does_not_diagnose_twice(chat: Chat) -> None:
    await finish_l0(chat)
    await unlock(chat)
    await chat.press("Go on to level L1")
    await chat.answer_all()
    router = chat.conversations.router
    async with router.unit_of_work() as uow:
        (run,) = [r for r in await uow.runs.for_user(1) if r.level == "L1"]
    await chat.command("menu")
    await chat.press("My level L1 result")
    async with router.unit_of_work() as uow:
        assert await uow.runs.get(run.id) == run


def test_the_rule_set_was_written_for_the_shipped_questionnaire_version() -> None:
    definition = QuestionnaireLibrary.from_directory(content_dir()).latest("sleeplab")
    assert sleeplab_ruleset().questionnaires == {"sleeplab": str(definition.version)}


def test_the_short_result_reads_only_names_the_free_level_provides() -> None:
    definition = QuestionnaireLibrary.from_directory(content_dir()).latest("sleeplab")
    level = definition.levels["L0"]
    names = {q.id for block in level.blocks for q in block.questions}
    names |= set(level.calculated) | {
        f"scale.{s}" for s in ("insomnia", "apnea", "sleepiness", "hygiene")
    }
    assert load_short_results()["L0"].references() <= names
