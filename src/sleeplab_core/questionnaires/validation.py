"""Static checks of a definition, run at load ("Load-time validation" in the docs)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

from sleeplab_core.kernel.expressions import KEYWORDS, Expression, ExpressionError, parse
from sleeplab_core.questionnaires.checks import PIPEABLE_ANSWER_TYPES
from sleeplab_core.questionnaires.errors import DefinitionProblem
from sleeplab_core.questionnaires.model import (
    PLACEHOLDER,
    Calculated,
    Definition,
    Level,
    LocalizedText,
    Question,
)
from sleeplab_core.questionnaires.plan import calculated_entries, level_scales
from sleeplab_core.questionnaires.reachability import never_holds

ID = re.compile(r"[a-z][a-z0-9_]{0,39}")
LEVEL_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")
DEFINITION_ID = re.compile(r"[a-z][a-z0-9_-]{0,63}")
OPTION_VALUE = re.compile(r"[a-z0-9][a-z0-9_]{0,31}")
MAPS_TO = re.compile(r"[a-z][a-z0-9_]*\.[A-Za-z0-9_]+")
TYPE_FIELDS: dict[str, frozenset[str]] = {
    "single": frozenset({"options"}),
    "multiple": frozenset({"options", "min_choices"}),
    "yes_no": frozenset({"yes_scores", "no_scores"}),
    "integer": frozenset({"min", "max", "unit"}),
    "decimal": frozenset({"min", "max", "unit"}),
    "time": frozenset(),
    "duration": frozenset({"min", "max", "duration_unit"}),
    "text": frozenset({"max_length"}),
}
TYPED_FIELDS = frozenset().union(*TYPE_FIELDS.values())
MAX_TEXT_LENGTH = 4000


@attrs.define
class _Problems:
    source: str
    found: list[DefinitionProblem] = attrs.field(factory=list)

    def add(self, path: str, message: str) -> None:
        self.found.append(DefinitionProblem(self.source, path, message))


def validate(
    definition: Definition, source: str, locales: Sequence[str]
) -> list[DefinitionProblem]:
    """Every problem of ``definition``, checked for each of ``locales``."""
    problems = _Problems(source)
    if not DEFINITION_ID.fullmatch(definition.id):
        problems.add("id", f"{definition.id!r} is not a valid id (lower case, digits, _ and -)")
    _check_text(problems, "title", definition.title, locales)
    if not definition.levels:
        problems.add("levels", "a definition needs at least one level")
    _check_unique_ids(problems, definition)
    for level_id, level in definition.levels.items():
        if not LEVEL_ID.fullmatch(level_id):
            problems.add(f"levels.{level_id}", f"{level_id!r} is not a valid level id")
        _LevelChecker(problems, definition, level_id, level, locales).check()
    return problems.found


def _check_text(
    problems: _Problems, path: str, text: LocalizedText | None, locales: Sequence[str]
) -> None:
    if text is None:
        return
    for locale in locales:
        if not text.get(locale, "").strip():
            problems.add(path, f"missing locale {locale!r}")


def _check_unique_ids(problems: _Problems, definition: Definition) -> None:
    # Blocks have their own namespace; questions and calculated values share one, since
    # both are names in expressions.
    blocks: dict[str, str] = {}
    names: dict[str, str] = {}
    for level_id, level in definition.levels.items():
        for b, block in enumerate(level.blocks):
            path = f"levels.{level_id}.blocks[{b}].id"
            _claim(problems, blocks, "block", block.id, path)
            for q, question in enumerate(block.questions):
                path = f"levels.{level_id}.blocks[{b}].questions[{q}].id"
                _claim(problems, names, "question", question.id, path)
        for name, _, b_index in calculated_entries(level):
            where = "calculated" if b_index is None else f"blocks[{b_index}].calculated"
            _claim(problems, names, "name", name, f"levels.{level_id}.{where}.{name}")


def _claim(problems: _Problems, seen: dict[str, str], kind: str, name: str, path: str) -> None:
    if name in seen:
        problems.add(path, f"duplicate {kind} {name!r}: already used at {seen[name]}")
    else:
        seen[name] = path


@attrs.define
class _LevelChecker:
    problems: _Problems
    definition: Definition
    level_id: str
    level: Level
    locales: Sequence[str]
    positions: dict[str, int] = attrs.field(factory=dict)
    questions: dict[str, Question] = attrs.field(factory=dict)
    calculated: dict[str, tuple[Expression | None, int]] = attrs.field(factory=dict)
    depends: dict[str, int] = attrs.field(factory=dict)  # calculated name -> last question used

    def check(self) -> None:
        prefix = f"levels.{self.level_id}"
        _check_text(self.problems, f"{prefix}.title", self.level.title, self.locales)
        if not self.level.blocks:
            self.problems.add(f"{prefix}.blocks", "a level needs at least one block")
        for question in self.level.questions:
            self.positions.setdefault(question.id, len(self.positions))
            self.questions.setdefault(question.id, question)
        self._collect_calculated()
        self._check_calculated()
        for b in range(len(self.level.blocks)):
            self._check_block(b)
        self._check_maps_to()

    # --- calculated values --------------------------------------------------------------

    def _calculated_path(self, name: str, block_index: int | None) -> str:
        where = "calculated" if block_index is None else f"blocks[{block_index}].calculated"
        return f"levels.{self.level_id}.{where}.{name}"

    def _collect_calculated(self) -> None:
        block_end = -1
        ends = []
        for block in self.level.blocks:
            block_end += len(block.questions)
            ends.append(block_end)
        for name, spec, b_index in calculated_entries(self.level):
            path = self._calculated_path(name, b_index)
            if not ID.fullmatch(name) or name in KEYWORDS:
                self.problems.add(path, f"{name!r} is not a valid name")
            text = spec.expr if isinstance(spec, Calculated) else spec
            expression = self._parse(path, text)
            scope_end = block_end if b_index is None else ends[b_index]
            self.calculated[name] = (expression, scope_end)

    def _check_calculated(self) -> None:
        for name in self.calculated:
            self.depends[name] = self._last_question_used(name, [])
        for name, spec, b_index in calculated_entries(self.level):
            expression, scope_end = self.calculated[name]
            if expression is None:
                continue
            path = self._calculated_path(name, b_index)
            if isinstance(spec, Calculated):
                path += ".expr"
            self._check_references(path, expression, scope_end + 1, "a calculated value")

    def _last_question_used(self, name: str, trail: list[str]) -> int:
        if name in trail:
            cycle = " -> ".join([*trail[trail.index(name) :], name])
            if trail[0] == name:  # reported where the walk started
                self.problems.add(self._calculated_path(name, None), f"cycle: {cycle}")
            return -1
        expression, _ = self.calculated[name]
        last = -1
        for reference in expression.references() if expression else ():
            if reference in self.positions:
                last = max(last, self.positions[reference])
            elif reference in self.calculated:
                last = max(last, self._last_question_used(reference, [*trail, name]))
        return last

    # --- blocks and questions -----------------------------------------------------------

    def _check_block(self, b: int) -> None:
        block = self.level.blocks[b]
        path = f"levels.{self.level_id}.blocks[{b}]"
        if not ID.fullmatch(block.id):
            self.problems.add(f"{path}.id", f"{block.id!r} is not a valid id")
        _check_text(self.problems, f"{path}.title", block.title, self.locales)
        if not block.questions:
            self.problems.add(f"{path}.questions", "a block needs at least one question")
            return
        if block.show_if is not None:
            first = self.positions[block.questions[0].id]
            self._check_condition(f"{path}.show_if", block.show_if, first)
        for q, question in enumerate(block.questions):
            _QuestionChecker(self, f"{path}.questions[{q}]", question).check()

    def _parse(self, path: str, text: str) -> Expression | None:
        try:
            return parse(text)
        except ExpressionError as error:
            self.problems.add(path, f"{error.message} at position {error.position}: {text!r}")
            return None

    def _check_condition(
        self, path: str, text: str, position: int, user: str = "a condition"
    ) -> None:
        expression = self._parse(path, text)
        if expression is None:
            return
        if self._check_references(path, expression, position, user):
            for reason in never_holds(expression.tree, self.questions):
                self.problems.add(path, reason)

    def _check_references(
        self, path: str, expression: Expression, position: int, user: str
    ) -> bool:
        """Report unknown and forward names; True when all names are fine."""
        fine = True
        for name in sorted(expression.references()):
            problem = self._reference_problem(name, position, user)
            if problem:
                self.problems.add(path, problem)
                fine = False
        return fine

    def _reference_problem(self, name: str, position: int, user: str) -> str | None:
        if name.startswith("profile.") and len(name) > len("profile."):
            return None
        if name.startswith("scale."):
            known = name.removeprefix("scale.") in level_scales(self.level)
            return None if known else f"unknown scale {name!r} (no option adds to it)"
        if name in self.positions:
            if self.positions[name] < position:
                return None
            scope = "earlier questions and its own" if user == "a check" else "earlier questions"
            return f"{user} may only use {scope}: {name!r} is not asked before it"
        if name in self.calculated:
            if self.depends.get(name, -1) < position:
                return None
            return f"{name!r} uses a question that is not asked before {user} that uses it"
        return self._unknown_name(name)

    def _unknown_name(self, name: str) -> str:
        for other_id, other in self.definition.levels.items():
            if other_id != self.level_id and name in {q.id for q in other.questions}:
                return (
                    f"{name!r} is a question of level {other_id}; a level sees only its own "
                    "questions and the profile"
                )
        return f"unknown name {name!r}"

    def _check_maps_to(self) -> None:
        targets: dict[str, str] = {}
        items: list[tuple[str, str | None]] = []
        for b, block in enumerate(self.level.blocks):
            for q, question in enumerate(block.questions):
                path = f"levels.{self.level_id}.blocks[{b}].questions[{q}].maps_to"
                items.append((path, question.maps_to))
        for name, spec, b_index in calculated_entries(self.level):
            if isinstance(spec, Calculated):
                items.append((self._calculated_path(name, b_index) + ".maps_to", spec.maps_to))
        for path, target in items:
            if target is None:
                continue
            if not MAPS_TO.fullmatch(target):
                self.problems.add(path, f"{target!r} is not 'instrument.item'")
            elif target in targets:
                self.problems.add(path, f"{target!r} is already fed by {targets[target]}")
            else:
                targets[target] = path


@attrs.define
class _QuestionChecker:
    level: _LevelChecker
    path: str
    question: Question

    @property
    def problems(self) -> _Problems:
        return self.level.problems

    def check(self) -> None:
        question, path = self.question, self.path
        if not ID.fullmatch(question.id) or question.id in KEYWORDS:
            self.problems.add(f"{path}.id", f"{question.id!r} is not a valid id")
        position = self.level.positions[question.id]
        for field in ("text", "hint"):
            text: LocalizedText | None = getattr(question, field)
            _check_text(self.problems, f"{path}.{field}", text, self.level.locales)
            self._check_piping(f"{path}.{field}", (text or {}).values(), position)
        _check_text(self.problems, f"{path}.unit", question.unit, self.level.locales)
        self._check_type_fields()
        if question.show_if is not None:
            self.level._check_condition(f"{path}.show_if", question.show_if, position)
        self._check_checks(position)

    def _check_checks(self, position: int) -> None:
        # A check sees the question's own answer: everything up to and including it.
        for index, check in enumerate(self.question.checks):
            where = f"{self.path}.checks[{index}]"
            self.level._check_condition(
                f"{where}.valid_if", check.valid_if, position + 1, "a check"
            )
            _check_text(self.problems, f"{where}.message", check.message, self.level.locales)
            texts = check.message.values()
            self._check_piping(f"{where}.message", texts, position + 1, in_check=True)

    def _check_type_fields(self) -> None:
        question = self.question
        allowed = TYPE_FIELDS[question.type]
        for field in sorted(TYPED_FIELDS - allowed):
            if getattr(question, field) is not None:
                self.problems.add(
                    f"{self.path}.{field}", f"key {field!r} is not used by type {question.type!r}"
                )
        if question.type in ("single", "multiple"):
            self._check_options()
        if question.type in ("integer", "decimal", "duration"):
            self._check_bounds()
        length = question.max_length
        if question.type == "text" and length is not None and not 1 <= length <= MAX_TEXT_LENGTH:
            self.problems.add(f"{self.path}.max_length", f"must be from 1 to {MAX_TEXT_LENGTH}")
        for field in ("yes_scores", "no_scores"):
            self._check_scale_names(f"{self.path}.{field}", getattr(question, field) or {})

    def _check_options(self) -> None:
        question, path = self.question, self.path
        options = question.choices
        if len(options) < 2:
            self.problems.add(f"{path}.options", "a choice question needs at least 2 options")
        seen: set[str] = set()
        for index, option in enumerate(options):
            where = f"{path}.options[{index}]"
            if not OPTION_VALUE.fullmatch(option.value):
                self.problems.add(f"{where}.value", f"{option.value!r} is not a valid value")
            if option.value in seen:
                self.problems.add(f"{where}.value", f"duplicate option value {option.value!r}")
            seen.add(option.value)
            _check_text(self.problems, f"{where}.text", option.text, self.level.locales)
            self._check_scale_names(f"{where}.scores", option.scores)
            if option.exclusive and question.type != "multiple":
                self.problems.add(
                    f"{where}.exclusive", "only multiple-choice options can be exclusive"
                )
        least = question.min_choices
        if least is not None and not 1 <= least <= max(len(options), 1):
            self.problems.add(f"{path}.min_choices", f"must be from 1 to {len(options)}")

    def _check_scale_names(self, path: str, scores: dict[str, int | float]) -> None:
        for name in scores:
            if not ID.fullmatch(name):
                self.problems.add(path, f"{name!r} is not a valid scale name")

    def _check_bounds(self) -> None:
        question, path = self.question, self.path
        low, high = question.min, question.max
        if question.type != "duration":
            for field, value in (("min", low), ("max", high)):
                if value is None:
                    self.problems.add(f"{path}.{field}", f"required for type {question.type!r}")
        whole = question.type in ("integer", "duration")
        for field, value in (("min", low), ("max", high)):
            if whole and isinstance(value, float) and not value.is_integer():
                self.problems.add(f"{path}.{field}", "must be a whole number")
        if question.type == "duration" and low is not None and low < 0:
            self.problems.add(f"{path}.min", "a duration cannot be negative")
        if low is not None and high is not None and low > high:
            self.problems.add(f"{path}.min", f"bounds inverted: min {low} is above max {high}")

    def _check_piping(
        self, path: str, texts: Iterable[str], position: int, *, in_check: bool = False
    ) -> None:
        for text in texts:
            for match in PLACEHOLDER.finditer(text):
                if match[1] is not None:
                    self._check_placeholder(path, match[1], position, in_check)
            if "{" in PLACEHOLDER.sub("", text) or "}" in PLACEHOLDER.sub("", text):
                self.problems.add(path, "unmatched brace (write {{ or }} for a literal brace)")

    def _check_placeholder(
        self, path: str, placeholder: str, position: int, in_check: bool
    ) -> None:
        kind, _, name = placeholder.partition(".")
        level = self.level
        if kind == "profile" and name:
            return
        if kind == "answer" and name in level.positions:
            if level.positions[name] >= position:
                self.problems.add(path, f"{{{placeholder}}} pipes a question not asked before")
            elif in_check and level.questions[name].type not in PIPEABLE_ANSWER_TYPES:
                self.problems.add(
                    path,
                    f"{{{placeholder}}}: a check message cannot pipe a "
                    f"{level.questions[name].type} answer; pipe a calculated value instead",
                )
            return
        if kind == "calc" and name in level.calculated:
            if level.depends.get(name, -1) >= position:
                self.problems.add(path, f"{{{placeholder}}} uses a question not asked before")
            return
        self.problems.add(
            path, f"unknown placeholder {{{placeholder}}} (use answer.ID, calc.NAME, profile.FIELD)"
        )
