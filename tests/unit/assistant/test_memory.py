"""Conversation memory: recent turns verbatim, older questions as a bounded summary."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from sleeplab_core.assistant import LogEntry, Outcome, memory_from, offline_summary
from sleeplab_core.llm import Role

AT = datetime(2026, 1, 1, tzinfo=UTC)


def entry(number: int) -> LogEntry:
    return LogEntry(
        id=str(number),
        user_id=1,
        conversation=1,
        at=AT,
        outcome=Outcome.ANSWERED,
        question=f"Question {number}. More detail.",
        answer=f"Answer {number}",
    )


def test_recent_entries_become_turns_and_older_ones_the_summary() -> None:
    memory = memory_from([entry(n) for n in range(5)], recent_turns=2)

    assert [(t.role, t.content) for t in memory.turns] == [
        (Role.USER, "Question 3. More detail."),
        (Role.ASSISTANT, "Answer 3"),
        (Role.USER, "Question 4. More detail."),
        (Role.ASSISTANT, "Answer 4"),
    ]
    assert memory.summary == "Question 0.; Question 1.; Question 2."


def test_a_short_conversation_has_no_summary() -> None:
    assert memory_from([entry(1)], recent_turns=6).summary == ""


def test_long_questions_are_cut_at_a_word() -> None:
    summary = offline_summary(["word " * 40])

    assert summary.endswith("…")
    assert len(summary) <= 80


# Topics are joined with "; ", so questions here hold no ";" and the summary can be split back.
QUESTION = st.text(alphabet=st.characters(blacklist_characters=";"), max_size=300)


@given(st.lists(QUESTION, max_size=40), st.integers(20, 700))
def test_the_summary_fits_and_keeps_the_newest_topics_in_order(
    questions: list[str], limit: int
) -> None:
    summary = offline_summary(questions, max_chars=limit)

    assert len(summary) <= limit
    topics = [t for t in summary.split("; ") if t] if summary else []
    assert len(topics) <= len(questions)
