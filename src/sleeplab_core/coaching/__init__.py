"""Coaching: goals with mood boards and voice notes, check-ins, structured advice, streaks.

Rules are pure functions (``days``, ``streaks``, ``strength``, ``levels``, ``insights``,
``reminders``); storage is behind :class:`~sleeplab_core.coaching.ports.CoachingUnitOfWork`;
use cases live in ``use_cases/``, one per file. See ``docs/coach.md``.
"""
