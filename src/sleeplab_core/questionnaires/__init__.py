"""Questionnaires: versioned definitions as data files and a pure engine that asks them.

Format, engine rules and examples: docs/questionnaires.md.
"""

from sleeplab_core.questionnaires.answers import (
    AnswerRejected,
    RawInput,
    parse_duration,
    read_answer,
)
from sleeplab_core.questionnaires.engine import (
    Accepted,
    Progress,
    Rejected,
    StepResult,
    back,
    current_question,
    is_finished,
    progress,
    start_run,
    submit,
)
from sleeplab_core.questionnaires.environment import Profile
from sleeplab_core.questionnaires.errors import DefinitionInvalid, DefinitionProblem
from sleeplab_core.questionnaires.library import QuestionnaireLibrary
from sleeplab_core.questionnaires.loader import load_definition, parse_definition
from sleeplab_core.questionnaires.messages import ALL_KEYS as MESSAGE_KEYS
from sleeplab_core.questionnaires.model import (
    AnswerValue,
    Block,
    Calculated,
    Check,
    Definition,
    Level,
    Option,
    Question,
    QuestionType,
)
from sleeplab_core.questionnaires.rendering import (
    RenderedOption,
    RenderedQuestion,
    display_answer,
    render_question,
)
from sleeplab_core.questionnaires.results import (
    collected_answers,
    instrument_inputs,
    result_environment,
    scale_totals,
)
from sleeplab_core.questionnaires.state import RunState

__all__ = [
    "MESSAGE_KEYS",
    "Accepted",
    "AnswerRejected",
    "AnswerValue",
    "Block",
    "Calculated",
    "Check",
    "Definition",
    "DefinitionInvalid",
    "DefinitionProblem",
    "Level",
    "Option",
    "Profile",
    "Progress",
    "Question",
    "QuestionType",
    "QuestionnaireLibrary",
    "RawInput",
    "Rejected",
    "RenderedOption",
    "RenderedQuestion",
    "RunState",
    "StepResult",
    "back",
    "collected_answers",
    "current_question",
    "display_answer",
    "instrument_inputs",
    "is_finished",
    "load_definition",
    "parse_definition",
    "parse_duration",
    "progress",
    "read_answer",
    "render_question",
    "result_environment",
    "scale_totals",
    "start_run",
    "submit",
]
