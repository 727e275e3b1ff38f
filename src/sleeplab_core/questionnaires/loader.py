"""Reading definition files: TOML -> pydantic models -> static validation."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from sleeplab_core.kernel.i18n import SUPPORTED_LOCALES
from sleeplab_core.questionnaires.errors import DefinitionInvalid, DefinitionProblem
from sleeplab_core.questionnaires.model import Definition
from sleeplab_core.questionnaires.validation import validate

_UNION_TAGS = frozenset({"str", "int", "float", "bool", "Calculated"})
_FRIENDLY = {
    "missing": "required key is missing",
    "extra_forbidden": "unknown key",
}


def parse_definition(
    text: str, source: str = "<text>", locales: Sequence[str] = SUPPORTED_LOCALES
) -> Definition:
    """A validated definition from TOML ``text``.

    Args:
        text: the file's content.
        source: the file name used in problem reports.
        locales: every locale each wording must be given in.

    Raises:
        DefinitionInvalid: with every problem found, each naming ``source`` and a path.
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DefinitionInvalid(
            [DefinitionProblem(source, "", f"not valid TOML: {error}")]
        ) from None
    except RecursionError:  # arrays or tables nested deeper than the parser can follow
        raise DefinitionInvalid([DefinitionProblem(source, "", "TOML nested too deeply")]) from None
    try:
        definition = Definition.model_validate(raw)
    except ValidationError as error:
        raise DefinitionInvalid(_schema_problems(error, raw, source)) from None
    problems = validate(definition, source, locales)
    if problems:
        raise DefinitionInvalid(problems)
    return definition


def load_definition(path: Path | str, locales: Sequence[str] = SUPPORTED_LOCALES) -> Definition:
    """Read and validate one definition file (UTF-8 TOML).

    Raises:
        DefinitionInvalid: the file breaks the format; problems name the file and the path.
        OSError: the file cannot be read.
    """
    path = Path(path)
    return parse_definition(path.read_text(encoding="utf-8"), path.name, locales)


def _schema_problems(error: ValidationError, raw: object, source: str) -> list[DefinitionProblem]:
    problems: list[DefinitionProblem] = []
    seen: set[tuple[str, str]] = set()
    for detail in error.errors():
        path = _data_path(detail["loc"], raw)
        message = _FRIENDLY.get(detail["type"], detail["msg"])
        if (path, message) not in seen:
            seen.add((path, message))
            problems.append(DefinitionProblem(source, path, message))
    return problems


def _data_path(loc: tuple[int | str, ...], raw: object) -> str:
    """``levels.L0.blocks[1].questions[3].id`` from pydantic's location, skipping the union
    member names pydantic inserts (they are not keys of the data)."""
    parts: list[str] = []
    node = raw
    for element in loc:
        if isinstance(element, int) and isinstance(node, list) and element < len(node):
            parts.append(f"[{element}]")
            node = node[element]
        elif isinstance(node, dict) and element in node:
            parts.append(f".{element}" if parts else str(element))
            node = node[element]
        elif isinstance(node, dict) and isinstance(element, str) and element not in _UNION_TAGS:
            # a missing or unknown key: name it; there is no deeper data
            parts.append(f".{element}" if parts else element)
    return "".join(parts)
