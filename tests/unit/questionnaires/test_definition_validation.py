"""Load-time validation: every kind of bad definition is reported with file and path."""

from __future__ import annotations

from pathlib import Path

import pytest

from sleeplab_core.questionnaires import DefinitionInvalid, load_definition, parse_definition

BASE = """
id = "check"
version = 1

[levels.L0]
calculated = { bmi = "weight / ((height / 100) * (height / 100))" }

[[levels.L0.blocks]]
id = "body"

[[levels.L0.blocks.questions]]
id = "height"
type = "integer"
text = { en = "Height?", ru = "Рост?" }
min = 120
max = 230
unit = { en = "cm", ru = "см" }

[[levels.L0.blocks.questions]]
id = "weight"
type = "decimal"
text = { en = "Weight?", ru = "Вес?" }
min = 30
max = 250

[[levels.L0.blocks]]
id = "sleep"

[[levels.L0.blocks.questions]]
id = "snoring"
type = "single"
text = { en = "Do you snore?", ru = "Вы храпите?" }
options = [
  { value = "never", text = { en = "Never", ru = "Никогда" } },
  { value = "often", text = { en = "Often", ru = "Часто" }, scores = { apnea = 1 } },
]

[[levels.L0.blocks.questions]]
id = "partner"
type = "yes_no"
show_if = "snoring = 'often'"
text = { en = "Do you snore, {answer.snoring}?", ru = "Храпите: {answer.snoring}?" }
"""


def problems_of(text: str, source: str = "check.toml") -> list[str]:
    with pytest.raises(DefinitionInvalid) as caught:
        parse_definition(text, source)
    return [str(problem) for problem in caught.value.problems]


def replaced(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


def test_the_base_definition_is_valid() -> None:
    definition = parse_definition(BASE, "check.toml")

    assert definition.key == ("check", 1)


def test_the_shipped_demo_is_valid() -> None:
    demo = Path(__file__).parents[3] / "src/sleeplab_core/questionnaires/examples/demo.toml"

    assert load_definition(demo).id == "demo"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "snoring = 'often'",
            "snore = 'often'",
            "check.toml: levels.L0.blocks[1].questions[1].show_if: unknown name 'snore'",
        ),
        (
            'id = "weight"',
            'id = "height"',
            "check.toml: levels.L0.blocks[0].questions[1].id: duplicate question 'height'",
        ),
        (
            'id = "sleep"',
            'id = "body"',
            "check.toml: levels.L0.blocks[1].id: duplicate block 'body'",
        ),
        (
            "show_if = \"snoring = 'often'\"",
            'show_if = "partner"',
            "levels.L0.blocks[1].questions[1].show_if: a condition may only use earlier "
            "questions: 'partner' is not asked before it",
        ),
        (
            'text = { en = "Do you snore?", ru = "Вы храпите?" }',
            'show_if = "weight < 30"\ntext = { en = "Do you snore?", ru = "Вы храпите?" }',
            "levels.L0.blocks[1].questions[0].show_if: condition can never hold: 'weight' is "
            "from 30 to 250, so '< 30' is never true",
        ),
        (
            "snoring = 'often'",
            "snoring = 'always'",
            "levels.L0.blocks[1].questions[1].show_if: condition can never hold: 'always' is "
            "not an option of 'snoring' (options: never, often)",
        ),
        (
            "snoring = 'often'",
            "snoring != 'sometimes'",
            "levels.L0.blocks[1].questions[1].show_if: comparison always holds: 'sometimes' is "
            "not an option of 'snoring'",
        ),
        (
            "snoring = 'often'",
            "partner_q",
            "unknown name 'partner_q'",
        ),
        (
            "snoring = 'often'",
            "height > 300",
            "condition can never hold: 'height' is from 120 to 230, so '> 300' is never true",
        ),
        (
            'text = { en = "Never", ru = "Никогда" }',
            'text = { en = "Never" }',
            "check.toml: levels.L0.blocks[1].questions[0].options[0].text: missing locale 'ru'",
        ),
        (
            'text = { en = "Height?", ru = "Рост?" }',
            'text = { en = "Height?", ru = "" }',
            "levels.L0.blocks[0].questions[0].text: missing locale 'ru'",
        ),
        (
            'unit = { en = "cm", ru = "см" }',
            'unit = { ru = "см" }',
            "levels.L0.blocks[0].questions[0].unit: missing locale 'en'",
        ),
        (
            "min = 120\nmax = 230",
            "min = 230\nmax = 120",
            "levels.L0.blocks[0].questions[0].min: bounds inverted: min 230 is above max 120",
        ),
        (
            "min = 30\nmax = 250",
            "min = 30",
            "levels.L0.blocks[0].questions[1].max: required for type 'decimal'",
        ),
        (
            '{ value = "often", text',
            '{ value = "never", text',
            "levels.L0.blocks[1].questions[0].options[1].value: duplicate option value 'never'",
        ),
        (
            'type = "yes_no"',
            'type = "yes_no"\nmax_length = 3',
            "levels.L0.blocks[1].questions[1].max_length: key 'max_length' is not used by "
            "type 'yes_no'",
        ),
        (
            'type = "yes_no"',
            'type = "yes_no"\ncolour = "red"',
            "levels.L0.blocks[1].questions[1].colour: unknown key",
        ),
        (
            'type = "yes_no"',
            'type = "maybe"',
            "levels.L0.blocks[1].questions[1].type: Input should be",
        ),
        (
            'id = "weight"\n',
            "",
            "levels.L0.blocks[0].questions[1].id: required key is missing",
        ),
        (
            "snoring = 'often'",
            "snoring = 'often' and (",
            "levels.L0.blocks[1].questions[1].show_if: expected a value, found 'end of text' "
            "at position 23",
        ),
        (
            '{answer.snoring}?", ru',
            '{answer.partner}?", ru',
            "levels.L0.blocks[1].questions[1].text: {answer.partner} pipes a question not asked",
        ),
        (
            '{answer.snoring}?", ru',
            '{snoring}?", ru',
            "unknown placeholder {snoring}",
        ),
        (
            '{answer.snoring}?", ru',
            '{answer.snoring?", ru',
            "unmatched brace",
        ),
        (
            'calculated = { bmi = "weight / ((height / 100) * (height / 100))" }',
            'calculated = { bmi = "weight / tall" }',
            "levels.L0.calculated.bmi: unknown name 'tall'",
        ),
        (
            'calculated = { bmi = "weight / ((height / 100) * (height / 100))" }',
            'calculated = { a = "b + 1", b = "a + 1" }',
            "levels.L0.calculated.a: cycle: a -> b -> a",
        ),
        (
            "snoring = 'often'",
            "scale.sleepiness > 1",
            "unknown scale 'scale.sleepiness' (no option adds to it)",
        ),
        (
            'type = "yes_no"',
            'type = "yes_no"\nmaps_to = "isi"',
            "levels.L0.blocks[1].questions[1].maps_to: 'isi' is not 'instrument.item'",
        ),
        (
            'id = "partner"',
            'id = "and"',
            "levels.L0.blocks[1].questions[1].id: 'and' is not a valid id",
        ),
        (
            "version = 1",
            'version = "one"',
            "check.toml: version: Input should be a valid integer",
        ),
        (
            "version = 1",
            "version = 1\nversion = 2",
            "check.toml: not valid TOML",
        ),
    ],
)
def test_each_kind_of_problem_is_reported_with_file_and_path(
    old: str, new: str, expected: str
) -> None:
    problems = problems_of(replaced(old, new))

    assert any(expected in problem for problem in problems), problems


