"""The questionnaire use cases, one per file: begin a run, record an answer, go back, abandon.

Each takes the unit of work (anything with ``runs``), the clock and the definition; the run is
checkpointed after every step, so a user resumes exactly where they were."""

from sleeplab_core.questionnaires.use_cases.abandon_run import abandon_run
from sleeplab_core.questionnaires.use_cases.begin_run import begin_run
from sleeplab_core.questionnaires.use_cases.checkpoint import checkpoint
from sleeplab_core.questionnaires.use_cases.go_back import go_back
from sleeplab_core.questionnaires.use_cases.record_answer import Answered, record_answer

__all__ = ["Answered", "abandon_run", "begin_run", "checkpoint", "go_back", "record_answer"]
