"""The coach's worker handlers: the daily reminder at the user's local time, the nudge about
goals without updates, and the weekly and monthly reviews."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date

from sleeplab_core.bots.coach.paywall import Subscriptions
from sleeplab_core.coaching.days import local_day
from sleeplab_core.coaching.ports import CoachingUnitOfWork, WeekChart
from sleeplab_core.coaching.use_cases.delete_files import DELETE_FILES_JOB_KIND, delete_files
from sleeplab_core.coaching.use_cases.progress import progress
from sleeplab_core.coaching.use_cases.remind import (
    GOAL_NUDGE_JOB_KIND,
    REMIND_JOB_KIND,
    plan_goal_nudge,
    plan_next_reminder,
    quiet_goals_today,
)
from sleeplab_core.coaching.use_cases.weekly import (
    MONTH,
    MONTHLY_JOB_KIND,
    WEEK,
    WEEKLY_JOB_KIND,
    WeeklyReview,
    plan_monthly_review,
    plan_weekly_review,
    weekly_review,
)
from sleeplab_core.conversation import Action, Attachment, Button, Screen, SendDocument, SendScreen
from sleeplab_core.conversation.errors import RecipientBlocked
from sleeplab_core.jobs.model import Job
from sleeplab_core.jobs.ports import Messenger
from sleeplab_core.jobs.worker import Handler, JobContext
from sleeplab_core.kernel.i18n import Message, msg
from sleeplab_core.kernel.modules import module_uow
from sleeplab_core.kernel.users import User
from sleeplab_core.platform import BotContext

log = logging.getLogger(__name__)
#: Days without a check-in after which the daily reminder says "we missed you" instead.
QUIET_DAYS = 3
SNOOZE_GOALS = "coach:snooze:goals"


def coach_jobs(ctx: BotContext, messenger: Messenger) -> Mapping[str, Handler]:
    async def remind(job: Job, context: JobContext) -> None:
        await send_reminder(ctx, messenger, int(job.payload["user_id"]))

    async def goal_nudge(job: Job, context: JobContext) -> None:
        await send_goal_nudge(ctx, messenger, int(job.payload["user_id"]))

    async def weekly(job: Job, context: JobContext) -> None:
        await send_weekly_review(ctx, messenger, int(job.payload["user_id"]))

    async def monthly(job: Job, context: JobContext) -> None:
        await send_weekly_review(ctx, messenger, int(job.payload["user_id"]), monthly=True)

    async def delete_erased_files(job: Job, context: JobContext) -> None:
        """Files of a user erased where the coach's file store was not at hand (console)."""
        files = ctx.service("coach_files_s3", None) or ctx.service("coach_files_local", None)
        if files is not None:
            await delete_files(files, job.payload.get("keys", []))

    return {
        REMIND_JOB_KIND: remind,
        GOAL_NUDGE_JOB_KIND: goal_nudge,
        WEEKLY_JOB_KIND: weekly,
        MONTHLY_JOB_KIND: monthly,
        DELETE_FILES_JOB_KIND: delete_erased_files,
    }


async def send_reminder(ctx: BotContext, messenger: Messenger, user_id: int) -> bool:
    """Nudge the user unless today is done or paused; then plan the next reminder. Someone
    quiet for QUIET_DAYS days gets a "we missed you" text; for subscribers, goals due a nudge
    today are named (advanced reminders).

    Returns whether a message went out.
    """
    subscriptions = Subscriptions(ctx.payments.catalog, ctx.ledger, ctx.clock)
    async with ctx.uow() as base:
        uow = module_uow(base, CoachingUnitOfWork)  # type: ignore[type-abstract]
        user = await uow.users.get(user_id)
        profile = await uow.coaching.profile(user_id)
        if user is None or not user.active or profile is None:
            return False
        now = ctx.clock.now()
        today = local_day(now, profile.time_zone, profile.day_start_hour)
        days = await uow.coaching.check_in_days(user_id)
        due = today not in days and profile.reminds_on(today) and not profile.paused_on(today)
        found = await progress(uow, ctx.clock, user_id) if due else None
        advanced = due and await subscriptions.entitled(base, user_id)
        goals = await quiet_goals_today(uow, ctx.clock, profile) if advanced else []
        await plan_next_reminder(uow, ctx.clock, profile)
        await uow.commit()
    if found is None:
        return False
    since = max(days, default=local_day(profile.created_at, profile.time_zone))
    quiet = (today - since).days
    nudge: Message = (
        msg("coach.reminder.quiet", quiet, days=quiet)
        if quiet >= QUIET_DAYS
        else msg("coach.reminder.nudge", days=found.streak.current)
    )
    lines = [ctx.texts.render(user.locale, nudge)]
    lines += [_quiet_goal(ctx, user, goal.title, n) for goal, n in goals]
    text = "\n".join(lines)
    rows = [
        [Button(ctx.texts.render(user.locale, msg("coach.menu.checkin")), "menu:checkin")],
        [Button(ctx.texts.render(user.locale, msg("coach.reminder.snooze")), "coach:snooze")],
    ]
    try:
        await messenger.send(user_id, [SendScreen(screen=Screen.of(text, rows))])
    except RecipientBlocked:
        log.info("a coach reminder found the user had blocked the bot")
        return False
    return True


