"""Static validation at load: every broken rule set is refused with the problem named."""

from pathlib import Path

import pytest
from diagnosis_rulesets import HEADER, rule, ruleset_text

from sleeplab_core.diagnosis import (
    RuleSetInvalid,
    evaluate,
    load_ruleset,
    parse_ruleset,
)
from sleeplab_core.sleeplab.bot import sleeplab_ruleset


def problems_of(text: str) -> list[tuple[str, str | None]]:
    with pytest.raises(RuleSetInvalid) as error:
        parse_ruleset(text)
    return [(problem.kind, problem.rule) for problem in error.value.problems]


def test_a_valid_rule_set_loads_with_rules_in_priority_order() -> None:
    text = ruleset_text(
        rule("b_low", "score.isi.total >= 8", priority=1),
        rule("a_high", "score.isi.total >= 15", priority=5),
        rule("c_high", "score.ess.total >= 11", priority=5),
    )

    ruleset = parse_ruleset(text)

    assert [r.id for r in ruleset.rules] == ["a_high", "c_high", "b_low"]
    assert (ruleset.id, ruleset.version, ruleset.default.id) == ("test", "7", "fine")
    assert ruleset.warnings == ()


def test_load_ruleset_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(ruleset_text(rule("sleepy", "score.ess.total >= 11")), encoding="utf-8")

    assert load_ruleset(path).rules[0].id == "sleepy"


def test_instrument_names_are_declared_from_the_registry() -> None:
    ruleset = parse_ruleset(ruleset_text())

    assert {"score.isi.total", "band.isi", "score.ess.total", "band.ess"} <= set(ruleset.names)
    assert {"answer.driving", "answer.nights"} <= set(ruleset.names)


def test_unknown_reference_is_refused() -> None:
    text = ruleset_text(rule("typo", "score.isi.totl >= 8"))

    assert ("unknown_reference", "typo") in problems_of(text)


def test_param_reading_an_undeclared_name_is_refused() -> None:
    text = ruleset_text(rule("p", "score.isi.total >= 8", params={"x": "score.psqi.total"}))

    assert ("unknown_reference", "p") in problems_of(text)


def test_syntax_error_is_refused_with_its_position() -> None:
    with pytest.raises(RuleSetInvalid) as error:
        parse_ruleset(ruleset_text(rule("broken", "score.isi.total >= ")))

    [problem] = error.value.problems
    assert (problem.kind, problem.rule) == ("syntax", "broken")
    assert "position 19" in problem.message


def test_duplicate_rule_ids_are_refused() -> None:
    text = ruleset_text(rule("twice", "score.isi.total >= 8"), rule("twice", "answer.driving"))

    assert ("duplicate_id", "twice") in problems_of(text)


def test_a_rule_set_without_a_default_is_refused() -> None:
    text = ruleset_text(rule("only", "answer.driving"), default="")

    assert ("default", None) in problems_of(text)


def test_two_defaults_are_refused() -> None:
    text = ruleset_text(rule("again", None, kind="default", severity="info"))

    assert ("default", None) in problems_of(text)


def test_a_default_with_a_condition_is_refused() -> None:
    default = rule("fine", "answer.driving", kind="default", severity="info")

    assert ("default", "fine") in problems_of(ruleset_text(default=default))


def test_a_default_more_severe_than_info_is_refused() -> None:
    default = rule("fine", None, kind="default", severity="mild")

    assert ("default", "fine") in problems_of(ruleset_text(default=default))


def test_an_ordinary_rule_without_a_condition_is_refused() -> None:
    assert ("missing_condition", "bare") in problems_of(ruleset_text(rule("bare", None)))


@pytest.mark.parametrize(
    "fields",
    [
        {"severity": "severe", "refer": True},
        {"severity": "urgent", "refer": False},
        {"severity": "urgent", "refer": True, "group": "g"},
    ],
)
def test_a_red_flag_must_be_urgent_referring_and_ungrouped(fields: dict[str, object]) -> None:
    text = ruleset_text(rule("flag", "answer.driving", kind="red_flag", **fields))

    assert ("red_flag", "flag") in problems_of(text)


def test_urgent_severity_is_reserved_for_red_flags() -> None:
    text = ruleset_text(rule("loud", "answer.driving", severity="urgent", refer=True))

    assert ("red_flag", "loud") in problems_of(text)


def test_a_red_flag_code_cannot_be_shared() -> None:
    flag = rule("flag", "answer.driving", kind="red_flag", severity="urgent", refer=True)
    copycat = rule("copycat", "score.isi.total >= 8", code="flag")

    assert ("red_flag", "flag") in problems_of(ruleset_text(flag, copycat))


def test_an_exclusive_rule_needs_a_group() -> None:
    text = ruleset_text(rule("alone", "answer.driving", exclusive=True))

    assert ("exclusive", "alone") in problems_of(text)


