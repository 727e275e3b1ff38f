"""The persisted state of one user's dialogue with one bot."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from sleeplab_core.kernel.users import UserId

JsonDict = dict[str, Any]


@attrs.frozen
class Conversation:
    """Which flow is active, that flow's own state, and the ids of tagged messages.

    ``data`` must stay JSON-serialisable: it is checkpointed after every event.
    """

    user_id: UserId
    bot: str
    flow: str
    updated_at: datetime
    data: Mapping[str, Any] = attrs.field(factory=dict)
    messages: Mapping[str, int] = attrs.field(factory=dict)
