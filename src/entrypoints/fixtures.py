"""Put a SleepLab user into a known state (operator fixtures), and the smoke journeys.

Scenarios are reached by calling SleepLab's use cases — consent, open a level, answer its
questions with typical answers, finish it, request its report — the same functions the bot's
flows call, on the same storage, so what an operator sets up is what a user would have. The
user's conversation is left where the bot would have left it. Paid levels are opened with an
entitlement whose source is ``fixture`` (never a sale).

The smoke journeys, by contrast, play the bot end to end (:class:`Autopilot`): that is what
they check.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import tempfile
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from dependency_injector import providers
from pydantic import SecretStr

from entrypoints.extras import install_hint, missing_modules
from entrypoints.settings import Settings
from sleeplab_core.conversation import (
    Action,
    ButtonPress,
    Command,
    Conversation,
    Conversations,
    EditScreen,
    Event,
    Receipt,
    Router,
    Screen,
    SendDocument,
    SendScreen,
    Start,
    Text,
)
from sleeplab_core.entitlements import Entitlement
from sleeplab_core.funnels.use_cases import record_steps
from sleeplab_core.jobs import (
    BroadcastState,
    FakeSleep,
    JobState,
    Worker,
    WorkerSettings,
    create_broadcast,
)
from sleeplab_core.kernel.clock import Clock, FakeClock
from sleeplab_core.kernel.errors import SleeplabError
from sleeplab_core.kernel.i18n import Message
from sleeplab_core.payments.ports import ANONYMOUS_USER
from sleeplab_core.privacy import erase_user
from sleeplab_core.promo.model import DiscountKind, PromoCode
from sleeplab_core.questionnaires import QuestionnaireLibrary, RunState, current_question
from sleeplab_core.questionnaires.engine import Rejected
from sleeplab_core.questionnaires.runs import QuestionnaireRun, RunStatus
from sleeplab_core.sleeplab.delivery import diagnosis_sent
from sleeplab_core.sleeplab.journey import FREE_LEVELS, QUESTIONNAIRE_ID
from sleeplab_core.sleeplab.journey_jobs import DeliveryMode, JourneyJobs, with_journey_jobs
from sleeplab_core.sleeplab.profile import engine_profile
from sleeplab_core.sleeplab.results import DiagnosisKit
from sleeplab_core.sleeplab.use_cases import (
    answer_question,
    give_consent,
    open_level,
    request_report,
)
from sleeplab_core.storage.ports import UnitOfWorkFactory

if TYPE_CHECKING:
    from entrypoints.containers import Container

FIXTURE_SOURCE = "fixture"
SCENARIOS = (
    "fresh",
    "onboarded",
    "l0_in_progress",
    "l0_completed",
    "l1_paid",
    "l1_completed",
    "l2_completed",
)
"""In journey order; each includes the ones before it (``fresh`` erases the user)."""

PROMO_SCENARIOS = {
    "promo_applied": ("FIXTURE20", "the L1 banner with a 20 % code accepted"),
    "promo_used_up": ("FIXTUREONCE", "the L1 banner after a code someone else used up"),
}
"""After ``l0_completed``: the user at the L1 price banner having typed a promo code (the
code is created, or reset, by the fixture)."""

TYPICAL_ANSWERS = {
    "age": "42",
    "rise_time": "07:00",
    "sleep_length": "7 h",
    "psqi_rise_time": "07:00",
    "psqi_latency": "20 min",
    "psqi_sleep_length": "7 h",
}
TYPICAL_BY_TYPE = {"time": "23:30", "duration": "7 h", "text": "nothing special"}
MAX_STEPS = 300
SLEEPLAB = "sleeplab"


class UnknownScenario(SleeplabError):
    def __init__(self, name: str) -> None:
        known = ", ".join([*SCENARIOS, *PROMO_SCENARIOS])
        super().__init__(f"unknown scenario {name!r}; choose one of {known}")


class FixtureStuck(SleeplabError):
    """The journey did not move on (an answer was refused): the content changed."""


class RecordingChannel:
    """A conversation channel that keeps what each user was shown and confirms everything."""

    def __init__(self) -> None:
        self.actions: dict[int, list[Action]] = {}
        self._ids = itertools.count(1)

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        self.actions.setdefault(user_id, []).extend(actions)
        return [Receipt(tag, next(self._ids)) for a in actions if (tag := getattr(a, "tag", None))]

    def screens(self, user_id: int) -> list[Screen]:
        return [
            a.screen
            for a in self.actions.get(user_id, [])
            if isinstance(a, SendScreen | EditScreen)
        ]

    def documents(self, user_id: int) -> list[SendDocument]:
        return [a for a in self.actions.get(user_id, []) if isinstance(a, SendDocument)]

    def last_text(self, user_id: int) -> str:
        screens = self.screens(user_id)
        return screens[-1].text if screens else ""


class Autopilot:
    """Plays one user through SleepLab with typical answers (the smoke journeys: they check
    the bot end to end; fixtures call the use cases instead)."""

    def __init__(
        self,
        conversations: Conversations,
        channel: RecordingChannel,
        library: QuestionnaireLibrary,
        user_id: int,
    ) -> None:
        self.conversations = conversations
        self.channel = channel
        self.library = library
        self.user_id = user_id

    @property
    def router(self) -> Router:
        return self.conversations.router

    async def send(self, event: Event) -> None:
        await self.conversations.deliver(event, self.channel)

    async def press(self, data: str) -> None:
        await self.send(ButtonPress(user_id=self.user_id, data=data))

    async def onboard(self, language: str = "en") -> None:
        await self.send(Start(user_id=self.user_id, language_hint=language))
        await self.press(f"lang:{language}")
        await self.press("consent:yes")

    async def open_level(self, level: str) -> None:
        await self.send(Command(user_id=self.user_id, name="menu"))
        await self.press(f"menu:start:{level}")

    async def answer(self, count: int | None = None, answers: Mapping[str, str] = {}) -> int:
        """Answer ``count`` questions (all when None); returns how many were answered."""
        given = {**TYPICAL_ANSWERS, **answers}
        for step in range(MAX_STEPS if count is None else count):
            question = await self._question()
            if question is None:
                return step
            await self._answer(question, given)
            after = await self._question()
            if after is not None and after.id == question.id:
                raise FixtureStuck(
                    f"question {question.id!r} refused the answer: "
                    f"{self.channel.last_text(self.user_id)[:200]}"
                )
        return MAX_STEPS if count is None else count

    async def _answer(self, question: Any, given: Mapping[str, str]) -> None:
        raw = typical_answer(question, given)
        if question.type in ("yes_no", "single"):
            await self.press(f"a:{question.id}:{raw}")
        elif isinstance(raw, list):
            for value in raw:
                await self.press(f"m:{question.id}:{value}")
            await self.press(f"d:{question.id}:")
        else:
            await self.say(raw)

    async def say(self, text: str) -> None:
        await self.send(Text(user_id=self.user_id, text=text))

    async def _question(self) -> Any:
        async with self.router.unit_of_work() as uow:
            conversation = await uow.conversations.get(self.user_id, self.router.bot.name)
            user = await uow.users.get(self.user_id)
            run_id = conversation.data.get("run") if conversation else None
            run = await uow.runs.get(str(run_id)) if run_id else None
        if run is None or user is None or run.status is not RunStatus.IN_PROGRESS:
            return None
        state = RunState.model_validate(run.state)
        definition = self.library.for_state(state)
        return current_question(definition, state, engine_profile(user, self.router.clock.now()))


async def grant(router: Router, user_id: int, product: str) -> None:
    """Open ``product`` for the user (the smoke journeys' paid levels)."""
    async with router.unit_of_work() as uow:
        granted = router.clock.now()
        await uow.entitlements.grant(Entitlement(user_id, product, FIXTURE_SOURCE, granted))
        await uow.commit()


async def pilot_for(
    container: Container,
    user_id: int,
    channel: RecordingChannel,
    delivery: DeliveryMode | None = None,
) -> Autopilot:
    """An autopilot for the user, with the configured delivery or the one given."""
    from entrypoints.containers import conversations_for, resolve

    conversations = await conversations_for(container, "sleeplab")
    if delivery is not None:
        jobs = attrs.evolve(container.journey_jobs(), delivery=delivery)
        spec = with_journey_jobs(container.sleeplab_bot(), jobs)
        conversations = Conversations(await resolve(container.router(bot=spec)))
    return Autopilot(conversations, channel, container.questionnaires(), user_id)


async def apply_scenario(container: Container, user_id: int, scenario: str) -> dict[str, Any]:
    """Reset ``user_id`` and set up the journey up to ``scenario`` through the use cases.

    ``l2_completed`` completes L2 with delayed delivery, whatever the setting, so its
    delivery job is scheduled. Returns what was done (steps, cancelled jobs, the documents
    prepared for the user, the last screen shown — only the promo scenarios show one).

    Raises:
        UnknownScenario: ``scenario`` is not one of :data:`SCENARIOS`.
        FixtureStuck: a typical answer was refused (the content changed).
    """
    from entrypoints.containers import conversations_for, unit_of_work_factory

    if scenario not in SCENARIOS and scenario not in PROMO_SCENARIOS:
        raise UnknownScenario(scenario)
    conversations = await conversations_for(container, "sleeplab")  # storage and documents
    setup = Setup(
        await unit_of_work_factory(container),
        container.clock(),
        container.questionnaires(),
        container.diagnosis_kit(),
        container.journey_jobs(),
        user_id,
    )
    cancelled = await reset_user(setup, user_id)
    steps = ["fresh"]
    last = scenario if scenario in SCENARIOS else "l0_completed"
    for name, step in _steps(setup)[: SCENARIOS.index(last)]:
        await step()
        steps.append(name)
    channel = RecordingChannel()
    if scenario in PROMO_SCENARIOS:
        await _type_promo(setup, conversations, channel, scenario)
        steps.append(scenario)
    return {
        "user": user_id,
        "scenario": scenario,
        "steps": steps,
        "cancelled_jobs": cancelled,
        "documents": setup.documents,
        "last_screen": channel.last_text(user_id),
    }


def typical_answer(question: Any, given: Mapping[str, str] = TYPICAL_ANSWERS) -> str | list[str]:
    """A typical valid answer to ``question``: the given one, its first option, or a typed
    value in the middle of its range."""
    qid, kind = question.id, question.type
    if kind == "yes_no":
        return given.get(qid, "yes")
    if kind == "single":
        return given.get(qid) or str(question.choices[0].value)
    if kind == "multiple":
        return [str(question.choices[0].value)]
    if qid in given:
        return given[qid]
    if kind in ("integer", "decimal") and question.min is not None:
        return str(int((question.min + question.max) // 2))
    if kind == "duration" and question.min is not None:
        return f"{int((question.min + question.max) // 2)} min"
    return TYPICAL_BY_TYPE.get(kind, "7")


@attrs.define
class Setup:
    """One user's journey set up through SleepLab's use cases, a unit of work per step."""

    uow: UnitOfWorkFactory
    clock: Clock
    library: QuestionnaireLibrary
    kit: DiagnosisKit
    jobs: JourneyJobs
    user_id: int
    documents: int = 0

    async def onboard(self, language: str = "en") -> None:
        async with self.uow() as uow:
            user = await give_consent(uow, self.clock, user_id=self.user_id, locale=language)
            await _place(uow, self.clock.now(), user, "menu", {}, ())
            await uow.commit()

    async def grant(self, product: str) -> None:
        async with self.uow() as uow:
            granted = self.clock.now()
            await uow.entitlements.grant(
                Entitlement(self.user_id, product, FIXTURE_SOURCE, granted)
            )
            await uow.commit()

    async def answer(
        self, level: str, count: int | None = None, jobs: JourneyJobs | None = None
    ) -> None:
        """Open ``level`` (resuming its run) and answer ``count`` questions (all when None);
        a finished paid level gets its report (diagnosed now, or its delivery scheduled)."""
        jobs = jobs or self.jobs
        async with self.uow() as uow:
            user = await uow.users.get(self.user_id)
            assert user is not None, "onboard first"
            opened = await open_level(uow, self.clock, self.library, user_id=user.id, level=level)
            run, reached = opened.run, list(opened.reached)
            finished = False
            for _ in range(MAX_STEPS if count is None else count):
                question = _current(self.library, run, user, self.clock)
                raw = typical_answer(question)
                outcome = await answer_question(
                    uow, self.clock, self.library, user, run, raw, locale=user.locale, jobs=jobs
                )
                if isinstance(outcome, Rejected):
                    raise FixtureStuck(f"question {question.id!r} refused {raw!r}")
                run, user, finished = outcome.run, outcome.user, outcome.finished
                reached += outcome.reached
                if finished:
                    break
            await uow.users.save(user)
            if finished and level not in FREE_LEVELS:
                run = await request_report(uow, self.clock, self.kit, user, run, jobs)
                self.documents += _documents_of(run)
            flow = "result" if finished else "questionnaire"
            await _place(
                uow, self.clock.now(), user, flow, {"level": level, "run": run.id}, reached
            )
            await uow.commit()


def _current(library: QuestionnaireLibrary, run: QuestionnaireRun, user: Any, clock: Clock) -> Any:
    state = RunState.model_validate(run.state)
    return current_question(library.for_state(state), state, engine_profile(user, clock.now()))


def _documents_of(run: QuestionnaireRun) -> int:
    """The report and guides prepared for a diagnosed run (0 while its delivery waits)."""
    diagnosis = run.result.get("diagnosis")
    return 1 + len(diagnosis["guides"]) if diagnosis else 0


async def _place(
    uow: Any,
    now: datetime,
    user: Any,
    flow: str,
    data: Mapping[str, Any],
    reached: Sequence[str],
) -> None:
    """Leave the user's conversation in ``flow`` (as the bot would have) and count the funnel
    steps the user reached on the way, as the router does."""
    before = await uow.conversations.get(user.id, SLEEPLAB)
    await uow.conversations.save(
        Conversation(
            user_id=user.id,
            bot=SLEEPLAB,
            flow=flow,
            updated_at=now,
            data=dict(data),
            messages=dict(before.messages) if before else {},
        )
    )
    steps = ([f"flow:{flow}"] if before is None or before.flow != flow else []) + list(reached)
    funnels = getattr(uow, "funnels", None)
    if funnels is not None and steps:
        await record_steps(funnels, SLEEPLAB, user, steps, now)


async def reset_user(setup: Setup, user_id: int) -> int:
    """Erase the user and cancel their unfinished jobs; returns how many were cancelled."""
    async with setup.uow() as uow:
        now = setup.clock.now()
        live = {JobState.SCHEDULED, JobState.RUNNING, JobState.FAILED}
        jobs = await uow.jobs.list(states=live, user_id=user_id, limit=10_000)
        for job in jobs:
            await uow.jobs.cancel(job.id, now)
        await erase_user(uow, user_id, now=now)
        await uow.commit()
    return len(jobs)


async def _type_promo(
    setup: Setup, conversations: Conversations, channel: RecordingChannel, scenario: str
) -> None:
    """Create the scenario's code afresh and leave the user at the L1 banner with it entered;
    the banner is shown as the bot shows it."""
    code, _ = PROMO_SCENARIOS[scenario]
    limited = scenario == "promo_used_up"
    promo = PromoCode(
        code=code,
        kind=DiscountKind.PERCENT,
        percent=20,
        max_redemptions=1 if limited else None,
        max_per_user=None if limited else 1,
    )
    async with setup.uow() as uow:
        await uow.promos.save(promo)
        if limited:  # the only use goes to an anonymous earlier order, reserved for a day
            now = setup.clock.now()
            order = f"fixture-{code.lower()}"
            await uow.promos.reserve(promo, ANONYMOUS_USER, order, now, now + timedelta(days=1))
        user = await uow.users.get(setup.user_id)
        await _place(uow, setup.clock.now(), user, "offer", {"level": "L1", "promo": code}, ())
        await uow.commit()
    await conversations.deliver(ButtonPress(user_id=setup.user_id, data="offer:show"), channel)


def _steps(setup: Setup) -> list[tuple[str, Callable[[], Awaitable[object]]]]:
    """The journey after ``fresh``, one step per scenario, in :data:`SCENARIOS` order."""
    delayed = attrs.evolve(setup.jobs, delivery=DeliveryMode.DELAYED)
    return [
        ("onboarded", setup.onboard),
        ("l0_in_progress", lambda: setup.answer("L0", 3)),
        ("l0_completed", lambda: setup.answer("L0")),
        ("l1_paid", lambda: setup.grant("sleeplab_l1")),
        ("l1_completed", lambda: setup.answer("L1")),
        ("l2_completed", lambda: _complete_l2(setup, delayed)),
    ]


async def _complete_l2(setup: Setup, delayed: JourneyJobs) -> None:
    await setup.grant("sleeplab_l2")
    await setup.answer("L2", jobs=delayed)


# Smoke: the critical journeys, end to end through the core ------------------------------

SMOKE_START = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
"""A Monday morning: nothing falls into the default quiet hours."""


@attrs.define
class SmokeKit:
    container: Container
    clock: FakeClock
    channel: RecordingChannel
    worker: Worker

    async def pilot(self, user_id: int, delivery: DeliveryMode = DeliveryMode.INSTANT) -> Autopilot:
        return await pilot_for(self.container, user_id, self.channel, delivery)

    async def flow(self, user_id: int) -> str | None:
        from entrypoints.containers import unit_of_work_factory

        async with (await unit_of_work_factory(self.container))() as uow:
            conversation = await uow.conversations.get(user_id, "sleeplab")
        return conversation.flow if conversation else None

    async def run(self, user_id: int, level: str) -> QuestionnaireRun | None:
        from entrypoints.containers import unit_of_work_factory

        async with (await unit_of_work_factory(self.container))() as uow:
            found: QuestionnaireRun | None = await uow.runs.latest(
                user_id, level, questionnaire=QUESTIONNAIRE_ID
            )
        return found


def _check(condition: bool, failure: str) -> None:
    if not condition:
        raise AssertionError(failure)


async def smoke_onboarding(kit: SmokeKit) -> str:
    pilot = await kit.pilot(101)
    await pilot.onboard()
    _check(await kit.flow(101) == "menu", f"after consent the flow is {await kit.flow(101)}")
    return "welcome → language → consent → menu"


async def smoke_free_screening(kit: SmokeKit) -> str:
    pilot = await kit.pilot(102)
    await pilot.onboard()
    await pilot.open_level("L0")
    answered = await pilot.answer()
    buttons = kit.channel.screens(102)[-1].all_buttons()
    _check(any(b.data == "result:next:L1" for b in buttons), "no way on to L1 after L0")
    return f"L0 answered in {answered} steps; short result offers L1"


async def smoke_paid_level_offer(kit: SmokeKit) -> str:
    pilot = await kit.pilot(103)
    await pilot.onboard()
    await pilot.open_level("L0")
    await pilot.answer()
    await pilot.open_level("L1")
    _check(await kit.flow(103) == "offer", "an unpaid L1 does not show its offer")
    return "L1 without payment shows the price banner"


async def smoke_instant_diagnosis(kit: SmokeKit) -> str:
    pilot = await kit.pilot(104)
    await _complete_l1(pilot, kit)
    documents = kit.channel.documents(104)
    _check(bool(documents), "no documents after L1")
    report = Path(documents[0].attachment.path or "")
    _check(_is_pdf(report), "the report is not a PDF")
    return f"L1 diagnosed; {len(documents)} document(s), report {report.name}"


async def smoke_delayed_delivery(kit: SmokeKit) -> str:
    pilot = await kit.pilot(105, DeliveryMode.DELAYED)
    await _complete_l1(pilot, kit)
    _check(not kit.channel.documents(105), "documents sent before the due time")
    await pilot.send(Start(user_id=105))
    _check(not kit.channel.documents(105), "/start resent the report early")
    kit.clock.advance(kit.container.journey_jobs().delay)
    await kit.worker.run_once()
    run = await kit.run(105, "L1")
    _check(bool(kit.channel.documents(105)), "the worker sent no documents at the due time")
    _check(run is not None and diagnosis_sent(run), "diagnosis_sent was not recorded")
    return f"preface, then {len(kit.channel.documents(105))} document(s) at the due time"


async def smoke_reminder(kit: SmokeKit) -> str:
    pilot = await kit.pilot(106)
    await pilot.onboard()
    await pilot.open_level("L0")
    await pilot.answer(2)
    shown = len(kit.channel.screens(106))
    kit.clock.advance(timedelta(hours=24))
    await kit.worker.run_once()
    _check(len(kit.channel.screens(106)) == shown + 1, "no reminder 24 h after the last answer")
    return "unfinished L0 reminded after 24 h"


async def smoke_broadcast(kit: SmokeKit) -> str:
    from entrypoints.containers import unit_of_work_factory

    key = "sleeplab_jobs.broadcast.announcement"
    factory = await unit_of_work_factory(kit.container)
    async with factory() as uow:
        broadcast, _ = await create_broadcast(uow, "all_active", key, "smoke", kit.clock.now())
        await uow.commit()
    for _ in range(10):
        await kit.worker.run_once()
    async with factory() as uow:
        done = await uow.broadcasts.get(broadcast.id)
    text = kit.container.catalog().render("en", Message(key))
    got = {
        user: sum(s.text == text for s in kit.channel.screens(user)) for user in kit.channel.actions
    }
    _check(done is not None and done.state is BroadcastState.COMPLETED, "broadcast not completed")
    _check(set(got.values()) == {1}, f"recipients got it this many times: {got}")
    return f"{len(got)} recipient(s), each exactly once"


def _is_pdf(path: Path) -> bool:
    return path.is_file() and path.read_bytes()[:4] == b"%PDF"


async def _complete_l1(pilot: Autopilot, kit: SmokeKit) -> None:
    await pilot.onboard()
    await pilot.open_level("L0")
    await pilot.answer()
    await grant(pilot.router, pilot.user_id, "sleeplab_l1")
    await pilot.open_level("L1")
    await pilot.answer()


SMOKE_JOURNEYS: tuple[tuple[str, Callable[[SmokeKit], Awaitable[str]]], ...] = (
    ("onboarding", smoke_onboarding),
    ("free_screening", smoke_free_screening),
    ("paid_level_offer", smoke_paid_level_offer),
    ("instant_diagnosis", smoke_instant_diagnosis),
    ("delayed_delivery", smoke_delayed_delivery),
    ("reminder", smoke_reminder),
    ("broadcast", smoke_broadcast),
)


async def run_smoke(settings: Settings) -> list[dict[str, Any]]:
    """Run every journey on a throw-away in-memory store and data directory, with a fake
    clock and a worker; returns ``{name, ok, detail}`` per journey (never raises for one)."""
    from entrypoints.containers import build_container, resolve, sleeplab_handlers

    with tempfile.TemporaryDirectory(prefix="sleeplab-smoke-") as data:
        isolated = settings.model_copy(update={"database_url": "memory://", "data_dir": Path(data)})
        container = build_container(isolated)
        clock = FakeClock(SMOKE_START)
        container.clock.override(providers.Object(clock))
        try:
            channel = RecordingChannel()
            handlers = await sleeplab_handlers(container, channel, sleep=FakeSleep(clock))
            queue = await resolve(container.job_queue())
            worker = Worker(
                queue, handlers, clock, WorkerSettings(name="smoke"), random=lambda: 0.0
            )
            kit = SmokeKit(container, clock, channel, worker)
            return [await _journey(name, journey, kit) for name, journey in SMOKE_JOURNEYS]
        finally:
            await resolve(container.shutdown_resources())


async def _journey(
    name: str, journey: Callable[[SmokeKit], Awaitable[str]], kit: SmokeKit
) -> dict[str, Any]:
    try:
        return {"name": name, "ok": True, "detail": await journey(kit)}
    except Exception as error:  # a smoke report names every failure, it does not stop
        return {"name": name, "ok": False, "detail": f"{type(error).__name__}: {error}"}


# Smoke through the Telegram emulator ------------------------------------------------------


class AiogramWorkerChannel:
    """A worker-side Telegram channel: each call acts for one recipient's chat (aiogram)."""

    def __init__(self, bot: Any, outbox: Any, documents: Any) -> None:
        self._bot = bot
        self._outbox = outbox
        self._documents = documents

    async def perform(
        self, user_id: int, actions: list[Action], message_ids: dict[str, int]
    ) -> list[Receipt]:
        from adapters.telegram_aiogram import AiogramChannel

        channel = AiogramChannel(
            self._bot,
            user_id,
            outbox=self._outbox,
            documents=self._documents,
            bot_name="sleeplab",
        )
        return await channel.perform(user_id, actions, message_ids)


async def run_emulator_smoke(settings: Settings) -> list[dict[str, Any]]:
    """The job journeys through the in-process Telegram emulator and the real aiogram
    adapter: the bot polls the emulator, the worker sends through aiogram to it."""
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer

    from adapters.telegram_emulator import Emulator
    from entrypoints.bot import ClientOptions, build_telegram
    from entrypoints.containers import build_container, resolve, sleeplab_handlers
    from sleeplab_core.conversation.outbound import OutboundLimits, Outbox

    class LoopbackSession(AiohttpSession):
        async def close(self) -> None:  # no pause for closing TLS connections on loopback
            if self._session is not None and not self._session.closed:
                await self._session.close()

    def session(url: str) -> LoopbackSession:
        return LoopbackSession(api=TelegramAPIServer.from_base(url))

    fast = 10_000.0  # the fake clock does not move while sending: never wait for tokens
    with tempfile.TemporaryDirectory(prefix="sleeplab-smoke-tg-") as data:
        async with Emulator() as emu:
            isolated = settings.model_copy(
                update={
                    "database_url": "memory://",
                    "data_dir": Path(data),
                    "telegram_token": SecretStr(emu.token),
                    "telegram_api_url": emu.base_url,
                    "delivery": "delayed",
                    "telegram_global_rate": fast,
                    "telegram_global_burst": fast,
                    "telegram_chat_rate": fast,
                    "telegram_chat_burst": fast,
                }
            )
            container = build_container(isolated)
            clock = FakeClock(SMOKE_START)
            container.clock.override(providers.Object(clock))
            runtime = await build_telegram(
                container, framework="aiogram", options=ClientOptions(aiogram_session=session)
            )
            polling = asyncio.create_task(runtime.run_polling(polling_timeout=1))
            bot = runtime.bot  # type: ignore[attr-defined]
            limits = OutboundLimits(fast, fast, fast, fast)
            channel = AiogramWorkerChannel(bot, Outbox(limits, clock), container.documents())
            try:
                handlers = await sleeplab_handlers(container, channel, sleep=FakeSleep(clock))
                queue = await resolve(container.job_queue())
                worker = Worker(
                    queue, handlers, clock, WorkerSettings(name="smoke-tg"), random=lambda: 0.0
                )
                kit = TelegramKit(container, clock, emu, worker)
                return [
                    await _journey(f"telegram:{name}", journey, kit)  # type: ignore[arg-type]
                    for name, journey in TELEGRAM_JOURNEYS
                ]
            finally:
                polling.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await polling
                await runtime.close()
                await resolve(container.shutdown_resources())


@attrs.define
class TelegramKit:
    container: Container
    clock: FakeClock
    emu: Any
    worker: Worker


async def telegram_delayed_delivery(kit: TelegramKit) -> str:
    user = kit.emu.user(201)
    await apply_scenario(kit.container, 201, "l2_completed")
    await user.send_command("/start")
    await user.wait_for_messages(1)
    _check(not _documents_in(user), "documents arrived before the due time")
    kit.clock.advance(kit.container.journey_jobs().delay)
    await kit.worker.run_once()
    documents = len(_documents_in(user))
    expected = await _delivered_documents(kit.container, 201)
    _check(documents > 0, "the worker sent no documents through Telegram")
    _check(documents == expected, f"{documents} documents arrived for {expected} delivered")
    return f"{len(_documents_in(user))} document(s) delivered through aiogram at the due time"


async def telegram_reminder(kit: TelegramKit) -> str:
    user = kit.emu.user(202)
    await user.send_command("/start")
    await user.wait_for_messages(1)
    await apply_scenario(kit.container, 202, "l0_in_progress")
    before = len(user.transcript())
    kit.clock.advance(timedelta(hours=24))
    await kit.worker.run_once()
    texts = [entry.text or "" for entry in user.transcript()[before:]]
    _check(any("/start" in text for text in texts), f"no reminder arrived: {texts}")
    return "the unfinished-questionnaire reminder arrived in Telegram"


async def telegram_broadcast(kit: TelegramKit) -> str:
    from entrypoints.containers import unit_of_work_factory

    key = "sleeplab_jobs.broadcast.announcement"
    text = kit.container.catalog().render("en", Message(key))
    async with (await unit_of_work_factory(kit.container))() as uow:
        await create_broadcast(uow, "all_active", key, "smoke", kit.clock.now())
        await uow.commit()
    for _ in range(5):
        await kit.worker.run_once()
    got = {
        uid: sum((e.text or "") == text for e in kit.emu.user(uid).transcript())
        for uid in (201, 202)
    }
    _check(set(got.values()) == {1}, f"recipients got it this many times: {got}")
    return "each recipient got the broadcast once through Telegram"


async def _delivered_documents(container: Container, user_id: int) -> int:
    """How many documents the user's confirmed deliveries hold (report + guides each)."""
    from entrypoints.containers import unit_of_work_factory

    async with (await unit_of_work_factory(container))() as uow:
        runs = [run for run in await uow.runs.for_user(user_id) if diagnosis_sent(run)]
    return sum(1 + len(run.result["diagnosis"]["guides"]) for run in runs)


def _documents_in(user: Any) -> list[Any]:
    return [entry for entry in user.transcript() if entry.kind == "document"]


TELEGRAM_JOURNEYS: tuple[tuple[str, Callable[[TelegramKit], Awaitable[str]]], ...] = (
    ("delayed_delivery", telegram_delayed_delivery),
    ("reminder", telegram_reminder),
    ("broadcast", telegram_broadcast),
)


async def run_all_smoke(settings: Settings, *, telegram: bool = True) -> list[dict[str, Any]]:
    """The core journeys, then (``telegram``) the job journeys through the emulator."""
    results = await run_smoke(settings)
    missing = missing_modules("telegram") if telegram else []
    if missing:
        detail = (
            f"skipped: the Telegram checks need the 'telegram' extra ({', '.join(missing)} "
            f"not installed): {install_hint('telegram')}"
        )
        results.append({"name": "telegram", "ok": True, "skipped": True, "detail": detail})
    elif telegram:
        try:
            results += await run_emulator_smoke(settings)
        except Exception as error:  # the emulator or the adapter could not start at all
            detail = f"{type(error).__name__}: {error}"
            results.append({"name": "telegram", "ok": False, "detail": detail})
    return results
