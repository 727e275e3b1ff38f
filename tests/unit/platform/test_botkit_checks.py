"""A screener's rules are checked against its questionnaire when the bot loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sleeplab_core.botkit import RulesMismatch, load_screener

EXAMPLE = Path(__file__).parents[3] / "examples" / "mood_screener" / "src" / "mood_screener"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE / "content", tmp_path / "content")
    return tmp_path / "content"


def edit_rules(content: Path, old: str, new: str) -> None:
    rules = content / "rules.toml"
    text = rules.read_text(encoding="utf-8")
    assert old in text
    rules.write_text(text.replace(old, new), encoding="utf-8")


def test_the_example_loads(content: Path) -> None:
    screener = load_screener("mood", content)
    assert screener.level == "check"


def test_a_misspelt_answer_id_is_a_load_error_naming_the_file(content: Path) -> None:
    edit_rules(content, "\nlow_mood = {", "\nlow_mod = {")
    with pytest.raises(RulesMismatch, match=r"rules\.toml: \[answers\]\.low_mod: no question"):
        load_screener("mood", content)


def test_an_unknown_option_value_is_a_load_error(content: Path) -> None:
    edit_rules(content, '"every_day"]', '"daily"]')
    with pytest.raises(RulesMismatch, match=r"option 'daily' is not one of"):
        load_screener("mood", content)


def test_a_scale_no_question_scores_is_a_load_error(content: Path) -> None:
    unused_scale = '[names."scale.gad7"]\ntype = "int"\nmin = 0\nmax = 21\n\n'
    edit_rules(content, "[answers]", unused_scale + "[answers]")
    with pytest.raises(RulesMismatch, match=r"no question scores the scale 'gad7'"):
        load_screener("mood", content)
