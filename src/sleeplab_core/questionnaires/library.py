"""Several definitions and versions loaded side by side."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from sleeplab_core.kernel.errors import Conflict, NotFound
from sleeplab_core.kernel.i18n import SUPPORTED_LOCALES
from sleeplab_core.questionnaires.errors import DefinitionInvalid, DefinitionProblem
from sleeplab_core.questionnaires.loader import load_definition
from sleeplab_core.questionnaires.model import Definition
from sleeplab_core.questionnaires.state import RunState


class QuestionnaireLibrary:
    """Every loaded version of every questionnaire, so a run finishes on the version it began."""

    def __init__(self, definitions: Iterable[Definition] = ()) -> None:
        self._definitions: dict[tuple[str, int], Definition] = {}
        for definition in definitions:
            self.add(definition)

    @classmethod
    def from_directory(
        cls, directory: Path | str, locales: Sequence[str] = SUPPORTED_LOCALES
    ) -> QuestionnaireLibrary:
        """Load every ``*.toml`` directly in ``directory`` (subfolders hold other formats).

        Raises:
            DefinitionInvalid: with the problems of every invalid file together.
        """
        definitions: list[Definition] = []
        problems: list[DefinitionProblem] = []
        for path in sorted(Path(directory).glob("*.toml")):
            try:
                definitions.append(load_definition(path, locales))
            except DefinitionInvalid as error:
                problems.extend(error.problems)
        if problems:
            raise DefinitionInvalid(problems)
        return cls(definitions)

    def add(self, definition: Definition) -> None:
        """Add a definition.

        Raises:
            Conflict: a different definition with the same id and version is already loaded.
        """
        existing = self._definitions.get(definition.key)
        if existing is not None and existing != definition:
            raise Conflict(f"{definition.id} v{definition.version} is loaded twice, differently")
        self._definitions[definition.key] = definition

    def get(self, definition_id: str, version: int) -> Definition:
        """That exact version.

        Raises:
            NotFound: it is not loaded.
        """
        try:
            return self._definitions[(definition_id, version)]
        except KeyError:
            raise NotFound(f"questionnaire {definition_id} v{version} is not loaded") from None

    def latest(self, definition_id: str) -> Definition:
        """The highest loaded version: what new runs start on.

        Raises:
            NotFound: no version of it is loaded.
        """
        versions = [key[1] for key in self._definitions if key[0] == definition_id]
        if not versions:
            raise NotFound(f"questionnaire {definition_id!r} is not loaded")
        return self._definitions[(definition_id, max(versions))]

    def for_state(self, state: RunState) -> Definition:
        """The definition a run started on.

        Raises:
            NotFound: that version is no longer loaded.
        """
        return self.get(state.definition_id, state.definition_version)

    def __iter__(self) -> Iterator[Definition]:
        return iter(self._definitions.values())

    def ids(self) -> list[str]:
        """The ids of the loaded questionnaires."""
        return sorted({key[0] for key in self._definitions})
