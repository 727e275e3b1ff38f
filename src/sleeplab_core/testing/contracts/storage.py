"""The contract every storage backend passes: subclass StorageContract, provide ``uow_factory``.

Covers each repository port (users, conversations, inbox, runs, entitlements) and the unit
of work around them: what is committed is visible, what is not is discarded, uniqueness
holds under concurrency, and concurrent read-modify-write units lose no update.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import attrs
import pytest

from sleeplab_core.conversation.model import Conversation
from sleeplab_core.entitlements.model import Entitlement
from sleeplab_core.kernel.users import Consent, Gender, User
from sleeplab_core.questionnaires.runs import QuestionnaireRun, RunStatus
from sleeplab_core.storage import UnitOfWorkFactory

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
MOSCOW = timezone(timedelta(hours=3))
TELEGRAM_ID = 7_412_345_678  # beyond 32 bits, as real Telegram ids are
CONCURRENT_UNITS = 20


def user(user_id: int = TELEGRAM_ID, **changes: object) -> User:
    fields: dict[str, object] = {"id": user_id, "created_at": T0, **changes}
    return User(**fields)  # type: ignore[arg-type]


def conversation(
    user_id: int = TELEGRAM_ID, bot: str = "sleeplab", **changes: object
) -> Conversation:
    fields: dict[str, object] = {
        "user_id": user_id,
        "bot": bot,
        "flow": "questionnaire",
        "updated_at": T0,
        **changes,
    }
    return Conversation(**fields)  # type: ignore[arg-type]


def run(run_id: str = "run-1", user_id: int = TELEGRAM_ID, **changes: object) -> QuestionnaireRun:
    fields: dict[str, object] = {
        "id": run_id,
        "user_id": user_id,
        "questionnaire": "sleeplab",
        "version": "1",
        "level": "L0",
        "status": RunStatus.IN_PROGRESS,
        "started_at": T0,
        "updated_at": T0,
        **changes,
    }
    return QuestionnaireRun(**fields)  # type: ignore[arg-type]


def entitlement(user_id: int = TELEGRAM_ID, **changes: object) -> Entitlement:
    fields: dict[str, object] = {
        "user_id": user_id,
        "product": "sleeplab.L1",
        "source": "payment:1",
        "granted_at": T0,
        **changes,
    }
    return Entitlement(**fields)  # type: ignore[arg-type]


class StorageContract:
    @pytest.fixture
    def uow_factory(self) -> UnitOfWorkFactory:
        raise NotImplementedError("a backend's subclass provides the uow_factory fixture")

    # --- users -------------------------------------------------------------------------

    async def test_an_unknown_user_is_none(self, uow_factory: UnitOfWorkFactory) -> None:
        async with uow_factory() as uow:
            assert await uow.users.get(TELEGRAM_ID) is None

    async def test_a_saved_user_reads_back_with_every_field(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        saved = user(
            locale="ru",
            gender=Gender.FEMALE,
            birth_year=1990,
            time_zone="Europe/Moscow",
            consent=Consent(given_at=T0.astimezone(MOSCOW), text_version="2026-01"),
            active=False,
            created_at=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
        )
        async with uow_factory() as uow:
            await uow.users.save(saved)
            await uow.commit()

        async with uow_factory() as uow:
            loaded = await uow.users.get(TELEGRAM_ID)

        assert loaded == saved

    async def test_saving_a_user_again_replaces_the_whole_user(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        first = user(locale="ru", gender=Gender.MALE, consent=Consent(T0, "v1"))
        second = user(locale="en")
        async with uow_factory() as uow:
            await uow.users.save(first)
            await uow.commit()
        async with uow_factory() as uow:
            await uow.users.save(second)
            await uow.commit()

        async with uow_factory() as uow:
            assert await uow.users.get(TELEGRAM_ID) == second

    async def test_deleting_a_user_removes_it_and_unknown_ids_are_a_no_op(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.users.save(user(1))
            await uow.users.save(user(2))
            await uow.commit()

        async with uow_factory() as uow:
            await uow.users.delete(1)
            await uow.users.delete(999)
            await uow.commit()

        async with uow_factory() as uow:
            assert await uow.users.get(1) is None
            assert await uow.users.ids() == [2]

    async def test_ids_ascend_and_can_be_limited_to_active_users(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            for user_id, is_active in [(30, True), (TELEGRAM_ID, False), (2, True), (11, False)]:
                await uow.users.save(user(user_id, active=is_active))
            await uow.commit()

        async with uow_factory() as uow:
            everyone = await uow.users.ids()
            active = await uow.users.ids(active_only=True)

        assert everyone == [2, 11, 30, TELEGRAM_ID]
        assert active == [2, 30]

    # --- conversations -------------------------------------------------------------------

    async def test_a_missing_conversation_is_none(self, uow_factory: UnitOfWorkFactory) -> None:
        async with uow_factory() as uow:
            assert await uow.conversations.get(TELEGRAM_ID, "sleeplab") is None

    async def test_a_conversation_keeps_its_json_data_and_message_ids(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        saved = conversation(
            data={
                "answers": {"q1": ["a", "b"], "height_cm": 172.5, "snores": True, "note": None},
                "text": "Сплю плохо",
                "position": 4,
            },
            messages={"screen": 101, "progress": 102},
            updated_at=T0.astimezone(MOSCOW),
        )
        async with uow_factory() as uow:
            await uow.conversations.save(saved)
            await uow.commit()

        async with uow_factory() as uow:
            loaded = await uow.conversations.get(TELEGRAM_ID, "sleeplab")

        assert loaded == saved

    async def test_setting_message_ids_changes_nothing_else(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        saved = conversation(data={"step": 3}, messages={"screen": 101})
        async with uow_factory() as uow:
            await uow.conversations.save(saved)
            await uow.commit()
        async with uow_factory() as uow:
            await uow.conversations.set_messages(TELEGRAM_ID, "sleeplab", {"offer": 7})
            await uow.conversations.set_messages(TELEGRAM_ID + 1, "sleeplab", {"offer": 8})
            await uow.commit()

        async with uow_factory() as uow:
            loaded = await uow.conversations.get(TELEGRAM_ID, "sleeplab")
            stranger = await uow.conversations.get(TELEGRAM_ID + 1, "sleeplab")

        assert loaded == attrs.evolve(saved, messages={"offer": 7})
        assert stranger is None

    async def test_a_conversation_is_one_per_user_and_bot(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.conversations.save(conversation(flow="start"))
            await uow.conversations.save(conversation(bot="coach", flow="start"))
            await uow.conversations.save(conversation(flow="questionnaire", data={"step": 2}))
            await uow.commit()

        async with uow_factory() as uow:
            sleeplab = await uow.conversations.get(TELEGRAM_ID, "sleeplab")
            coach = await uow.conversations.get(TELEGRAM_ID, "coach")

        assert sleeplab == conversation(flow="questionnaire", data={"step": 2})
        assert coach == conversation(bot="coach", flow="start")

    async def test_deleting_a_users_conversations_covers_every_bot_and_no_one_else(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.conversations.save(conversation())
            await uow.conversations.save(conversation(bot="coach"))
            await uow.conversations.save(conversation(user_id=5))
            await uow.commit()

        async with uow_factory() as uow:
            await uow.conversations.delete_user(TELEGRAM_ID)
            await uow.commit()

        async with uow_factory() as uow:
            assert await uow.conversations.get(TELEGRAM_ID, "sleeplab") is None
            assert await uow.conversations.get(TELEGRAM_ID, "coach") is None
            assert await uow.conversations.get(5, "sleeplab") == conversation(user_id=5)

    # --- inbox ---------------------------------------------------------------------------

    async def test_an_inbox_key_is_new_exactly_once(self, uow_factory: UnitOfWorkFactory) -> None:
        async with uow_factory() as uow:
            first = await uow.inbox.first_time("update:1")
            again = await uow.inbox.first_time("update:1")
            other = await uow.inbox.first_time("update:2")
            await uow.commit()
        async with uow_factory() as uow:
            later = await uow.inbox.first_time("update:1")

        assert (first, again, other, later) == (True, False, True, False)

    async def test_an_inbox_mark_is_rolled_back_with_its_unit_of_work(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            assert await uow.inbox.first_time("update:1")

        async with uow_factory() as uow:
            assert await uow.inbox.first_time("update:1")

    async def test_an_inbox_key_is_new_once_among_concurrent_units_of_work(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async def deliver() -> bool:
            async with uow_factory() as uow:
                first = await uow.inbox.first_time("update:42")
                await uow.commit()
                return first

        results = await asyncio.gather(*(deliver() for _ in range(CONCURRENT_UNITS)))

        assert sorted(results) == [False] * (CONCURRENT_UNITS - 1) + [True]

    # --- questionnaire runs --------------------------------------------------------------

    async def test_a_run_reads_back_with_its_state_and_result(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        saved = run(
            status=RunStatus.COMPLETED,
            state={"answers": {"isi_1": 2, "bmi": 24.2}, "history": ["isi_1", "bmi"]},
            result={"score": 11, "band": "subthreshold", "flags": []},
            completed_at=T0 + timedelta(minutes=9, microseconds=5),
            updated_at=(T0 + timedelta(minutes=9)).astimezone(MOSCOW),
        )
        async with uow_factory() as uow:
            await uow.runs.save(saved)
            await uow.commit()

        async with uow_factory() as uow:
            assert await uow.runs.get("run-1") == saved
            assert await uow.runs.get("run-2") is None

    async def test_saving_a_run_again_replaces_it(self, uow_factory: UnitOfWorkFactory) -> None:
        async with uow_factory() as uow:
            await uow.runs.save(run(state={"position": 1}))
            await uow.commit()
        done = run(status=RunStatus.ABANDONED, state={"position": 7}, updated_at=T0 + timedelta(1))
        async with uow_factory() as uow:
            await uow.runs.save(done)
            await uow.commit()

        async with uow_factory() as uow:
            assert await uow.runs.get("run-1") == done

    async def test_latest_is_the_most_recently_started_run_of_the_level(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        # Start times in different offsets and with sub-second parts must still order by
        # instant; the latest of L0 is completed, which latest does not mind.
        async with uow_factory() as uow:
            await uow.runs.save(run("a", started_at=T0))
            await uow.runs.save(
                run(
                    "b",
                    started_at=(T0 + timedelta(hours=1, microseconds=1)).astimezone(MOSCOW),
                    status=RunStatus.COMPLETED,
                )
            )
            await uow.runs.save(run("c", started_at=T0 + timedelta(minutes=59)))
            await uow.runs.save(run("d", level="L1", started_at=T0 + timedelta(days=1)))
            await uow.runs.save(run("e", user_id=5, started_at=T0 + timedelta(days=2)))
            await uow.commit()

        async with uow_factory() as uow:
            latest_l0 = await uow.runs.latest(TELEGRAM_ID, "L0", questionnaire="sleeplab")
            latest_l2 = await uow.runs.latest(TELEGRAM_ID, "L2", questionnaire="sleeplab")

        assert latest_l0 is not None
        assert latest_l0.id == "b"
        assert latest_l2 is None

    async def test_latest_never_returns_another_questionnaires_run(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        # Two bots on one database, both with a level called "L0".
        async with uow_factory() as uow:
            await uow.runs.save(run("ours", started_at=T0))
            await uow.runs.save(
                run("theirs", questionnaire="mood", started_at=T0 + timedelta(hours=1))
            )
            await uow.commit()

        async with uow_factory() as uow:
            ours = await uow.runs.latest(TELEGRAM_ID, "L0", questionnaire="sleeplab")
            theirs = await uow.runs.latest(TELEGRAM_ID, "L0", questionnaire="mood")

        assert ours is not None
        assert ours.id == "ours"
        assert theirs is not None
        assert theirs.id == "theirs"

    async def test_a_users_runs_are_listed_oldest_first(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.runs.save(run("late", started_at=T0 + timedelta(days=3)))
            await uow.runs.save(run("early", started_at=T0, level="L1"))
            await uow.runs.save(run("middle", started_at=T0 + timedelta(seconds=0.5)))
            await uow.runs.save(run("someone-else", user_id=5))
            await uow.commit()

        async with uow_factory() as uow:
            runs = await uow.runs.for_user(TELEGRAM_ID)

        assert [r.id for r in runs] == ["early", "middle", "late"]

    async def test_deleting_a_users_runs_leaves_other_users_runs(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.runs.save(run("mine-1"))
            await uow.runs.save(run("mine-2", level="L1"))
            await uow.runs.save(run("theirs", user_id=5))
            await uow.commit()

        async with uow_factory() as uow:
            await uow.runs.delete_user(TELEGRAM_ID)
            await uow.commit()

        async with uow_factory() as uow:
            assert await uow.runs.for_user(TELEGRAM_ID) == []
            assert [r.id for r in await uow.runs.for_user(5)] == ["theirs"]

    # --- entitlements --------------------------------------------------------------------

    async def test_granting_the_same_source_twice_changes_nothing(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        first = entitlement(expires_at=T0 + timedelta(days=30))
        async with uow_factory() as uow:
            granted = await uow.entitlements.grant(first)
            await uow.commit()
        async with uow_factory() as uow:
            regranted = await uow.entitlements.grant(entitlement(granted_at=T0 + timedelta(1)))
            await uow.commit()

        async with uow_factory() as uow:
            stored = await uow.entitlements.all_for(TELEGRAM_ID)

        assert (granted, regranted) == (True, False)
        assert stored == [first]

    async def test_each_source_grants_a_product_once(self, uow_factory: UnitOfWorkFactory) -> None:
        async with uow_factory() as uow:
            results = [
                await uow.entitlements.grant(entitlement(source="payment:1")),
                await uow.entitlements.grant(entitlement(source="promo:SLEEP")),
                await uow.entitlements.grant(entitlement(product="sleeplab.L2")),
                await uow.entitlements.grant(entitlement(user_id=5)),
                await uow.entitlements.grant(entitlement(source="promo:SLEEP")),
            ]
            await uow.commit()

        async with uow_factory() as uow:
            mine = await uow.entitlements.all_for(TELEGRAM_ID)

        assert results == [True, True, True, True, False]
        assert len(mine) == 3

    async def test_a_grant_is_unique_among_concurrent_units_of_work(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async def grant() -> bool:
            async with uow_factory() as uow:
                granted = await uow.entitlements.grant(entitlement())
                await uow.commit()
                return granted

        results = await asyncio.gather(*(grant() for _ in range(CONCURRENT_UNITS)))

        assert sorted(results) == [False] * (CONCURRENT_UNITS - 1) + [True]

    async def test_active_entitlements_are_those_granted_and_not_yet_expired(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        forever = entitlement(source="dev-unlock", granted_at=T0)
        month = entitlement(source="payment:1", expires_at=T0 + timedelta(days=30))
        later = entitlement(source="payment:2", granted_at=T0 + timedelta(days=10))
        async with uow_factory() as uow:
            for granted in (forever, month, later):
                await uow.entitlements.grant(granted)
            await uow.commit()

        async with uow_factory() as uow:
            before = await uow.entitlements.active(TELEGRAM_ID, T0 - timedelta(seconds=1))
            at_start = await uow.entitlements.active(TELEGRAM_ID, T0)
            day_ten = await uow.entitlements.active(TELEGRAM_ID, T0 + timedelta(days=10))
            at_expiry = await uow.entitlements.active(TELEGRAM_ID, T0 + timedelta(days=30))
            others = await uow.entitlements.active(5, T0)

        assert before == []
        assert sorted(e.source for e in at_start) == ["dev-unlock", "payment:1"]
        assert sorted(e.source for e in day_ten) == ["dev-unlock", "payment:1", "payment:2"]
        assert sorted(e.source for e in at_expiry) == ["dev-unlock", "payment:2"]
        assert others == []

    async def test_all_entitlements_of_a_user_are_listed_in_grant_order(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.entitlements.grant(entitlement(source="b", granted_at=T0 + timedelta(1)))
            await uow.entitlements.grant(entitlement(source="a", granted_at=T0.astimezone(MOSCOW)))
            await uow.entitlements.grant(entitlement(source="c", granted_at=T0 + timedelta(2)))
            await uow.commit()

        async with uow_factory() as uow:
            listed = await uow.entitlements.all_for(TELEGRAM_ID)

        assert [e.source for e in listed] == ["a", "b", "c"]

    # --- forgetting a user ---------------------------------------------------------------

    async def test_deleting_a_user_everywhere_leaves_nothing_of_them_and_all_of_others(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            for user_id in (TELEGRAM_ID, 5):
                await uow.users.save(user(user_id))
                await uow.conversations.save(conversation(user_id))
                await uow.runs.save(run(f"run-{user_id}", user_id))
                await uow.entitlements.grant(entitlement(user_id))
            await uow.commit()

        async with uow_factory() as uow:
            await uow.users.delete(TELEGRAM_ID)
            await uow.conversations.delete_user(TELEGRAM_ID)
            await uow.runs.delete_user(TELEGRAM_ID)
            await uow.entitlements.delete_user(TELEGRAM_ID)
            await uow.commit()

        async with uow_factory() as uow:
            assert await uow.users.ids() == [5]
            assert await uow.conversations.get(TELEGRAM_ID, "sleeplab") is None
            assert await uow.runs.for_user(TELEGRAM_ID) == []
            assert await uow.entitlements.all_for(TELEGRAM_ID) == []
            assert await uow.conversations.get(5, "sleeplab") == conversation(5)
            assert [r.id for r in await uow.runs.for_user(5)] == ["run-5"]
            assert await uow.entitlements.all_for(5) == [entitlement(5)]

    # --- the unit of work ----------------------------------------------------------------

    async def test_committed_changes_are_visible_to_later_units_of_work(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.users.save(user())
            await uow.conversations.save(conversation())
            await uow.commit()

        async with uow_factory() as uow:
            assert await uow.users.get(TELEGRAM_ID) == user()
            assert await uow.conversations.get(TELEGRAM_ID, "sleeplab") == conversation()

    async def test_a_unit_of_work_sees_its_own_uncommitted_changes(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.users.save(user())
            await uow.runs.save(run())

            assert await uow.users.get(TELEGRAM_ID) == user()
            assert await uow.runs.latest(TELEGRAM_ID, "L0", questionnaire="sleeplab") == run()

    async def test_leaving_without_commit_discards_every_change(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.users.save(user())
            await uow.conversations.save(conversation())
            await uow.runs.save(run())
            await uow.entitlements.grant(entitlement())

        async with uow_factory() as uow:
            assert await uow.users.ids() == []
            assert await uow.conversations.get(TELEGRAM_ID, "sleeplab") is None
            assert await uow.runs.for_user(TELEGRAM_ID) == []
            assert await uow.entitlements.all_for(TELEGRAM_ID) == []

    async def test_an_exception_rolls_back_what_was_not_yet_committed(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        class DeliberateError(Exception):
            pass

        async def fail_after_a_commit() -> None:
            async with uow_factory() as uow:
                await uow.users.save(user(locale="ru"))
                await uow.commit()
                await uow.users.save(user(locale="en"))
                await uow.runs.save(run())
                raise DeliberateError

        with pytest.raises(DeliberateError):
            await fail_after_a_commit()

        async with uow_factory() as uow:
            assert await uow.users.get(TELEGRAM_ID) == user(locale="ru")
            assert await uow.runs.get("run-1") is None

    async def test_changes_after_a_commit_need_their_own_commit(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.users.save(user(1))
            await uow.commit()
            await uow.users.save(user(2))
            await uow.commit()
            await uow.users.save(user(3))

        async with uow_factory() as uow:
            assert await uow.users.ids() == [1, 2]

    async def test_uncommitted_changes_are_invisible_to_a_concurrent_unit_of_work(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.users.save(user(locale="ru"))
            await uow.commit()
        changed = asyncio.Event()

        async def change_then_abandon() -> None:
            async with uow_factory() as uow:
                await uow.users.save(user(locale="en"))
                changed.set()
                for _ in range(10):  # give the reader every chance to run before rollback
                    await asyncio.sleep(0)

        async def read() -> User | None:
            await changed.wait()
            async with uow_factory() as uow:
                return await uow.users.get(TELEGRAM_ID)

        _, seen = await asyncio.gather(change_then_abandon(), read())

        assert seen == user(locale="ru")

    async def test_concurrent_units_of_work_writing_different_rows_all_commit(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async def register(user_id: int) -> None:
            async with uow_factory() as uow:
                await uow.users.save(user(user_id))
                await uow.conversations.save(conversation(user_id))
                await uow.commit()

        await asyncio.gather(*(register(i) for i in range(1, CONCURRENT_UNITS + 1)))

        async with uow_factory() as uow:
            assert await uow.users.ids() == list(range(1, CONCURRENT_UNITS + 1))

    async def test_concurrent_read_modify_write_units_of_work_lose_no_update(
        self, uow_factory: UnitOfWorkFactory
    ) -> None:
        async with uow_factory() as uow:
            await uow.conversations.save(conversation(data={"count": 0}))
            await uow.commit()

        async def increment() -> None:
            async with uow_factory() as uow:
                current = await uow.conversations.get(TELEGRAM_ID, "sleeplab")
                assert current is not None
                await asyncio.sleep(0)  # let the others interleave if the store allowed it
                count = int(current.data["count"]) + 1
                await uow.conversations.save(conversation(data={"count": count}))
                await uow.commit()

        await asyncio.gather(*(increment() for _ in range(CONCURRENT_UNITS)))

        async with uow_factory() as uow:
            final = await uow.conversations.get(TELEGRAM_ID, "sleeplab")
        assert final is not None
        assert final.data["count"] == CONCURRENT_UNITS
