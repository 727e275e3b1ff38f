"""How SleepLab uses the job system: delivery mode, delay, reminders, quiet hours."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from typing import Any

import attrs

from sleeplab_core.conversation import BotSpec
from sleeplab_core.jobs import QuietHours
from sleeplab_core.sleeplab.flows.payment_events import PaymentEvents


class DeliveryMode(StrEnum):
    INSTANT = "instant"
    DELAYED = "delayed"


@attrs.frozen
class JourneyJobs:
    """How SleepLab uses the job system.

    Attributes:
        delivery: ``instant`` or ``delayed`` diagnosis delivery.
        delay: how long after completion a delayed report is due.
        quiet: nothing is delivered or reminded in these local hours (user's time zone).
        reminders: whether journey reminders are scheduled at all.
        rearm_after: an unfinished-questionnaire reminder is moved to "24 h after the last
            answer" at most this often, so answering does not write jobs on every step.
    """

    delivery: DeliveryMode = DeliveryMode.INSTANT
    delay: timedelta = timedelta(hours=2)
    quiet: QuietHours = attrs.field(factory=QuietHours)
    reminders: bool = False
    rearm_after: timedelta = timedelta(hours=1)


INSTANT = JourneyJobs()


def with_journey_jobs(bot: BotSpec, jobs: JourneyJobs) -> BotSpec:
    """``bot`` with its flows using ``jobs`` (flows offering ``using(jobs)``; wrappers kept)."""
    return attrs.evolve(bot, flows={name: _using(flow, jobs) for name, flow in bot.flows.items()})


def _using(flow: Any, jobs: JourneyJobs) -> Any:
    if isinstance(flow, PaymentEvents):
        return PaymentEvents(_using(flow.inner, jobs), flow.payments)
    return flow.using(jobs) if hasattr(type(flow), "using") else flow
