"""Very deep or huge expressions and structures in rule files are load errors, not crashes.

Finding 10: a deeply nested condition raised a raw ``RecursionError`` with no file context.
Now every such file is refused with ``RuleSetInvalid`` naming the file and the rule.
"""

from pathlib import Path

import pytest
from diagnosis_rulesets import rule, ruleset_text

from sleeplab_core.diagnosis import RuleSetInvalid, load_ruleset, parse_ruleset
from sleeplab_core.kernel.expressions import MAX_DEPTH, ExpressionError, parse
from sleeplab_core.questionnaires import DefinitionInvalid
from sleeplab_core.questionnaires.loader import parse_definition

CONDITION = "score.isi.total >= 8"
DEEP_PARENTHESES = "(" * 2_000 + CONDITION + ")" * 2_000
DEEP_NOT = "not " * 3_000 + CONDITION
LONG_CHAIN = " or ".join([CONDITION] * (MAX_DEPTH + 20))
HUGE = " or ".join([CONDITION] * 5_000)


@pytest.mark.parametrize(
    "when",
    [DEEP_PARENTHESES, DEEP_NOT, LONG_CHAIN, HUGE],
    ids=["parentheses", "not", "chain", "huge"],
)
def test_a_condition_too_deep_or_too_big_is_a_load_error_naming_file_and_rule(
    tmp_path: Path, when: str
) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(ruleset_text(rule("abyss", when)), encoding="utf-8")

    with pytest.raises(RuleSetInvalid) as raised:
        load_ruleset(path)

    assert [(p.kind, p.rule) for p in raised.value.problems] == [("syntax", "abyss")]
    assert "rules.toml" in str(raised.value)
    assert "'abyss'" in str(raised.value)


def test_toml_nested_deeper_than_the_parser_follows_is_a_load_error() -> None:
    text = ruleset_text() + "deep = " + "[" * 5_000 + "]" * 5_000 + "\n"

    with pytest.raises(RuleSetInvalid) as raised:
        parse_ruleset(text, source="deep.toml")

    assert raised.value.source == "deep.toml"
    assert [p.kind for p in raised.value.problems] == ["too_deep"]


def test_a_questionnaire_nested_too_deeply_is_a_definition_error() -> None:
    with pytest.raises(DefinitionInvalid) as raised:
        parse_definition("x = " + "[" * 5_000 + "]" * 5_000, "deep.toml")

    assert "deep.toml" in str(raised.value)


def test_the_deepest_accepted_expression_still_parses_and_evaluates() -> None:
    chain = " and ".join(["x >= 1"] * (MAX_DEPTH - 1))  # a left-nested tree MAX_DEPTH deep

    assert parse(chain).holds({"x": 2})
    with pytest.raises(ExpressionError, match="nested"):
        parse(chain + " and x >= 1")