async def send_goal_nudge(ctx: BotContext, messenger: Messenger, user_id: int) -> bool:
    """Name the active goals without updates that are due a nudge today, unless today's daily
    reminder goes out (it names them) or the day is paused; then plan the next nudge. An
    advanced reminder: for subscribers, checked now, not when planned.

    Returns whether a message went out.
    """
    subscriptions = Subscriptions(ctx.payments.catalog, ctx.ledger, ctx.clock)
    async with ctx.uow() as base:
        uow = module_uow(base, CoachingUnitOfWork)  # type: ignore[type-abstract]
        user = await uow.users.get(user_id)
        profile = await uow.coaching.profile(user_id)
        if user is None or not user.active or profile is None:
            return False
        today = local_day(ctx.clock.now(), profile.time_zone, profile.day_start_hour)
        reminded = (
            profile.reminder_at is not None
            and profile.reminds_on(today)
            and today not in await uow.coaching.check_in_days(user_id)
        )
        paid = not reminded and await subscriptions.entitled(base, user_id)
        goals = await quiet_goals_today(uow, ctx.clock, profile) if paid else []
        await plan_goal_nudge(uow, ctx.clock, profile)
        await uow.commit()
    if not goals:
        return False
    lines = [ctx.texts.render(user.locale, msg("coach.goal_nudge.title"))]
    lines += [_quiet_goal(ctx, user, goal.title, n) for goal, n in goals]
    lines += ["", ctx.texts.render(user.locale, msg("coach.goal_nudge.hint"))]
    rows = [
        [Button(ctx.texts.render(user.locale, msg("coach.menu.checkin")), "menu:checkin")],
        [Button(ctx.texts.render(user.locale, msg("coach.menu.goals")), "menu:goals")],
        [Button(ctx.texts.render(user.locale, msg("coach.reminder.snooze")), SNOOZE_GOALS)],
    ]
    try:
        await messenger.send(user_id, [SendScreen(screen=Screen.of("\n".join(lines), rows))])
    except RecipientBlocked:
        log.info("a coach goal nudge found the user had blocked the bot")
        return False
    return True


def _quiet_goal(ctx: BotContext, user: User, title: str, days: int) -> str:
    return ctx.texts.render(user.locale, msg("coach.goal_nudge.item", days, title=title, days=days))


async def send_weekly_review(
    ctx: BotContext, messenger: Messenger, user_id: int, *, monthly: bool = False
) -> bool:
    """The weekly (or monthly) review for subscribers (checked now, not when planned); the
    next one is always planned."""
    subscriptions = Subscriptions(ctx.payments.catalog, ctx.ledger, ctx.clock)
    async with ctx.uow() as base:
        uow = module_uow(base, CoachingUnitOfWork)  # type: ignore[type-abstract]
        user = await uow.users.get(user_id)
        profile = await uow.coaching.profile(user_id)
        if user is None or not user.active or profile is None:
            return False
        paid = await subscriptions.entitled(base, user_id)
        span = MONTH if monthly else WEEK
        review = await weekly_review(uow, ctx.clock, user_id, span) if paid else None
        plan = plan_monthly_review if monthly else plan_weekly_review
        await plan(uow, ctx.clock, profile)
        await uow.commit()
    if review is None:
        return False

    def text(key: str, count: int | None = None, **params: object) -> str:
        return ctx.texts.render(user.locale, msg(key, count, **params))

    lines = [
        text("coach.monthly.title" if monthly else "coach.weekly.title"),
        text("coach.review.days", review.days_checked, total=review.span),
        *[text(f"coach.weekly.state.{state}", n) for state, n in sorted(review.states.items())],
        text("coach.progress.streak", review.progress.streak.current),
        text("coach.progress.strength", percent=review.progress.strength),
    ]
    try:
        await messenger.send(user_id, [await _review_action(ctx, user, review, "\n".join(lines))])
    except RecipientBlocked:
        return False
    return True


async def _review_action(ctx: BotContext, user: User, review: WeeklyReview, text: str) -> Action:
    """The chart as a photo with the review as its caption, or the text alone without one."""
    chart: WeekChart | None = ctx.service("coach_charts", None)
    if chart is None or not review.days:
        return SendScreen(screen=Screen.of(text))
    days = [(_weekday(ctx, user, d, review.span), done, s) for d, done, s in review.days]
    label = ctx.texts.render(user.locale, msg("coach.weekly.strength_line"))
    key = f"coach/review/{user.id}/{review.days[-1][0].isoformat()}-{review.span}.png"
    await ctx.documents.put(key, chart.render(days, label))
    attachment = Attachment(
        key=key, filename="week.png", kind="photo", path=await ctx.documents.locate(key)
    )
    return SendDocument(attachment=attachment, caption=text)


def _weekday(ctx: BotContext, user: User, day: date, span: int) -> str:
    if span > WEEK:
        return str(day.day)
    return ctx.texts.render(user.locale, msg(f"coach.weekday.{day.weekday()}"))
