"""The testing kit shipped in the wheel (needs ``hypothesis``: ``pip install sleeplab[testing]``).

- :mod:`~sleeplab_core.testing.questionnaires`: strategies that play any questionnaire
  (``answer_paths``, ``valid_inputs``, ``invalid_inputs``);
- :mod:`~sleeplab_core.testing.rules`: rule-set checkers (totality, determinism,
  monotonicity, red flags first) for property tests.
"""

from sleeplab_core.testing.questionnaires import answer_paths, invalid_inputs, valid_inputs
from sleeplab_core.testing.rules import (
    check_deterministic,
    check_monotone,
    check_red_flags_first,
    check_total,
    highest_severity,
)

__all__ = [
    "answer_paths",
    "check_deterministic",
    "check_monotone",
    "check_red_flags_first",
    "check_total",
    "highest_severity",
    "invalid_inputs",
    "valid_inputs",
]
