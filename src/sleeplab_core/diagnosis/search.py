"""A bounded search for an assignment of names that satisfies a predicate.

The static validation asks questions such as "can this rule ever fire?" by searching the
declared domains (each plus ``None``). It tries the all-``None`` assignment, then a seeded
random sample, then — when the product of the domains is small enough — every assignment,
which turns "no witness found" into a proof.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Mapping, Sequence
from enum import Enum

from sleeplab_core.diagnosis.domains import Domain

Env = Mapping[str, object]

SAMPLE_SIZE = 256
EXHAUSTIVE_LIMIT = 100_000


class Found(Enum):
    YES = "yes"  # a witness exists
    NO = "no"  # proved: no assignment satisfies the predicate
    UNKNOWN = "unknown"  # the domain was too large to search completely


def search(
    domains: Mapping[str, Domain],
    names: Sequence[str],
    predicate: Callable[[Env], bool],
    *,
    seed: str,
) -> Found:
    """Whether some assignment of ``names`` (others unset) satisfies ``predicate``."""
    ordered = sorted(names)
    choices = [(None, *domains[name].values()) for name in ordered]
    if predicate({}):
        return Found.YES
    rng = random.Random(seed)
    for _ in range(SAMPLE_SIZE):
        sample = [rng.choice(options) for options in choices]
        if predicate(dict(zip(ordered, sample, strict=True))):
            return Found.YES
    if math.prod(len(options) for options in choices) > EXHAUSTIVE_LIMIT:
        return Found.UNKNOWN
    for combination in itertools.product(*choices):
        if predicate(dict(zip(ordered, combination, strict=True))):
            return Found.YES
    return Found.NO
