"""SleepLab's use cases, one per file: consent, open a level, answer its
questions, finish it, request its report.

Each takes the unit of work, the clock and SleepLab's settings (the questionnaire library,
the journey's job settings); the flows, ``sleeplab fixtures`` and the tests call them. The
funnel steps a use case reached are returned for the caller to record."""

from sleeplab_core.sleeplab.use_cases.answer_question import LevelAnswer, answer_question
from sleeplab_core.sleeplab.use_cases.finish_level import finish_level
from sleeplab_core.sleeplab.use_cases.give_consent import give_consent
from sleeplab_core.sleeplab.use_cases.open_level import OpenedLevel, open_level
from sleeplab_core.sleeplab.use_cases.request_report import request_report

__all__ = [
    "LevelAnswer",
    "OpenedLevel",
    "answer_question",
    "finish_level",
    "give_consent",
    "open_level",
    "request_report",
]