def test_a_block_calculated_value_may_not_use_later_blocks() -> None:
    text = replaced('id = "body"', 'id = "body"\ncalculated = { late = "snoring = \'often\'" }')

    problems = problems_of(text)

    assert any(
        "levels.L0.blocks[0].calculated.late: a calculated value may only use earlier questions"
        in problem
        for problem in problems
    ), problems


def test_a_condition_may_not_use_a_calculated_value_of_later_questions() -> None:
    text = replaced(
        'text = { en = "Height?", ru = "Рост?" }',
        'text = { en = "Height?", ru = "Рост?" }\nshow_if = "bmi > 20"',
    )

    problems = problems_of(text)

    assert any("'bmi' uses a question that is not asked before" in p for p in problems), problems


def test_a_question_of_another_level_is_named_as_such() -> None:
    text = (
        BASE
        + """
[levels.L1]
[[levels.L1.blocks]]
id = "more"
[[levels.L1.blocks.questions]]
id = "again"
type = "yes_no"
show_if = "partner"
text = { en = "Again?", ru = "Снова?" }
"""
    )
    problems = problems_of(text)

    assert any("'partner' is a question of level L0" in p for p in problems), problems


def test_two_questions_feeding_one_instrument_item_are_reported() -> None:
    text = replaced('type = "yes_no"', 'type = "yes_no"\nmaps_to = "stop_bang.snoring"')
    text = text.replace('type = "single"', 'type = "single"\nmaps_to = "stop_bang.snoring"', 1)

    problems = problems_of(text)

    assert any("'stop_bang.snoring' is already fed by" in p for p in problems), problems


def test_every_problem_is_reported_at_once() -> None:
    text = replaced("snoring = 'often'", "snore = 'often'").replace(
        'text = { en = "Never", ru = "Никогда" }', 'text = { en = "Never" }'
    )

    problems = problems_of(text)

    assert len(problems) == 2


