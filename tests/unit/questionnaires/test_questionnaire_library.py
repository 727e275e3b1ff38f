"""Several versions side by side: a run finishes on the version it started."""

from __future__ import annotations

from pathlib import Path

import pytest

from sleeplab_core.kernel.errors import Conflict, NotFound
from sleeplab_core.questionnaires import (
    Accepted,
    DefinitionInvalid,
    QuestionnaireLibrary,
    current_question,
    parse_definition,
    start_run,
    submit,
)

VERSION_1 = """
id = "mini"
version = 1
[levels.L0]
[[levels.L0.blocks]]
id = "only"
[[levels.L0.blocks.questions]]
id = "first"
type = "yes_no"
text = { en = "First?", ru = "Первый?" }
[[levels.L0.blocks.questions]]
id = "second"
type = "yes_no"
text = { en = "Second?", ru = "Второй?" }
"""
VERSION_2 = VERSION_1.replace("version = 1", "version = 2").replace(
    'id = "second"', 'id = "renamed"'
)


def test_latest_is_for_new_runs_and_for_state_keeps_the_started_version() -> None:
    v1 = parse_definition(VERSION_1)
    library = QuestionnaireLibrary([v1])
    state = submit(v1, start_run(v1, "L0"), {}, "yes").state  # type: ignore[union-attr]

    library.add(parse_definition(VERSION_2))

    assert library.latest("mini").version == 2
    assert library.for_state(state) == v1
    assert current_question(library.for_state(state), state, {}).id == "second"  # type: ignore[union-attr]


def test_an_unknown_questionnaire_or_version_is_not_found() -> None:
    library = QuestionnaireLibrary([parse_definition(VERSION_1)])

    with pytest.raises(NotFound):
        library.latest("other")
    with pytest.raises(NotFound):
        library.get("mini", 7)


def test_the_same_version_loaded_twice_differently_is_a_conflict() -> None:
    library = QuestionnaireLibrary([parse_definition(VERSION_1)])
    changed = parse_definition(VERSION_1.replace("First?", "Changed?"))

    library.add(parse_definition(VERSION_1))  # identical: fine
    with pytest.raises(Conflict):
        library.add(changed)


def test_a_directory_loads_its_toml_files_but_not_subfolders(tmp_path: Path) -> None:
    (tmp_path / "mini_v1.toml").write_text(VERSION_1, encoding="utf-8")
    (tmp_path / "mini_v2.toml").write_text(VERSION_2, encoding="utf-8")
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "other_format.toml").write_text("kind = 'results'", encoding="utf-8")

    library = QuestionnaireLibrary.from_directory(tmp_path)

    assert library.ids() == ["mini"]
    assert sorted(d.version for d in library) == [1, 2]


def test_a_directory_reports_the_problems_of_every_bad_file(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(VERSION_1.replace('id = "first"', 'id = "Bad"'), "utf-8")
    (tmp_path / "b.toml").write_text("not = [toml", encoding="utf-8")

    with pytest.raises(DefinitionInvalid) as caught:
        QuestionnaireLibrary.from_directory(tmp_path)

    sources = {problem.source for problem in caught.value.problems}
    assert sources == {"a.toml", "b.toml"}


def test_a_run_on_version_1_finishes_on_version_1_after_version_2_arrives() -> None:
    library = QuestionnaireLibrary([parse_definition(VERSION_1)])
    state = start_run(library.latest("mini"), "L0")
    state = submit(library.for_state(state), state, {}, "yes").state  # type: ignore[union-attr]

    library.add(parse_definition(VERSION_2))
    result = submit(library.for_state(state), state, {}, "no")

    assert isinstance(result, Accepted)
    assert result.state.path == ("first", "second")
    assert result.state.definition_version == 1
