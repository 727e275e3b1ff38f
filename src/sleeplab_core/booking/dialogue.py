"""A client's dialogue history: recent turns verbatim, older ones as an extractive summary.

Pure functions over a JSON-friendly model, so a bot can keep the history with its
conversation state. After a day of silence the turns are compressed: the outcomes (booked,
moved, cancelled) and the client's last requests are kept as summary lines, and only the
last few turns stay verbatim. That summary and those turns are what a language model sees.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

MAX_TURNS = 30
KEEP_TURNS = 4
MAX_SUMMARY_LINES = 12
MAX_TEXT = 300
SILENCE = timedelta(hours=24)


class Speaker(enum.StrEnum):
    CLIENT = "client"
    BOT = "bot"
    OUTCOME = "outcome"  # the bot's reply after a booking changed


class Turn(BaseModel):
    model_config = ConfigDict(frozen=True)
    speaker: Speaker
    text: str
    at: datetime


class History(BaseModel):
    model_config = ConfigDict(frozen=True)
    summary: tuple[str, ...] = ()
    turns: tuple[Turn, ...] = ()

    @property
    def last_at(self) -> datetime | None:
        return self.turns[-1].at if self.turns else None


def add_turn(history: History, speaker: Speaker, text: str, now: datetime) -> History:
    """The history with one more turn; the oldest fold into the summary past MAX_TURNS."""
    turn = Turn(speaker=speaker, text=" ".join(text.split())[:MAX_TEXT], at=now)
    grown = history.model_copy(update={"turns": (*history.turns, turn)})
    if len(grown.turns) > MAX_TURNS:
        return compress(grown, keep=MAX_TURNS // 2)
    return grown


def is_silent(history: History, now: datetime) -> bool:
    """Whether a day has passed since the last turn (time to compress)."""
    last = history.last_at
    return last is not None and now - last >= SILENCE


def compress(history: History, keep: int = KEEP_TURNS) -> History:
    """Fold all but the last ``keep`` turns into summary lines (extractive, offline)."""
    if len(history.turns) <= keep:
        return history
    cut = len(history.turns) - keep
    folded, kept = history.turns[:cut], history.turns[cut:]
    outcomes = [f"{t.at:%Y-%m-%d} {t.text}" for t in folded if t.speaker is Speaker.OUTCOME]
    asks = [f"{t.at:%Y-%m-%d} client: {t.text}" for t in folded if t.speaker is Speaker.CLIENT]
    lines = (*history.summary, *outcomes, *asks[-3:])
    return History(summary=tuple(lines[-MAX_SUMMARY_LINES:]), turns=tuple(kept))


def model_context(history: History) -> str:
    """The summary and recent turns as plain text for a language model's instructions."""
    parts = [f"Earlier: {line}" for line in history.summary]
    parts += [f"{turn.speaker.value}: {turn.text}" for turn in history.turns]
    return "\n".join(parts)
