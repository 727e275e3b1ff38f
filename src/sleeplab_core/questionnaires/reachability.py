"""Finding comparisons in a condition that can never hold, given the questions' types.

Only clear cases are reported: comparing a choice answer with a value it does not offer, a
yes/no answer with a non-boolean, a number answer with a string or a value outside its bounds,
a time answer with something that is not ``'HH:MM'``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from sleeplab_core.kernel.expressions import Binary, Call, ListExpr, Literal, Name, Node, Unary
from sleeplab_core.questionnaires.model import Question

_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}
_CLOCK = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def never_holds(tree: Node, questions: Mapping[str, Question]) -> list[str]:
    """Comparisons inside ``tree`` with a value the answer can never have, explained.

    A ``=``, ``in`` or ordering comparison then never holds; a ``!=`` or ``not in`` always
    holds. Both are reported (empty list when nothing is found).
    """
    found: list[str] = []
    for node in _walk(tree):
        reasons = _comparison_problems(node, questions)
        negated = isinstance(node, Binary) and node.op in ("!=", "not in")
        prefix = "comparison always holds" if negated else "condition can never hold"
        found.extend(f"{prefix}: {reason}" for reason in reasons)
    return found


def _walk(node: Node) -> Iterator[Node]:
    yield node
    if isinstance(node, Unary):
        yield from _walk(node.operand)
    elif isinstance(node, Binary):
        yield from _walk(node.left)
        yield from _walk(node.right)
    elif isinstance(node, ListExpr | Call):
        for child in node.items if isinstance(node, ListExpr) else node.args:
            yield from _walk(child)


def _literals(node: Node) -> list[object] | None:
    if isinstance(node, Literal):
        return [node.value]
    if isinstance(node, ListExpr) and all(isinstance(item, Literal) for item in node.items):
        return [item.value for item in node.items if isinstance(item, Literal)]
    return None


def _comparison_problems(node: Node, questions: Mapping[str, Question]) -> list[str]:
    if not isinstance(node, Binary) or node.op in ("and", "or", "+", "-", "*", "/"):
        return []
    left, right, op = node.left, node.right, node.op
    if op in ("in", "not in"):
        return _membership_problems(left, right, questions)
    if isinstance(left, Literal) and isinstance(right, Name):
        left, right, op = right, left, _FLIPPED[op]
    if not (isinstance(left, Name) and isinstance(right, Literal)) or right.value is None:
        return []
    question = questions.get(left.name)
    return [] if question is None else _value_problems(question, op, right.value)


def _membership_problems(left: Node, right: Node, questions: Mapping[str, Question]) -> list[str]:
    if isinstance(left, Name) and left.name in questions:
        values = _literals(right)
        question = questions[left.name]
        if values is not None and question.type != "multiple":
            return [
                p
                for value in values
                if value is not None
                for p in _value_problems(question, "=", value)
            ]
    if isinstance(right, Name) and right.name in questions:
        question = questions[right.name]
        values = _literals(left)
        if question.type == "multiple" and values is not None:
            return [p for value in values for p in _option_problems(question, value)]
    return []


def _value_problems(question: Question, op: str, value: object) -> list[str]:
    kind = question.type
    if kind == "single" and op in ("=", "!="):
        return _option_problems(question, value)
    if kind == "multiple" and op == "=" and not isinstance(value, list):
        return [f"{question.id!r} is a list of options; write 'value' in {question.id}"]
    if kind == "yes_no" and not isinstance(value, bool):
        return [f"{question.id!r} is yes/no (true or false), not {value!r}"]
    if kind in ("integer", "decimal", "duration"):
        return _number_problems(question, op, value)
    if kind == "time" and not (isinstance(value, str) and _CLOCK.fullmatch(value)):
        return [f"{question.id!r} is a time 'HH:MM', not {value!r}"]
    return []


def _option_problems(question: Question, value: object) -> list[str]:
    offered = [option.value for option in question.choices]
    if value in offered:
        return []
    return [f"{value!r} is not an option of {question.id!r} (options: {', '.join(offered)})"]


def _number_problems(question: Question, op: str, value: object) -> list[str]:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return [f"{question.id!r} is a number, not {value!r}"]
    low = question.min if question.min is not None else (0 if question.type == "duration" else None)
    high = (
        question.max
        if question.max is not None
        else (1440 if question.type == "duration" else None)
    )
    if low is None or high is None:
        return []
    impossible = {
        "=": not low <= value <= high,
        ">": value >= high,
        ">=": value > high,
        "<": value <= low,
        "<=": value < low,
    }.get(op, False)
    if impossible:
        return [f"{question.id!r} is from {low} to {high}, so '{op} {value}' is never true"]
    return []
