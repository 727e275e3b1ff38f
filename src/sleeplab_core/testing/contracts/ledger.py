"""The contract every Ledger backend passes: subclass LedgerContract and provide ``ledger``.

The backend's ledger must read time from the ``clock`` fixture (a FakeClock). Each test gets
a fresh ledger; the state machine gives every hypothesis example its own unit and keys, so
the examples of one test share that ledger without cleaning up.

A backend with units of work also provides ``unit_of_work`` (a factory over the store the
ledger writes to): a ledger write made inside an open unit of work joins it — committed with
it, rolled back with it — and one made while it is released stands on its own.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from sleeplab_core.kernel.clock import FakeClock
from sleeplab_core.kernel.money import Money
from sleeplab_core.ledger import (
    AccountConflict,
    AccountNotFound,
    AlreadyReversed,
    Balance,
    HoldAlreadyResolved,
    HoldExpired,
    HoldNotFound,
    HoldState,
    IdempotencyConflict,
    InsufficientFunds,
    InvalidTransfer,
    Ledger,
    Leg,
    PostExceedsHold,
    Transfer,
    TransferNotFound,
)

T = TypeVar("T")
UNIT = "credits"
ISSUER = "system:issuer"


class _RolledBack(Exception):
    """Raised inside a unit of work to leave it without committing."""


async def _rolled_back(
    unit_of_work: Callable[[], Any], work: Callable[[Any], Awaitable[object]]
) -> None:
    """Run ``work`` inside a unit of work that then ends without committing."""
    try:
        async with unit_of_work() as uow:
            await work(uow)
            raise _RolledBack
    except _RolledBack:
        return


def credits(amount: int) -> Money:
    return Money(amount, UNIT)


async def available(ledger: Ledger, owner: str, unit: str = UNIT) -> int:
    return (await ledger.balance(owner, unit)).available


class LedgerContract:
    # A slower backend may lower these in its subclass (fewer examples), never skip the test.
    state_machine_settings = settings(
        max_examples=60,
        stateful_step_count=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )

    @pytest.fixture
    def clock(self) -> FakeClock:
        return FakeClock()

    @pytest.fixture
    async def ledger(self, clock: FakeClock) -> Ledger:
        raise NotImplementedError("a backend's subclass provides the ledger under test")

    @pytest.fixture
    async def funded(self, ledger: Ledger) -> Ledger:
        """An issuer, ``alice`` holding 100 credits and an empty ``bob``."""
        await ledger.open_account(ISSUER, UNIT, allow_negative=True)
        await ledger.open_account("alice", UNIT)
        await ledger.open_account("bob", UNIT)
        await ledger.transfer("fund-alice", Leg(ISSUER, "alice", credits(100)))
        return ledger

    # accounts ---------------------------------------------------------------------------

    async def test_opening_an_account_twice_returns_the_same_account(self, ledger: Ledger):
        first = await ledger.open_account("alice", UNIT)
        second = await ledger.open_account("alice", UNIT)

        assert first == second
        assert await ledger.balance("alice", UNIT) == Balance("alice", UNIT, 0, 0, 0)

    async def test_reopening_with_another_negative_flag_is_a_conflict(self, ledger: Ledger):
        await ledger.open_account("alice", UNIT)

        with pytest.raises(AccountConflict):
            await ledger.open_account("alice", UNIT, allow_negative=True)

    async def test_one_owner_has_separate_accounts_per_unit(self, funded: Ledger):
        await funded.open_account("alice", "points")

        assert await available(funded, "alice", "points") == 0
        assert await available(funded, "alice") == 100

    async def test_an_unopened_account_is_not_found(self, funded: Ledger):
        with pytest.raises(AccountNotFound):
            await funded.balance("carol", UNIT)
        with pytest.raises(AccountNotFound):
            await funded.transfer("to-carol", Leg("alice", "carol", credits(1)))
        assert await available(funded, "alice") == 100

    # transfers --------------------------------------------------------------------------

    async def test_a_transfer_moves_money_and_keeps_the_unit_balanced(self, funded: Ledger):
        booked = await funded.transfer("t1", Leg("alice", "bob", credits(30), "gift"))

        assert (booked.key, booked.leg, booked.amount, booked.reason) == (
            "t1",
            0,
            credits(30),
            "gift",
        )
        assert await available(funded, "alice") == 70
        assert await available(funded, "bob") == 30
        assert await available(funded, ISSUER) == -100

    async def test_an_overdraft_is_refused_and_changes_nothing(self, funded: Ledger):
        with pytest.raises(InsufficientFunds) as refused:
            await funded.transfer("t1", Leg("alice", "bob", credits(101)))

        assert (refused.value.available, refused.value.requested) == (100, 101)
        assert await available(funded, "alice") == 100
        assert await available(funded, "bob") == 0
        with pytest.raises(TransferNotFound):
            await funded.transfers("t1")

    async def test_a_refused_key_may_be_retried_once_funds_arrive(self, funded: Ledger):
        leg = Leg("bob", "alice", credits(5))
        with pytest.raises(InsufficientFunds):
            await funded.transfer("retry", leg)
        await funded.transfer("fund-bob", Leg(ISSUER, "bob", credits(5)))

        await funded.transfer("retry", leg)

        assert await available(funded, "bob") == 0

    async def test_a_replay_returns_the_original_transfer_and_books_nothing(
        self, funded: Ledger, clock: FakeClock
    ):
        leg = Leg("alice", "bob", credits(10))
        original = await funded.transfer("t1", leg)
        clock.advance(timedelta(minutes=5))

        replayed = await funded.transfer("t1", leg)

        assert replayed == original
        assert await available(funded, "alice") == 90
        assert len(await funded.history("bob", UNIT)) == 1

    async def test_a_key_reused_with_other_fields_is_a_conflict(self, funded: Ledger):
        await funded.transfer("t1", Leg("alice", "bob", credits(10)))

        with pytest.raises(IdempotencyConflict):
            await funded.transfer("t1", Leg("alice", "bob", credits(11)))
        with pytest.raises(IdempotencyConflict):
            await funded.transfer("t1", Leg("alice", "bob", credits(10), reason="other"))
        assert await available(funded, "alice") == 90

    async def test_a_key_reused_for_another_operation_is_a_conflict(self, funded: Ledger):
        await funded.transfer("k", Leg("alice", "bob", credits(10)))

        with pytest.raises(IdempotencyConflict):
            await funded.reserve("k", Leg("alice", "bob", credits(10)))
        assert (await funded.balance("alice", UNIT)).held == 0

    @pytest.mark.parametrize(
        ("key", "leg"),
        [
            ("", Leg("alice", "bob", credits(1))),
            ("ledger:mine", Leg("alice", "bob", credits(1))),
            ("k", Leg("alice", "bob", credits(0))),
            ("k", Leg("alice", "bob", credits(-5))),
            ("k", Leg("alice", "alice", credits(1))),
            ("k", Leg("", "bob", credits(1))),
        ],
        ids=["empty key", "reserved key", "zero", "negative", "same account", "no source"],
    )
    async def test_malformed_transfers_are_invalid(self, funded: Ledger, key: str, leg: Leg):
        with pytest.raises(InvalidTransfer):
            await funded.transfer(key, leg)
        assert await available(funded, "alice") == 100

    async def test_history_lists_the_accounts_transfers_in_booking_order(self, funded: Ledger):
        await funded.transfer("t1", Leg("alice", "bob", credits(10)))
        await funded.transfer("t2", Leg("bob", "alice", credits(4)))

        history = await funded.history("alice", UNIT)

        assert [t.key for t in history] == ["fund-alice", "t1", "t2"]

    # linked transfers -------------------------------------------------------------------

    async def test_linked_legs_fail_together(self, funded: Ledger):
        await funded.open_account("carol", UNIT)
        legs = [Leg("alice", "bob", credits(60)), Leg("alice", "carol", credits(60))]

        with pytest.raises(InsufficientFunds):
            await funded.transfer_linked("split", legs)

        assert await available(funded, "alice") == 100
        assert await available(funded, "bob") == 0
        assert await available(funded, "carol") == 0

    async def test_a_later_leg_may_spend_what_an_earlier_leg_credited(self, funded: Ledger):
        legs = [Leg("alice", "bob", credits(50)), Leg("bob", ISSUER, credits(50), "fee")]

        booked = await funded.transfer_linked("chain", legs)

        assert [t.leg for t in booked] == [0, 1]
        assert await available(funded, "bob") == 0
        assert await funded.transfers("chain") == booked

    async def test_a_linked_replay_returns_the_original_legs(self, funded: Ledger):
        legs = [Leg("alice", "bob", credits(1)), Leg("alice", "bob", credits(2))]
        original = await funded.transfer_linked("pair", legs)

        assert await funded.transfer_linked("pair", legs) == original
        with pytest.raises(IdempotencyConflict):
            await funded.transfer_linked("pair", legs[:1])
        assert await available(funded, "bob") == 3

    # corrections ------------------------------------------------------------------------

    async def test_a_reversal_restores_balances_and_keeps_history(self, funded: Ledger):
        await funded.transfer("t1", Leg("alice", "bob", credits(30)))

        (mirror,) = await funded.reverse("fix-t1", "t1")

        assert (mirror.source, mirror.destination, mirror.reverses) == ("bob", "alice", "t1")
        assert await available(funded, "alice") == 100
        assert [t.key for t in await funded.history("bob", UNIT)] == ["t1", "fix-t1"]

    async def test_a_transfer_is_reversed_at_most_once(self, funded: Ledger):
        await funded.transfer("t1", Leg("alice", "bob", credits(30)))
        first = await funded.reverse("fix-1", "t1")

        assert await funded.reverse("fix-1", "t1") == first
        with pytest.raises(AlreadyReversed):
            await funded.reverse("fix-2", "t1")
        assert await available(funded, "alice") == 100

    async def test_reversing_an_unknown_transfer_is_not_found(self, funded: Ledger):
        with pytest.raises(TransferNotFound):
            await funded.reverse("fix", "nothing")

    async def test_a_reversal_cannot_overdraw(self, funded: Ledger):
        await funded.transfer("t1", Leg("alice", "bob", credits(30)))
        await funded.transfer("t2", Leg("bob", ISSUER, credits(30)))

        with pytest.raises(InsufficientFunds):
            await funded.reverse("fix", "t1")
        assert await available(funded, "bob") == 0

    # holds ------------------------------------------------------------------------------

    async def test_a_hold_counts_against_the_source_at_once(self, funded: Ledger):
        hold = await funded.reserve("h1", Leg("alice", "bob", credits(40)))

        assert hold.state is HoldState.PENDING
        assert await funded.balance("alice", UNIT) == Balance("alice", UNIT, 100, 40, 0)
        with pytest.raises(InsufficientFunds):
            await funded.transfer("t1", Leg("alice", "bob", credits(61)))
        with pytest.raises(InsufficientFunds):
            await funded.reserve("h2", Leg("alice", "bob", credits(61)))

    async def test_posting_a_hold_books_it(self, funded: Ledger):
        await funded.reserve("h1", Leg("alice", "bob", credits(40), "ai_answer"))

        booked = await funded.post("p1", "h1")

        assert (booked.amount, booked.hold_key, booked.reason) == (credits(40), "h1", "ai_answer")
        assert await funded.balance("alice", UNIT) == Balance("alice", UNIT, 60, 0, 0)
        assert await available(funded, "bob") == 40
        assert (await funded.get_hold("h1")).state is HoldState.POSTED

    async def test_a_partial_post_releases_the_rest(self, funded: Ledger):
        await funded.reserve("h1", Leg("alice", "bob", credits(40)))

        await funded.post("p1", "h1", 15)

        assert await funded.balance("alice", UNIT) == Balance("alice", UNIT, 85, 0, 0)
        assert (await funded.get_hold("h1")).posted_amount == 15

    async def test_posting_more_than_held_is_refused(self, funded: Ledger):
        await funded.reserve("h1", Leg("alice", "bob", credits(40)))

        with pytest.raises(PostExceedsHold):
            await funded.post("p1", "h1", 41)
        assert (await funded.get_hold("h1")).state is HoldState.PENDING

    async def test_voiding_a_hold_releases_it_all(self, funded: Ledger):
        await funded.reserve("h1", Leg("alice", "bob", credits(40)))

        voided = await funded.void("v1", "h1")

        assert voided.state is HoldState.VOIDED
        assert await funded.balance("alice", UNIT) == Balance("alice", UNIT, 100, 0, 0)

    async def test_a_hold_resolves_exactly_once(self, funded: Ledger):
        await funded.reserve("h1", Leg("alice", "bob", credits(40)))
        posted = await funded.post("p1", "h1")

        assert await funded.post("p1", "h1") == posted
        with pytest.raises(HoldAlreadyResolved):
            await funded.post("p2", "h1")
        with pytest.raises(HoldAlreadyResolved):
            await funded.void("v1", "h1")
        assert await available(funded, "bob") == 40

    async def test_an_unknown_hold_is_not_found(self, funded: Ledger):
        with pytest.raises(HoldNotFound):
            await funded.post("p1", "nothing")
        with pytest.raises(HoldNotFound):
            await funded.get_hold("nothing")

    async def test_an_expired_hold_stops_counting_and_cannot_be_resolved(
        self, funded: Ledger, clock: FakeClock
    ):
        expires_at = clock.now() + timedelta(minutes=10)
        await funded.reserve("h1", Leg("alice", "bob", credits(40)), expires_at=expires_at)
        clock.advance(timedelta(minutes=10))

        assert await funded.balance("alice", UNIT) == Balance("alice", UNIT, 100, 0, 0)
        with pytest.raises(HoldExpired):
            await funded.post("p1", "h1")
        with pytest.raises(HoldExpired):
            await funded.void("v1", "h1")
        assert (await funded.get_hold("h1")).state is HoldState.EXPIRED

    async def test_a_hold_posted_before_expiry_stays_posted(self, funded: Ledger, clock: FakeClock):
        expires_at = clock.now() + timedelta(minutes=10)
        await funded.reserve("h1", Leg("alice", "bob", credits(40)), expires_at=expires_at)
        await funded.post("p1", "h1")
        clock.advance(timedelta(hours=1))

        assert (await funded.get_hold("h1")).state is HoldState.POSTED
        assert await available(funded, "alice") == 60

    async def test_a_hold_cannot_expire_in_the_past_or_carry_a_lapse(
        self, funded: Ledger, clock: FakeClock
    ):
        with pytest.raises(InvalidTransfer):
            await funded.reserve("h1", Leg("alice", "bob", credits(1)), expires_at=clock.now())
        lapsing = Leg("alice", "bob", credits(1), lapses_at=clock.now() + timedelta(days=1))
        with pytest.raises(InvalidTransfer):
            await funded.reserve("h2", lapsing)

    # grants -----------------------------------------------------------------------------

    async def test_a_lapsed_grant_no_longer_counts(self, funded: Ledger, clock: FakeClock):
        lapses_at = clock.now() + timedelta(days=7)
        await funded.transfer("trial", Leg(ISSUER, "bob", credits(20), "trial", lapses_at))
        await funded.transfer("spend", Leg("bob", "alice", credits(5)))
        clock.advance(timedelta(days=7))

        balance = await funded.balance("bob", UNIT)

        assert (balance.posted, balance.lapsed, balance.available) == (15, 15, 0)
        with pytest.raises(InsufficientFunds):
            await funded.transfer("spend-lapsed", Leg("bob", "alice", credits(1)))

    async def test_spending_draws_on_the_soonest_lapsing_grant_first(
        self, funded: Ledger, clock: FakeClock
    ):
        now = clock.now()
        await funded.transfer(
            "late", Leg(ISSUER, "bob", credits(10), lapses_at=now + timedelta(days=30))
        )
        await funded.transfer(
            "soon", Leg(ISSUER, "bob", credits(10), lapses_at=now + timedelta(days=1))
        )
        await funded.transfer("own", Leg("alice", "bob", credits(10)))
        await funded.transfer("spend", Leg("bob", "alice", credits(12)))
        clock.advance(timedelta(days=2))

        assert (await funded.balance("bob", UNIT)).lapsed == 0
        clock.advance(timedelta(days=30))
        assert (await funded.balance("bob", UNIT)).lapsed == 8
        assert await available(funded, "bob") == 10

    async def test_sweeping_returns_lapsed_credit_and_keeps_available(
        self, funded: Ledger, clock: FakeClock
    ):
        lapses_at = clock.now() + timedelta(days=7)
        await funded.transfer("trial", Leg(ISSUER, "bob", credits(20), lapses_at=lapses_at))
        await funded.transfer("own", Leg("alice", "bob", credits(3)))
        clock.advance(timedelta(days=8))
        before = await funded.balance("bob", UNIT)

        (swept,) = await funded.sweep_lapsed_grants()

        after = await funded.balance("bob", UNIT)
        assert (swept.source, swept.destination, swept.amount) == ("bob", ISSUER, credits(20))
        assert after.available == before.available == 3
        assert (after.posted, after.lapsed) == (3, 0)
        assert await funded.sweep_lapsed_grants() == ()
        assert await available(funded, ISSUER) == -100 - 20 + 20

    async def test_a_hold_drawn_on_a_grant_survives_its_lapse(
        self, funded: Ledger, clock: FakeClock
    ):
        lapses_at = clock.now() + timedelta(hours=1)
        await funded.transfer("trial", Leg(ISSUER, "bob", credits(10), lapses_at=lapses_at))
        await funded.reserve("h1", Leg("bob", "alice", credits(10)))
        clock.advance(timedelta(hours=2))

        await funded.post("p1", "h1", 4)

        assert await funded.balance("bob", UNIT) == Balance("bob", UNIT, 6, 0, 6)
        assert await available(funded, "bob") == 0

    async def test_a_hold_voided_after_the_lapse_gives_the_credit_back_as_lapsed(
        self, funded: Ledger, clock: FakeClock
    ):
        lapses_at = clock.now() + timedelta(hours=1)
        await funded.transfer("trial", Leg(ISSUER, "bob", credits(10), lapses_at=lapses_at))
        await funded.reserve("h1", Leg("bob", "alice", credits(6)))
        clock.advance(timedelta(hours=2))

        await funded.void("v1", "h1")

        assert await funded.balance("bob", UNIT) == Balance("bob", UNIT, 10, 0, 10)

    async def test_a_posted_hold_is_a_transfer_that_can_be_reversed(self, funded: Ledger):
        await funded.reserve("h1", Leg("alice", "bob", credits(40)))
        posted = await funded.post("p1", "h1", 25)

        assert await funded.transfers("p1") == (posted,)
        await funded.reverse("refund-p1", "p1")
        assert await available(funded, "alice") == 100
        assert await available(funded, "bob") == 0

    async def test_a_reversed_grant_takes_back_its_own_remainder(
        self, funded: Ledger, clock: FakeClock
    ):
        now = clock.now()
        await funded.transfer(
            "other", Leg(ISSUER, "bob", credits(10), lapses_at=now + timedelta(days=1))
        )
        await funded.transfer(
            "trial", Leg(ISSUER, "bob", credits(10), lapses_at=now + timedelta(days=9))
        )

        await funded.reverse("undo-trial", "trial")
        clock.advance(timedelta(days=2))

        assert await funded.balance("bob", UNIT) == Balance("bob", UNIT, 10, 0, 10)

    async def test_a_grant_cannot_lapse_in_the_past(self, funded: Ledger, clock: FakeClock):
        with pytest.raises(InvalidTransfer):
            await funded.transfer("g", Leg(ISSUER, "bob", credits(1), lapses_at=clock.now()))

    # concurrency ------------------------------------------------------------------------

    async def test_concurrent_debits_never_overdraw(self, funded: Ledger):
        leg = Leg("alice", "bob", credits(3))

        async def debit(n: int) -> bool:
            try:
                await funded.transfer(f"debit-{n}", leg)
            except InsufficientFunds:
                return False
            return True

        outcomes = await asyncio.gather(*(debit(n) for n in range(60)))

        assert sum(outcomes) == 33
        assert await funded.balance("alice", UNIT) == Balance("alice", UNIT, 1, 0, 0)
        assert await available(funded, "bob") == 99
        assert await available(funded, ISSUER) == -100

    async def test_concurrent_replays_book_once(self, funded: Ledger):
        leg = Leg("alice", "bob", credits(7))

        results = await asyncio.gather(*(funded.transfer("same", leg) for _ in range(20)))

        assert len(set(results)) == 1
        assert await available(funded, "bob") == 7

    async def test_concurrent_reservations_never_overdraw(self, funded: Ledger):
        async def reserve(n: int) -> bool:
            try:
                await funded.reserve(f"hold-{n}", Leg("alice", "bob", credits(7)))
            except InsufficientFunds:
                return False
            return True

        outcomes = await asyncio.gather(*(reserve(n) for n in range(30)))

        assert sum(outcomes) == 14
        assert (await funded.balance("alice", UNIT)).available == 2

    # inside a unit of work --------------------------------------------------------------

    @pytest.fixture
    def unit_of_work(self) -> Callable[[], Any]:
        """Units of work over the ledger's own store (the database it writes to), for the
        tests of a ledger write inside one. A backend without units of work skips them."""
        pytest.skip("this backend's subclass provides no unit of work to write inside")

    async def test_a_write_inside_a_unit_of_work_rolled_back_is_undone(
        self, funded: Ledger, unit_of_work: Callable[[], Any]
    ):
        async def pay(uow: Any) -> None:
            await funded.transfer("pay", Leg("alice", "bob", credits(5)))
            await funded.open_account("carol", UNIT)

        await _rolled_back(unit_of_work, pay)

        assert await available(funded, "bob") == 0
        assert await available(funded, "alice") == 100
        with pytest.raises(TransferNotFound):
            await funded.transfers("pay")
        with pytest.raises(AccountNotFound):
            await funded.balance("carol", UNIT)
        again = await funded.transfer("pay", Leg("alice", "bob", credits(7)))  # key unused
        assert again.amount == credits(7)

    async def test_a_write_inside_a_unit_of_work_commits_with_it(
        self, funded: Ledger, unit_of_work: Callable[[], Any]
    ):
        async with unit_of_work() as uow:
            await funded.transfer("kept", Leg("alice", "bob", credits(5)))
            await uow.commit()
            await funded.transfer("dropped", Leg("alice", "bob", credits(3)))

        assert await available(funded, "bob") == 5
        with pytest.raises(TransferNotFound):
            await funded.transfers("dropped")

    async def test_a_refused_write_inside_a_unit_of_work_leaves_it_usable(
        self, funded: Ledger, unit_of_work: Callable[[], Any]
    ):
        async with unit_of_work() as uow:
            with pytest.raises(InsufficientFunds):
                await funded.transfer_linked(
                    "too-much",
                    [Leg("alice", "bob", credits(60)), Leg("alice", "bob", credits(60))],
                )
            await funded.transfer("fits", Leg("alice", "bob", credits(60)))
            await uow.commit()

        assert await available(funded, "bob") == 60
        assert await available(funded, "alice") == 40

    async def test_a_hold_inside_a_unit_of_work_rolled_back_is_gone(
        self, funded: Ledger, unit_of_work: Callable[[], Any]
    ):
        async def hold(uow: Any) -> None:
            await funded.reserve("h", Leg("alice", "bob", credits(40)))

        await _rolled_back(unit_of_work, hold)

        assert await funded.balance("alice", UNIT) == Balance("alice", UNIT, 100, 0, 0)
        with pytest.raises(HoldNotFound):
            await funded.get_hold("h")

    async def test_a_write_while_the_unit_of_work_is_released_stands_on_its_own(
        self, funded: Ledger, unit_of_work: Callable[[], Any]
    ):
        async def released(uow: Any) -> None:
            async with uow.released():
                await funded.transfer("outside", Leg("alice", "bob", credits(5)))

        await _rolled_back(unit_of_work, released)

        assert await available(funded, "bob") == 5

    # stateful ---------------------------------------------------------------------------

    def test_random_operations_agree_with_a_simple_model(
        self, ledger: Ledger, clock: FakeClock, running_loop: asyncio.AbstractEventLoop
    ):
        run_state_machine_as_test(
            # hypothesis accepts any factory; its stubs ask for the class
            lambda: LedgerMachine(ledger, clock, running_loop, next(_examples)),  # type: ignore[arg-type]
            settings=self.state_machine_settings,
        )

    @pytest.fixture
    async def running_loop(self, ledger: Ledger) -> asyncio.AbstractEventLoop:
        """The loop the ledger was built on; the (synchronous) state machine drives it."""
        return asyncio.get_running_loop()


_examples = itertools.count()


# The model: the same rules written as plainly as possible, checked step by step. ------------

USERS = ("alice", "bob", "carol")
STARTING_BALANCE = 60


@attrs.define
class _ModelGrant:
    owner: str
    source: str
    lapses_at: datetime
    remaining: int


@attrs.define
class _ModelHold:
    source: str
    destination: str
    amount: int
    expires_at: datetime | None
    draw: list[tuple[_ModelGrant, int]]
    state: HoldState = HoldState.PENDING


class LedgerModel:
    """Posted and held figures per owner, grants as a list, holds as a dict."""

    def __init__(self) -> None:
        self.posted = dict.fromkeys((ISSUER, *USERS), 0)
        self.held = dict.fromkeys((ISSUER, *USERS), 0)
        self.grants: list[_ModelGrant] = []
        self.holds: dict[str, _ModelHold] = {}

    def lapsed(self, owner: str, now: datetime) -> int:
        return sum(g.remaining for g in self.grants if g.owner == owner and g.lapses_at <= now)

    def available(self, owner: str, now: datetime) -> int:
        return self.posted[owner] - self.held[owner] - self.lapsed(owner, now)

    def can_spend(self, owner: str, amount: int, now: datetime) -> bool:
        return owner == ISSUER or amount <= self.available(owner, now)

    def draw(self, owner: str, amount: int, now: datetime) -> list[tuple[_ModelGrant, int]]:
        live = [g for g in self.grants if g.owner == owner and g.lapses_at > now]
        taken = []
        for grant in sorted(live, key=lambda g: g.lapses_at):
            take = min(grant.remaining, amount)
            grant.remaining -= take
            amount -= take
            taken.append((grant, take))
        return taken

    def move(self, leg: Leg, now: datetime) -> None:
        amount = leg.amount.amount
        self.draw(leg.source, amount, now)
        self.posted[leg.source] -= amount
        self.posted[leg.destination] += amount
        if leg.lapses_at is not None:
            self.grants.append(_ModelGrant(leg.destination, leg.source, leg.lapses_at, amount))

    def reserve(self, key: str, leg: Leg, expires_at: datetime | None, now: datetime) -> None:
        draw = self.draw(leg.source, leg.amount.amount, now)
        self.held[leg.source] += leg.amount.amount
        self.holds[key] = _ModelHold(
            leg.source, leg.destination, leg.amount.amount, expires_at, draw
        )

    def post(self, key: str, amount: int) -> None:
        hold = self.holds[key]
        left = amount
        for grant, taken in hold.draw:  # the posted part uses the draw in order
            used = min(taken, left)
            left -= used
            grant.remaining += taken - used
        self.held[hold.source] -= hold.amount
        self.posted[hold.source] -= amount
        self.posted[hold.destination] += amount
        hold.state = HoldState.POSTED

    def release(self, key: str, state: HoldState) -> None:
        hold = self.holds[key]
        for grant, taken in hold.draw:
            grant.remaining += taken
        self.held[hold.source] -= hold.amount
        hold.state = state

    def expire(self, now: datetime) -> None:
        for key, hold in self.holds.items():
            if hold.state is HoldState.PENDING and hold.expires_at and hold.expires_at <= now:
                self.release(key, HoldState.EXPIRED)

    def sweep(self, now: datetime) -> list[tuple[str, int]]:
        swept = []
        for grant in self.grants:
            if grant.lapses_at <= now and grant.remaining:
                self.posted[grant.owner] -= grant.remaining
                self.posted[grant.source] += grant.remaining
                swept.append((grant.owner, grant.remaining))
                grant.remaining = 0
        return swept


owners = st.sampled_from(USERS)
pairs = st.permutations(USERS).map(lambda users: users[:2])  # two different users
amounts = st.integers(min_value=1, max_value=80)
minutes = st.integers(min_value=1, max_value=60)


class LedgerMachine(RuleBasedStateMachine):
    """Drives a ledger and the model side by side; each example uses its own unit."""

    def __init__(
        self, ledger: Ledger, clock: FakeClock, loop: asyncio.AbstractEventLoop, example: int
    ) -> None:
        super().__init__()
        self.ledger, self.clock, self.loop = ledger, clock, loop
        self.unit = f"sm{example}"
        self.model = LedgerModel()
        self.serial = itertools.count()
        self.hold_keys: list[str] = []
        self.booked: list[tuple[str, Leg, Transfer]] = []  # plain transfers, for replays
        self.reversed: set[str] = set()
        self.run(ledger.open_account(ISSUER, self.unit, allow_negative=True))
        for owner in USERS:
            self.run(ledger.open_account(owner, self.unit))
            self._transfer(self.leg(ISSUER, owner, STARTING_BALANCE), self.now())

    def run(self, awaitable: Awaitable[T]) -> T:
        return self.loop.run_until_complete(_wrap(awaitable))

    def now(self) -> datetime:
        now = self.clock.now()
        self.model.expire(now)
        return now

    def key(self, kind: str) -> str:
        return f"{self.unit}-{kind}{next(self.serial)}"

    def leg(self, source: str, destination: str, amount: int, **fields: Any) -> Leg:
        return Leg(source, destination, Money(amount, self.unit), **fields)

    @rule(owner=owners, amount=amounts, lapse=st.none() | minutes)
    def fund(self, owner: str, amount: int, lapse: int | None) -> None:
        now = self.now()
        lapses_at = None if lapse is None else now + timedelta(minutes=lapse)
        self._transfer(self.leg(ISSUER, owner, amount, lapses_at=lapses_at), now)

    @rule(pair=pairs, amount=amounts)
    def transfer(self, pair: tuple[str, str], amount: int) -> None:
        self._transfer(self.leg(*pair, amount), self.now())

    def _transfer(self, leg: Leg, now: datetime) -> None:
        key = self.key("t")
        if not self.model.can_spend(leg.source, leg.amount.amount, now):
            with pytest.raises(InsufficientFunds):
                self.run(self.ledger.transfer(key, leg))
            return
        booked = self.run(self.ledger.transfer(key, leg))
        self.model.move(leg, now)
        assert (booked.source, booked.destination, booked.amount) == (
            leg.source,
            leg.destination,
            leg.amount,
        )
        if leg.lapses_at is None:
            self.booked.append((key, leg, booked))

    @rule(pair=pairs, amount=amounts, expiry=st.none() | minutes)
    def reserve(self, pair: tuple[str, str], amount: int, expiry: int | None) -> None:
        source, destination = pair
        now, key = self.now(), self.key("h")
        expires_at = None if expiry is None else now + timedelta(minutes=expiry)
        leg = self.leg(source, destination, amount)
        if not self.model.can_spend(source, amount, now):
            with pytest.raises(InsufficientFunds):
                self.run(self.ledger.reserve(key, leg, expires_at=expires_at))
            return
        hold = self.run(self.ledger.reserve(key, leg, expires_at=expires_at))
        self.model.reserve(key, leg, expires_at, now)
        self.hold_keys.append(key)
        assert (hold.key, hold.amount, hold.state) == (key, leg.amount, HoldState.PENDING)

    @precondition(lambda self: self.hold_keys)
    @rule(pick=st.integers(min_value=0), amount=st.none() | amounts)
    def post(self, pick: int, amount: int | None) -> None:
        self.now()
        hold_key = self.hold_keys[pick % len(self.hold_keys)]
        hold = self.model.holds[hold_key]
        post = self.ledger.post(self.key("p"), hold_key, amount)
        if refusal := _refusal(hold, amount):
            with pytest.raises(refusal):
                self.run(post)
            return
        booked = self.run(post)
        self.model.post(hold_key, hold.amount if amount is None else amount)
        assert booked.hold_key == hold_key

    @precondition(lambda self: self.hold_keys)
    @rule(pick=st.integers(min_value=0))
    def void(self, pick: int) -> None:
        self.now()
        hold_key = self.hold_keys[pick % len(self.hold_keys)]
        hold = self.model.holds[hold_key]
        void = self.ledger.void(self.key("v"), hold_key)
        if refusal := _refusal(hold, None):
            with pytest.raises(refusal):
                self.run(void)
            return
        assert self.run(void).state is HoldState.VOIDED
        self.model.release(hold_key, HoldState.VOIDED)

    @precondition(lambda self: self.booked)
    @rule(pick=st.integers(min_value=0))
    def replay(self, pick: int) -> None:
        key, leg, original = self.booked[pick % len(self.booked)]
        assert self.run(self.ledger.transfer(key, leg)) == original

    @precondition(lambda self: self.booked)
    @rule(pick=st.integers(min_value=0), extra=amounts)
    def replay_with_other_fields(self, pick: int, extra: int) -> None:
        key, leg, _ = self.booked[pick % len(self.booked)]
        changed = attrs.evolve(leg, amount=Money(leg.amount.amount + extra, self.unit))
        with pytest.raises(IdempotencyConflict):
            self.run(self.ledger.transfer(key, changed))

    @precondition(lambda self: self.booked)
    @rule(pick=st.integers(min_value=0))
    def reverse(self, pick: int) -> None:
        now = self.now()
        original_key, leg, _ = self.booked[pick % len(self.booked)]
        reversal = self.ledger.reverse(self.key("r"), original_key)
        if original_key in self.reversed:
            with pytest.raises(AlreadyReversed):
                self.run(reversal)
        elif not self.model.can_spend(leg.destination, leg.amount.amount, now):
            with pytest.raises(InsufficientFunds):
                self.run(reversal)
        else:
            self.run(reversal)
            self.model.move(Leg(leg.destination, leg.source, leg.amount), now)
            self.reversed.add(original_key)

    @rule(delay=minutes)
    def wait(self, delay: int) -> None:
        self.clock.advance(timedelta(minutes=delay))

    @rule()
    def sweep(self) -> None:
        now = self.now()
        swept = self.run(self.ledger.sweep_lapsed_grants())
        ours = sorted((t.source, t.amount.amount) for t in swept if t.amount.unit == self.unit)
        assert ours == sorted(self.model.sweep(now))

    @invariant()
    def balances_agree_with_the_model(self) -> None:
        now = self.now()
        for owner in (ISSUER, *USERS):
            balance = self.run(self.ledger.balance(owner, self.unit))
            expected = (self.model.posted[owner], self.model.held[owner])
            assert (balance.posted, balance.held) == expected, owner
            assert balance.lapsed == self.model.lapsed(owner, now), owner

    @invariant()
    def money_is_conserved_and_never_overdrawn(self) -> None:
        now = self.now()
        balances = [self.run(self.ledger.balance(o, self.unit)) for o in (ISSUER, *USERS)]
        assert sum(b.posted for b in balances) == 0
        assert all(b.available >= 0 for b in balances if b.owner != ISSUER)
        assert all(self.model.available(o, now) >= 0 for o in USERS)


def _refusal(hold: _ModelHold, amount: int | None) -> type[Exception] | None:
    if hold.state is HoldState.EXPIRED:
        return HoldExpired
    if hold.state is not HoldState.PENDING:
        return HoldAlreadyResolved
    if amount is not None and amount > hold.amount:
        return PostExceedsHold
    return None


async def _wrap(awaitable: Awaitable[T]) -> T:
    return await awaitable
