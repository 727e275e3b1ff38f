"""Reading clients' free text: the rule-based parser (offline) and the model-backed one."""

from sleeplab_core.booking.parsing.model import Intent, ParsedRequest, Problem
from sleeplab_core.booking.parsing.ports import RequestParser, Similarity
from sleeplab_core.booking.parsing.rules import RuleBasedParser
from sleeplab_core.booking.parsing.similarity import DifflibSimilarity

__all__ = [
    "DifflibSimilarity",
    "Intent",
    "ParsedRequest",
    "Problem",
    "RequestParser",
    "RuleBasedParser",
    "Similarity",
]
