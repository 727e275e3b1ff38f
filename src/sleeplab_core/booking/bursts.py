"""Merging a burst of messages: texts that arrive close together are read as one.

The first message opens a window; each further one extends it by ``window`` but never past
``max_wait`` after the first, when the burst is due and its texts are read joined.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

MAX_TEXTS = 20


class Burst(BaseModel):
    model_config = ConfigDict(frozen=True)
    texts: tuple[str, ...] = ()
    first_at: datetime | None = None

    @property
    def joined(self) -> str:
        return "\n".join(self.texts)


def extend(burst: Burst, text: str, now: datetime) -> Burst:
    """The burst with ``text`` added (at most MAX_TEXTS are kept, the latest)."""
    texts = (*burst.texts, text)[-MAX_TEXTS:]
    return Burst(texts=texts, first_at=burst.first_at or now)


def due_at(burst: Burst, now: datetime, window: timedelta, max_wait: timedelta) -> datetime:
    """When the burst should be read, given a message just arrived at ``now``."""
    first = burst.first_at or now
    return min(now + window, first + max_wait)
