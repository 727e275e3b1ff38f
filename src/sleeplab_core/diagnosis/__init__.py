"""Diagnosis: declarative rule sets (TOML data) turned into explained outcomes.

- :func:`load_ruleset` / :func:`parse_ruleset` read and statically
  validate a rule set; :func:`evaluate` applies it to an environment built by
  :func:`build_env` from instrument scores, answers and the profile.
- Outcomes carry message keys (``diagnosis.<code>.title`` and explanations), rendered by a
  :class:`~sleeplab_core.kernel.i18n.Catalog` from ``locales/<locale>/LC_MESSAGES/diagnosis.po``.

The format and SleepLab's rules are described in docs/diagnosis-rules.md.
"""

from sleeplab_core.diagnosis.domains import (
    BoolDomain,
    ChoiceDomain,
    Domain,
    IntDomain,
    NumberDomain,
)
from sleeplab_core.diagnosis.engine import check_env, evaluate
from sleeplab_core.diagnosis.env import build_env
from sleeplab_core.diagnosis.errors import InvalidEnvironment, Problem, RuleSetInvalid
from sleeplab_core.diagnosis.loader import load_ruleset, parse_ruleset
from sleeplab_core.diagnosis.model import (
    Diagnosis,
    FiredRule,
    Outcome,
    Rule,
    RuleKind,
    RuleSet,
    Severity,
)

__all__ = [
    "BoolDomain",
    "ChoiceDomain",
    "Diagnosis",
    "Domain",
    "FiredRule",
    "IntDomain",
    "InvalidEnvironment",
    "NumberDomain",
    "Outcome",
    "Problem",
    "Rule",
    "RuleKind",
    "RuleSet",
    "RuleSetInvalid",
    "Severity",
    "build_env",
    "check_env",
    "evaluate",
    "load_ruleset",
    "parse_ruleset",
]