@pytest.mark.parametrize(
    "when",
    [
        "score.isi.total > 28",
        "band.isi = 'sever'",
        "answer.nights >= 3 and answer.nights < 3",
        "answer.driving = 'yes'",
    ],
)
def test_a_rule_that_can_never_fire_is_refused(when: str) -> None:
    assert ("never_fires", "dead") in problems_of(ruleset_text(rule("dead", when)))


def test_a_rule_hidden_by_an_exclusive_rule_with_a_weaker_condition_is_refused() -> None:
    weaker = rule("broad", "score.isi.total >= 8", priority=2, group="insomnia", exclusive=True)
    narrower = rule("narrow", "score.isi.total >= 15", priority=1, group="insomnia")

    assert problems_of(ruleset_text(weaker, narrower)) == [("shadowed", "narrow")]


def test_a_narrower_exclusive_rule_does_not_shadow_a_broader_one() -> None:
    narrow = rule("narrow", "score.isi.total >= 15", priority=2, group="insomnia", exclusive=True)
    broad = rule("broad", "score.isi.total >= 8", priority=1, group="insomnia")

    assert len(parse_ruleset(ruleset_text(narrow, broad)).rules) == 2


def test_exclusive_rules_only_shadow_their_own_group() -> None:
    weaker = rule("broad", "score.isi.total >= 8", priority=2, group="a", exclusive=True)
    narrower = rule("narrow", "score.isi.total >= 15", priority=1, group="b")

    assert len(parse_ruleset(ruleset_text(weaker, narrower)).rules) == 2


def test_a_rule_whose_code_always_comes_from_a_more_severe_rule_is_refused() -> None:
    severe = rule("worse", "score.isi.total >= 8", code="insomnia", severity="severe")
    mild = rule("milder", "score.isi.total >= 15", code="insomnia", severity="mild")

    assert problems_of(ruleset_text(severe, mild)) == [("shadowed", "milder")]


def test_a_same_code_winner_that_may_be_hidden_does_not_shadow() -> None:
    gate = rule("gate", "answer.driving", priority=9, group="g", exclusive=True)
    severe = rule("worse", "score.isi.total >= 8", code="insomnia", severity="severe", group="g")
    mild = rule("milder", "score.isi.total >= 15", code="insomnia", severity="mild")

    ruleset = parse_ruleset(ruleset_text(gate, severe, mild))

    # when "gate" fires it hides "worse", and then "milder" shows
    outcomes = {
        o.code: o.rule_id
        for o in evaluate(ruleset, {"answer.driving": True, "score.isi.total": 20}).outcomes
    }
    assert outcomes == {"gate": "gate", "insomnia": "milder"}


def test_a_rule_that_always_fires_above_info_makes_the_default_unreachable() -> None:
    always = rule("always", "not (score.isi.total < 0)")

    assert ("never_fires", "fine") in problems_of(ruleset_text(always))


def test_a_search_too_large_to_complete_becomes_a_warning() -> None:
    header = HEADER + '\nbig = { type = "int", min = 0, max = 1000 }\n'
    when = "answer.big * answer.nights = 6999 and score.isi.total = 28"
    ruleset = parse_ruleset(ruleset_text(rule("rare", when), header=header))

    assert [(w.kind, w.rule) for w in ruleset.warnings] == [("never_fires_unchecked", "rare")]


def test_an_unknown_instrument_is_refused() -> None:
    header = HEADER.replace('["isi", "ess"]', '["isi", "phq9"]')

    assert ("unknown_instrument", None) in problems_of(ruleset_text(header=header))


def test_a_name_declared_twice_is_refused() -> None:
    header = HEADER + '\n[names]\n"answer.driving" = { type = "bool" }\n'

    assert ("duplicate_name", None) in problems_of(ruleset_text(header=header))


def test_text_that_is_not_toml_is_refused() -> None:
    assert problems_of("[ruleset\nid=") == [("toml", None)]


def test_a_rule_without_a_code_is_refused_with_its_location() -> None:
    text = ruleset_text(rule("x", "answer.driving")).replace('code = "x"\n', "")

    with pytest.raises(RuleSetInvalid) as error:
        parse_ruleset(text)

    assert any("code" in problem.message for problem in error.value.problems)


def test_an_unknown_severity_is_refused() -> None:
    assert problems_of(ruleset_text(rule("x", "answer.driving", severity="awful")))[0][0] == (
        "format"
    )


def test_the_sleeplab_rule_set_loads_without_warnings() -> None:
    ruleset = sleeplab_ruleset()

    assert ruleset.id == "sleeplab"
    assert ruleset.warnings == ()
    assert ruleset.questionnaires == {"sleeplab": "1"}
