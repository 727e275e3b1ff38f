"""Message keys of the questionnaire engine.

The wording lives in ``sleeplab_core/locales/<locale>/LC_MESSAGES/questionnaires.po``.
"""

from __future__ import annotations

ERROR_CHOOSE_OPTION = "questionnaire.error.choose_option"
ERROR_CHOOSE_OPTIONS = "questionnaire.error.choose_options"
ERROR_TOO_FEW_CHOICES = "questionnaire.error.too_few_choices"  # plural by {count}
ERROR_EXCLUSIVE_OPTION = "questionnaire.error.exclusive_option"
ERROR_YES_OR_NO = "questionnaire.error.yes_or_no"
ERROR_WHOLE_NUMBER = "questionnaire.error.whole_number"
ERROR_NUMBER = "questionnaire.error.number"
ERROR_OUT_OF_RANGE = "questionnaire.error.out_of_range"
ERROR_TIME = "questionnaire.error.time"
ERROR_DURATION = "questionnaire.error.duration"
ERROR_DURATION_OUT_OF_RANGE = "questionnaire.error.duration_out_of_range"  # plural by {count}
ERROR_TEXT_EMPTY = "questionnaire.error.text_empty"
ERROR_TEXT_TOO_LONG = "questionnaire.error.text_too_long"  # plural by {count}
ERROR_FINISHED = "questionnaire.error.finished"
ERROR_AT_FIRST_QUESTION = "questionnaire.error.at_first_question"
ERROR_CHECK = "questionnaire.error.check"  # {text}: a check's own message, piped, localized

HINT_WHOLE_NUMBER = "questionnaire.hint.whole_number"
HINT_NUMBER = "questionnaire.hint.number"
HINT_TIME = "questionnaire.hint.time"
HINT_DURATION = "questionnaire.hint.duration"
HINT_TEXT = "questionnaire.hint.text"  # plural by {count}
HINT_MULTIPLE = "questionnaire.hint.multiple"

ANSWER_YES = "questionnaire.answer.yes"
ANSWER_NO = "questionnaire.answer.no"
ANSWER_MISSING = "questionnaire.answer.missing"
DURATION_HOURS_MINUTES = "questionnaire.duration.hours_minutes"
DURATION_HOURS = "questionnaire.duration.hours"
DURATION_MINUTES = "questionnaire.duration.minutes"
PROGRESS = "questionnaire.progress"
DEFAULT_ANSWER = "questionnaire.default_answer"

ALL_KEYS: tuple[str, ...] = tuple(
    value for name, value in dict(globals()).items() if name.isupper() and isinstance(value, str)
)
"""Every key the engine may emit; each must exist in every locale's catalog."""

PLURAL_KEYS = frozenset(
    {ERROR_TOO_FEW_CHOICES, ERROR_DURATION_OUT_OF_RANGE, ERROR_TEXT_TOO_LONG, HINT_TEXT}
)
