from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.booking.bursts import Burst, due_at, extend
from sleeplab_core.booking.dialogue import (
    KEEP_TURNS,
    MAX_TURNS,
    History,
    Speaker,
    add_turn,
    compress,
    is_silent,
    model_context,
)

T0 = datetime(2026, 6, 3, 9, tzinfo=UTC)
speakers = st.sampled_from(list(Speaker))


@given(st.lists(st.tuples(speakers, st.text(max_size=40)), max_size=80))
def test_history_never_grows_past_its_limits(turns) -> None:
    history = History()
    for n, (speaker, text) in enumerate(turns):
        history = add_turn(history, speaker, text, T0 + timedelta(minutes=n))
    assert len(history.turns) <= MAX_TURNS
    assert len(history.summary) <= 12


def test_compression_keeps_outcomes_and_the_last_turns() -> None:
    history = History()
    for n, (speaker, text) in enumerate([
        (Speaker.CLIENT, "manicure tomorrow"), (Speaker.BOT, "Free times"),
        (Speaker.OUTCOME, "Booked: Manicure"), (Speaker.CLIENT, "thanks"),
        (Speaker.BOT, "You are welcome"), (Speaker.CLIENT, "bye"), (Speaker.BOT, "Bye"),
    ]):  # fmt: skip
        history = add_turn(history, speaker, text, T0 + timedelta(minutes=n))
    compressed = compress(history)
    assert [t.text for t in compressed.turns] == ["thanks", "You are welcome", "bye", "Bye"]
    assert compressed.summary == ("2026-06-03 Booked: Manicure",
                                  "2026-06-03 client: manicure tomorrow")  # fmt: skip
    assert len(compressed.turns) == KEEP_TURNS
    assert "Earlier: 2026-06-03 Booked: Manicure" in model_context(compressed)


def test_silence_is_a_full_day_since_the_last_turn() -> None:
    history = add_turn(History(), Speaker.CLIENT, "hi", T0)
    assert not is_silent(history, T0 + timedelta(hours=23, minutes=59))
    assert is_silent(history, T0 + timedelta(hours=24))
    assert not is_silent(History(), T0)


@given(st.lists(st.floats(min_value=0, max_value=5), min_size=1, max_size=20))
def test_a_burst_is_due_within_the_window_and_never_past_the_maximum(gaps) -> None:
    window, max_wait = timedelta(seconds=2), timedelta(seconds=8)
    burst, now = Burst(), T0
    for gap in gaps:
        now += timedelta(seconds=gap)
        due = due_at(burst, now, window, max_wait)
        burst = extend(burst, "text", now)
        assert due <= now + window
        assert burst.first_at is not None
        assert due <= burst.first_at + max_wait
