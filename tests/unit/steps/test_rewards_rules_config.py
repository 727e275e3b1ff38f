"""The rules file: defaults load; malformed files are refused with the field named."""

from __future__ import annotations

import pytest

from sleeplab_core.rewards import InvalidRules, default_rules
from sleeplab_core.rewards.config import rules_from_toml

MINIMAL = """
[points]
rate_per_mille = 1000
daily_cap = 10
[[coefficients]]
per_mille = 1000
"""


def test_the_shipped_rules_load():
    rules = default_rules()
    assert rules.unit == "points"
    assert rules.coefficients[-1].below_c is None
    assert rules.verification.max_accuracy_m == 60


def test_a_minimal_file_takes_the_documented_defaults():
    rules = rules_from_toml(MINIMAL)
    assert (rules.default_per_mille, rules.verification.stride_cm) == (1000, 75)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (MINIMAL.replace("daily_cap = 10", "daily_cap = -1"), "daily_cap"),
        (MINIMAL.replace("daily_cap = 10", "daily_cap = 1.5"), "daily_cap"),
        (MINIMAL + "[[coefficients]]\nbelow_c = 3\nper_mille = 1\n", "coefficients"),
        (MINIMAL + "[verification]\nmax_speed = 3\n", "verification"),
        ("[points", "rules"),
    ],
)
def test_a_bad_rules_file_names_its_field(text: str, field: str):
    with pytest.raises(InvalidRules) as refused:
        rules_from_toml(text)
    assert refused.value.field == field
