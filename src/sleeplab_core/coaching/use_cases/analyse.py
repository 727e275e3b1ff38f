"""Coaching analysis: context → (safety, redaction) → model → validated answer → session."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

import attrs

from sleeplab_core.coaching.advice import CoachAnswer, judge_state, rule_steps
from sleeplab_core.coaching.context import MAX_IMAGES, CoachingContext, brief
from sleeplab_core.coaching.days import local_day
from sleeplab_core.coaching.errors import NotOnboarded
from sleeplab_core.coaching.model import CoachState, GoalStatus, MediaKind, Session
from sleeplab_core.coaching.ports import CoachingUnitOfWork
from sleeplab_core.coaching.services import OFFLINE_PROVIDER, Coach, coach_prompt
from sleeplab_core.kernel.clock import Clock
from sleeplab_core.kernel.i18n import Message
from sleeplab_core.kernel.users import UserId
from sleeplab_core.llm import (
    ChatRequest,
    GuardedChat,
    Image,
    LlmError,
    PersonalData,
    crisis_reply,
)

log = logging.getLogger(__name__)
RULES_PROVIDER = "rules"
RECENT_HISTORY = 5
DEEP_HISTORY = 60


@attrs.frozen
class Advice:
    """A stored session to show, or the crisis message instead (nothing stored then)."""

    session: Session | None
    crisis: Message | None = None


async def analyse(
    uow: CoachingUnitOfWork,
    clock: Clock,
    coach: Coach,
    user_id: UserId,
    *,
    locale: str,
    check_in_id: str | None = None,
    personal: PersonalData | None = None,
    history: int = RECENT_HISTORY,
) -> Advice:
    """Analyse the user's situation and store the answer as a coaching session.

    ``history`` is how many recent check-ins the coach reads (the paid deep analysis reads
    many more). Never raises for a model failure: after ``coach.attempts`` calls the rules
    answer and the session is marked ``fallback``.

    Raises:
        NotOnboarded: the user has no profile yet.
    """
    context = await _context(uow, user_id, history)
    text = brief(context)
    if coach.crisis.is_crisis(text):
        return Advice(None, crisis_reply())
    now = clock.now()
    chosen = await _answer(coach, context, text, locale, personal, now)
    if chosen is None:
        return Advice(None, crisis_reply())
    answer, provider, fallback = chosen
    session = Session(
        id=uuid.uuid4().hex,
        user_id=user_id,
        at=now,
        state=CoachState(answer.state),
        steps=tuple(answer.steps),
        questions=tuple(answer.questions),
        check_in_id=check_in_id,
        provider=provider,
        fallback=fallback,
    )
    await uow.coaching.add_session(session)
    return Advice(session)


async def _answer(
    coach: Coach,
    context: CoachingContext,
    text: str,
    locale: str,
    personal: PersonalData | None,
    now: datetime,
) -> tuple[CoachAnswer, str, bool] | None:
    """(answer, provider, fell back to the rules), or None for a crisis in the model's answer.

    Offline, or when a failover ended at the offline model, the rules answer (no fallback).
    """
    if coach.model.provider == OFFLINE_PROVIDER:
        return _rules(coach, context, locale, now), RULES_PROVIDER, False
    answered = await _ask(coach, context, text, locale, personal)
    if answered is CRISIS:
        return None
    if isinstance(answered, _Answered) and answered.provider != OFFLINE_PROVIDER:
        return answered.answer, answered.provider, False
    return _rules(coach, context, locale, now), RULES_PROVIDER, answered is None


@attrs.frozen
class _Answered:
    answer: CoachAnswer
    provider: str


CRISIS = object()


async def _context(uow: CoachingUnitOfWork, user_id: UserId, history: int) -> CoachingContext:
    profile = await uow.coaching.profile(user_id)
    if profile is None:
        raise NotOnboarded()
    goals = [g for g in await uow.coaching.goals(user_id) if g.status is GoalStatus.ACTIVE]
    photos = [m for m in await uow.coaching.media(user_id) if m.kind is MediaKind.PHOTO]
    check_ins = await uow.coaching.check_ins(user_id, limit=history)
    return CoachingContext(profile, tuple(goals), tuple(check_ins), tuple(photos[-MAX_IMAGES:]))


async def _ask(
    coach: Coach,
    context: CoachingContext,
    text: str,
    locale: str,
    personal: PersonalData | None,
) -> _Answered | object | None:
    """The model's valid answer, :data:`CRISIS`, or None when every attempt failed."""
    request = ChatRequest(
        system=coach_prompt(locale),
        message=text,
        images=await _images(coach, context),
        response_model=CoachAnswer,
        locale=locale,
    )
    guarded = GuardedChat(coach.model, coach.crisis)
    for attempt in range(1, coach.attempts + 1):
        try:
            reply = await guarded.ask(request, personal)
        except LlmError as error:
            log.warning("coaching analysis attempt %d failed: %s", attempt, type(error).__name__)
            continue
        if reply.is_crisis or reply.response is None:
            return CRISIS
        if isinstance(reply.response.parsed, CoachAnswer):
            return _Answered(reply.response.parsed, reply.response.provider)
    log.warning("coaching analysis fell back to the rules")
    return None


async def _images(coach: Coach, context: CoachingContext) -> list[Image]:
    """The goals' photos for a vision model; a photo the store cannot give is left out."""
    if not coach.model.supports_vision:
        return []
    images = []
    for photo in context.photos:
        try:
            data = await coach.files.get(photo.key)
        except Exception as error:  # a store outage must not cost the user their advice
            log.warning("a mood-board photo could not be read: %s", type(error).__name__)
            continue
        if data is not None:
            images.append(Image(data, photo.mime_type))
    return images


def _rules(coach: Coach, context: CoachingContext, locale: str, now: datetime) -> CoachAnswer:
    profile = context.profile
    today = local_day(now, profile.time_zone, profile.day_start_hour)
    state = judge_state(profile.energy, context.check_ins, today)
    steps, questions = rule_steps(state)
    return CoachAnswer(
        state=state.value,
        steps=[coach.texts.render(locale, step) for step in steps],
        questions=[coach.texts.render(locale, question) for question in questions],
    )