def test_validation_checks_the_locales_asked_for() -> None:
    text = replaced('text = { en = "Never", ru = "Никогда" }', 'text = { en = "Never" }')

    definition = parse_definition(text, "check.toml", locales=("en",))

    assert definition.id == "check"


def test_load_definition_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "l0.toml"
    path.write_text(replaced("snoring = 'often'", "snore = 'often'"), encoding="utf-8")

    with pytest.raises(DefinitionInvalid) as caught:
        load_definition(path)

    assert str(caught.value).startswith("l0.toml: levels.L0.blocks[1].questions[1].show_if")


def test_the_example_in_the_format_docs_is_valid() -> None:
    docs = (Path(__file__).parents[3] / "docs" / "questionnaires.md").read_text(encoding="utf-8")
    example = docs.split("```toml\n", 1)[1].split("```", 1)[0]

    definition = parse_definition(example, "questionnaires.md")

    assert definition.id == "demo"
    assert [q.id for q in definition.levels["L0"].questions] == [
        "height",
        "weight",
        "falling_asleep",
        "hot_flashes",
        "drowsy_driving",
    ]


def with_question(body: str) -> str:
    """BASE plus one more block holding a question with ``body``."""
    return (
        BASE
        + f"""
[[levels.L0.blocks]]
id = "extra"

[[levels.L0.blocks.questions]]
id = "added"
text = {{ en = "Added?", ru = "Добавлен?" }}
{body}
"""
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            'type = "text"\nshow_if = "partner = \'yes\'"',
            "condition can never hold: 'partner' is yes/no (true or false), not 'yes'",
        ),
        (
            'type = "text"\nshow_if = "height = \'tall\'"',
            "condition can never hold: 'height' is a number, not 'tall'",
        ),
        (
            "type = \"text\"\nshow_if = \"snoring in ['often', 'rarely']\"",
            "'rarely' is not an option of 'snoring'",
        ),
        ('type = "text"\nmax_length = 0', "levels.L0.blocks[2].questions[0].max_length: must be"),
        ('type = "duration"\nmin = -5', "levels.L0.blocks[2].questions[0].min: a duration cannot"),
        ('type = "integer"\nmin = 1.5\nmax = 9', "questions[0].min: must be a whole number"),
        (
            'type = "single"\n'
            'options = [{ value = "only", text = { en = "Only", ru = "Только" } }]',
            "questions[0].options: a choice question needs at least 2 options",
        ),
        (
            'type = "single"\noptions = [{ value = "a", text = { en = "A", ru = "А" }, '
            'exclusive = true }, { value = "b", text = { en = "B", ru = "Б" } }]',
            "options[0].exclusive: only multiple-choice options can be exclusive",
        ),
        (
            'type = "multiple"\nmin_choices = 3\noptions = [{ value = "a", text = { en = "A", ru = '
            '"А" } }, { value = "b", text = { en = "B", ru = "Б" } }]',
            "questions[0].min_choices: must be from 1 to 2",
        ),
        (
            'type = "multiple"\noptions = [{ value = "Big A", text = { en = "A", ru = "А" } }, '
            '{ value = "b", text = { en = "B", ru = "Б" } }]',
            "options[0].value: 'Big A' is not a valid value",
        ),
        ('type = "text"\nhint = { en = "Hint" }', "questions[0].hint: missing locale 'ru'"),
        (
            'type = "time"\nshow_if = "answered(height) and scale.apnea >= 1 and profile.age > 40"',
            None,
        ),
    ],
)
def test_question_level_problems_are_reported(body: str, expected: str | None) -> None:
    text = with_question(body)

    if expected is None:
        assert parse_definition(text, "check.toml").id == "check"
    else:
        assert any(expected in problem for problem in problems_of(text)), problems_of(text)


def test_a_level_needs_blocks_and_a_block_needs_questions() -> None:
    text = BASE + "\n[levels.L1]\nblocks = []\n"
    text += '\n[levels.L2]\n[[levels.L2.blocks]]\nid = "empty"\nquestions = []\n'

    problems = problems_of(text)

    assert "check.toml: levels.L1.blocks: a level needs at least one block" in problems
    assert "check.toml: levels.L2.blocks[0].questions: a block needs at least one question" in (
        problems
    )


def test_a_calculated_value_may_not_reuse_a_question_id() -> None:
    text = replaced("calculated = { bmi =", "calculated = { height =")

    problems = problems_of(text)

    assert any("levels.L0.calculated.height: duplicate name 'height'" in p for p in problems)


def test_a_block_may_share_its_id_with_a_question() -> None:
    text = replaced('id = "sleep"', 'id = "snoring"')

    assert parse_definition(text, "check.toml").levels["L0"].blocks[1].id == "snoring"
