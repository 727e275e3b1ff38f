"""The one condition language of the project: questionnaire conditions, calculated values and
diagnosis rules all use it.

A hand-written tokenizer and recursive-descent parser build an immutable tree, compiled once
into closures; evaluation calls them with a mapping of dotted names. Evaluation never raises:
a missing name is ``None``, a type mismatch behaves like ``None``, division by zero gives
``None``.
The syntax is documented in ``docs/questionnaires.md`` ("The expression language").
"""

from __future__ import annotations

import functools
import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Any

import attrs

from sleeplab_core.kernel.errors import SleeplabError

__all__ = [
    "FUNCTIONS",
    "KEYWORDS",
    "Binary",
    "Call",
    "Expression",
    "ExpressionError",
    "ListExpr",
    "Literal",
    "Name",
    "Node",
    "Unary",
    "compile_node",
    "hours_between",
    "minutes_between",
    "parse",
    "to_source",
]

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})
FUNCTIONS = frozenset(
    {"answered", "all", "any", "min", "max", "round", "abs", "minutes_between", "hours_between"}
)
CLOCK_FUNCTIONS = frozenset({"minutes_between", "hours_between"})
MINUTES_PER_DAY = 24 * 60
COMPARISONS = ("=", "==", "!=", "<", "<=", ">", ">=", "in", "not in")


class ExpressionError(SleeplabError):
    """A source text that is not a valid expression.

    Attributes:
        message: what is wrong, in words.
        source: the whole source text.
        position: 0-based index in ``source`` where the problem is.
    """

    def __init__(self, message: str, source: str, position: int) -> None:
        super().__init__(f"{message} at position {position} in {source!r}")
        self.message = message
        self.source = source
        self.position = position

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.message, self.source, self.position))


# --- tree ---------------------------------------------------------------------------------

Value = object


@attrs.frozen
class Literal:
    value: Value


@attrs.frozen
class Name:
    name: str


@attrs.frozen
class ListExpr:
    items: tuple[Node, ...]


@attrs.frozen
class Unary:
    op: str  # "not" or "-"
    operand: Node


@attrs.frozen
class Binary:
    op: str  # and, or, a comparison or + - * /
    left: Node
    right: Node


@attrs.frozen
class Call:
    function: str
    args: tuple[Node, ...]


Node = Literal | Name | ListExpr | Unary | Binary | Call


# --- tokens -------------------------------------------------------------------------------


@attrs.frozen
class Token:
    kind: str  # number, string, name, op, end
    text: str
    position: int
    value: Value = None


_NUMBER = re.compile(r"\d+(\.\d+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")
_OPERATORS = ("==", "!=", "<=", ">=", "=", "<", ">", "+", "-", "*", "/", "(", ")", "[", "]", ",")
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t"}


def tokenize(source: str) -> list[Token]:
    """Split ``source`` into tokens, ending with an ``end`` token.

    Raises:
        ExpressionError: on a character or string that cannot start a token.
    """
    tokens: list[Token] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char.isspace():
            i += 1
        elif char in "'\"":
            token = _read_string(source, i)
            tokens.append(token)
            i += len(token.text)
        elif number := _NUMBER.match(source, i):
            tokens.append(_number_token(number.group(), i))
            i = number.end()
        elif name := _NAME.match(source, i):
            tokens.append(Token("name", name.group(), i))
            i = name.end()
        else:
            op = next((op for op in _OPERATORS if source.startswith(op, i)), None)
            if op is None:
                raise ExpressionError(f"unexpected character {char!r}", source, i)
            tokens.append(Token("op", op, i))
            i += len(op)
    tokens.append(Token("end", "", len(source)))
    return tokens


def _number_token(text: str, position: int) -> Token:
    value: Value = float(text) if "." in text else int(text)
    return Token("number", text, position, value)


def _read_string(source: str, start: int) -> Token:
    quote = source[start]
    chars: list[str] = []
    i = start + 1
    while i < len(source):
        char = source[i]
        if char == quote:
            return Token("string", source[start : i + 1], start, "".join(chars))
        if char == "\\":
            escaped = source[i + 1] if i + 1 < len(source) else ""
            if escaped not in _ESCAPES:
                raise ExpressionError("unknown escape in string", source, i)
            chars.append(_ESCAPES[escaped])
            i += 2
        else:
            chars.append(char)
            i += 1
    raise ExpressionError("unterminated string", source, start)


# --- parser -------------------------------------------------------------------------------


class _Parser:
    """Recursive descent; one method per precedence level, loosest first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.index = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def error(self, message: str, token: Token | None = None) -> ExpressionError:
        return ExpressionError(message, self.source, (token or self.token).position)

    def advance(self) -> Token:
        token = self.token
        self.index += 1
        return token

    def at(self, text: str) -> bool:
        return self.token.kind in ("op", "name") and self.token.text == text

    def expect(self, text: str) -> Token:
        if not self.at(text):
            found = self.token.text or "end of text"
            raise self.error(f"expected {text!r}, found {found!r}")
        return self.advance()

    def parse(self) -> Node:
        if self.token.kind == "end":
            raise self.error("empty expression")
        node = self.parse_or()
        if self.token.kind != "end":
            raise self.error(f"unexpected {self.token.text!r}")
        return node

    def parse_or(self) -> Node:
        node = self.parse_and()
        while self.at("or"):
            self.advance()
            node = Binary("or", node, self.parse_and())
        return node

    def parse_and(self) -> Node:
        node = self.parse_not()
        while self.at("and"):
            self.advance()
            node = Binary("and", node, self.parse_not())
        return node

    def parse_not(self) -> Node:
        if self.at("not"):
            self.advance()
            return Unary("not", self.parse_not())
        return self.parse_comparison()

    def parse_comparison(self) -> Node:
        left = self.parse_additive()
        op = self.comparison_operator()
        if op is None:
            return left
        node = Binary(op, left, self.parse_additive())
        if self.comparison_operator(peek=True) is not None:
            raise self.error("comparisons cannot be chained; use 'and'")
        return node

    def comparison_operator(self, *, peek: bool = False) -> str | None:
        token = self.token
        if token.kind == "op" and token.text in ("=", "==", "!=", "<", "<=", ">", ">="):
            op = "=" if token.text == "==" else token.text
            if not peek:
                self.advance()
            return op
        if self.at("in"):
            if not peek:
                self.advance()
            return "in"
        if self.at("not") and self.tokens[self.index + 1].text == "in":
            if not peek:
                self.index += 2
            return "not in"
        return None

    def parse_additive(self) -> Node:
        node = self.parse_multiplicative()
        while self.token.kind == "op" and self.token.text in ("+", "-"):
            op = self.advance().text
            node = Binary(op, node, self.parse_multiplicative())
        return node

    def parse_multiplicative(self) -> Node:
        node = self.parse_unary()
        while self.token.kind == "op" and self.token.text in ("*", "/"):
            op = self.advance().text
            node = Binary(op, node, self.parse_unary())
        return node

    def parse_unary(self) -> Node:
        if self.token.kind == "op" and self.token.text == "-":
            self.advance()
            return Unary("-", self.parse_unary())
        return self.parse_primary()

    def parse_primary(self) -> Node:
        token = self.token
        if token.kind in ("number", "string"):
            self.advance()
            return Literal(token.value)
        if token.kind == "op" and token.text == "(":
            self.advance()
            node = self.parse_or()
            self.expect(")")
            return node
        if token.kind == "op" and token.text == "[":
            return self.parse_list()
        if token.kind == "name":
            return self.parse_name()
        found = token.text or "end of text"
        raise self.error(f"expected a value, found {found!r}")

    def parse_list(self) -> Node:
        self.expect("[")
        items = self.parse_arguments("]")
        return ListExpr(items)

    def parse_arguments(self, closing: str) -> tuple[Node, ...]:
        items: list[Node] = []
        while not self.at(closing):
            items.append(self.parse_or())
            if not self.at(closing):
                self.expect(",")
        self.expect(closing)
        return tuple(items)

    def parse_name(self) -> Node:
        token = self.advance()
        literal = {"true": True, "false": False, "null": None}
        if token.text in literal:
            return Literal(literal[token.text])
        if token.text in KEYWORDS or any(part in KEYWORDS for part in token.text.split(".")):
            raise self.error(f"unexpected keyword {token.text!r}", token)
        if self.at("("):
            return self.parse_call(token)
        return Name(token.text)

    def parse_call(self, name: Token) -> Node:
        if name.text not in FUNCTIONS:
            raise self.error(f"unknown function {name.text!r}", name)
        self.expect("(")
        args = self.parse_arguments(")")
        _check_arity(self, name, args)
        return Call(name.text, args)


def _check_arity(parser: _Parser, name: Token, args: tuple[Node, ...]) -> None:
    function = name.text
    if function == "answered" and (len(args) != 1 or not isinstance(args[0], Name)):
        raise parser.error("answered() takes one name", name)
    if function in ("abs",) and len(args) != 1:
        raise parser.error(f"{function}() takes one argument", name)
    if function == "round" and len(args) not in (1, 2):
        raise parser.error("round() takes a number and optional digits", name)
    if function in CLOCK_FUNCTIONS and len(args) != 2:
        raise parser.error(f"{function}() takes two clock times 'HH:MM'", name)
    if not args:
        raise parser.error(f"{function}() needs at least one argument", name)


# --- evaluation ---------------------------------------------------------------------------


def _is_number(value: Value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number(value: Value) -> int | float | None:
    if isinstance(value, Decimal):
        return float(value)
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


_TRUTHY_TYPES = (int, float, str, list, tuple)  # bool is an int


def _truthy(value: Value) -> bool:
    if value is True or value is False:
        return value  # the common case, checked first
    return bool(value) if isinstance(value, _TRUTHY_TYPES) else False


def _equal(left: Value, right: Value) -> bool:
    if _is_number(left) and _is_number(right):
        return left == right
    if isinstance(left, list | tuple) and isinstance(right, list | tuple):
        return len(left) == len(right) and all(map(_equal, left, right))
    return type(left) is type(right) and left == right


def _compare(op: str, left: Value, right: Value) -> bool:
    if left is None or right is None:
        return False  # null tests (``x = null``) are handled before, on the syntax
    if op == "=":
        return _equal(left, right)
    if op == "!=":
        return not _equal(left, right)
    if op in ("in", "not in"):
        if not isinstance(right, list | tuple):
            return False
        found = any(_equal(left, item) for item in right)
        return found if op == "in" else not found
    return _order(op, left, right)


def _order(op: str, left: Value, right: Value) -> bool:
    both_numbers = _is_number(left) and _is_number(right)
    both_strings = isinstance(left, str) and isinstance(right, str)
    if not (both_numbers or both_strings):
        return False
    less = left < right  # type: ignore[operator]
    greater = left > right  # type: ignore[operator]
    return {"<": less, "<=": not greater, ">": greater, ">=": not less}[op] and not (
        both_numbers and (math.isnan(left) or math.isnan(right))  # type: ignore[arg-type]
    )


def _arithmetic(op: str, left: Value, right: Value) -> Value:
    a, b = _number(left), _number(right)
    if a is None or b is None:
        return None
    try:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        return None if b == 0 else a / b
    except OverflowError:
        return None


def _round(value: Value, digits: Value = 0) -> Value:
    number, places = _number(value), _number(digits)
    if number is None or not isinstance(places, int) or not -20 <= places <= 20:
        return None
    if isinstance(number, float) and not math.isfinite(number):
        return None
    with localcontext() as context:
        context.prec = 400  # wide enough for any float or a large integer answer
        try:
            rounded = Decimal(repr(number)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        except InvalidOperation:
            return None
    return int(rounded) if places <= 0 else float(rounded)


def _extreme(pick: Callable[[Sequence[float]], float], values: Sequence[Value]) -> Value:
    numbers = [_number(value) for value in values]
    if any(number is None for number in numbers):
        return None
    return pick(numbers)  # type: ignore[arg-type]


_CLOCK = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def _clock_minutes(value: Value) -> int | None:
    """Minutes after midnight of an ``'HH:MM'`` string, or None for anything else."""
    match = _CLOCK.fullmatch(value) if isinstance(value, str) else None
    return None if match is None else int(match[1]) * 60 + int(match[2])


def minutes_between(start: Value, end: Value) -> int | None:
    """Minutes from clock time ``start`` to clock time ``end``, the next day when ``end`` is
    earlier on the clock: ``'23:00'`` to ``'07:00'`` is 480. Equal times give 0, not 1440 (as
    the PSQI reads a rise time equal to the bedtime: no time in bed, an invalid night), so the
    result is always in ``0..1439``. None when either value is not an ``'HH:MM'`` string."""
    a, b = _clock_minutes(start), _clock_minutes(end)
    return None if a is None or b is None else (b - a) % MINUTES_PER_DAY


def hours_between(start: Value, end: Value) -> float | None:
    """:func:`minutes_between` in hours, always a decimal (``'23:00'`` to ``'06:30'`` is 7.5)."""
    minutes = minutes_between(start, end)
    return None if minutes is None else minutes / 60


_NULL = Literal(None)


class _Evaluator:
    def __init__(self, env: Mapping[str, object]) -> None:
        self.env = env

    def value(self, node: Node) -> Value:
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Name):
            found = self.env.get(node.name)
            return float(found) if isinstance(found, Decimal) else found
        if isinstance(node, ListExpr):
            return [self.value(item) for item in node.items]
        if isinstance(node, Unary):
            return self.unary(node)
        if isinstance(node, Binary):
            return self.binary(node)
        return self.call(node)

    def unary(self, node: Unary) -> Value:
        if node.op == "not":
            return not _truthy(self.value(node.operand))
        number = _number(self.value(node.operand))
        return None if number is None else -number

    def binary(self, node: Binary) -> Value:
        if node.op == "and":
            return _truthy(self.value(node.left)) and _truthy(self.value(node.right))
        if node.op == "or":
            return _truthy(self.value(node.left)) or _truthy(self.value(node.right))
        if node.op in ("=", "!=") and _NULL in (node.left, node.right):
            other = node.right if node.left == _NULL else node.left
            return (self.value(other) is None) == (node.op == "=")
        left, right = self.value(node.left), self.value(node.right)
        if node.op in COMPARISONS:
            return _compare(node.op, left, right)
        return _arithmetic(node.op, left, right)

    def call(self, node: Call) -> Value:
        if node.function == "answered":
            return self.value(node.args[0]) is not None
        values = [self.value(arg) for arg in node.args]
        if node.function == "all":
            return all(map(_truthy, values))
        if node.function == "any":
            return any(map(_truthy, values))
        if node.function == "min":
            return _extreme(min, values)
        if node.function == "max":
            return _extreme(max, values)
        if node.function == "round":
            return _round(*values)
        if node.function == "minutes_between":
            return minutes_between(*values)
        if node.function == "hours_between":
            return hours_between(*values)
        number = _number(values[0])
        return None if number is None else abs(number)


# --- compilation --------------------------------------------------------------------------
# Each node becomes a closure over its children's closures, built once when the expression
# is parsed: evaluating does no type dispatch on the tree and no operator look-ups. The
# closures give exactly what the tree walk above gives (property-tested).

Env = Mapping[str, object]
Compiled = Callable[[Env], Value]

_FUNCTION_BODIES: dict[str, Callable[[list[Value]], Value]] = {
    "all": lambda args: all(map(_truthy, args)),
    "any": lambda args: any(map(_truthy, args)),
    "min": lambda args: _extreme(min, args),
    "max": lambda args: _extreme(max, args),
    "round": lambda args: _round(*args),
    "minutes_between": lambda args: minutes_between(*args),
    "hours_between": lambda args: hours_between(*args),
    "abs": lambda args: _absolute(args[0]),
}


def _absolute(value: Value) -> Value:
    number = _number(value)
    return None if number is None else abs(number)


def compile_node(node: Node) -> Compiled:
    """A function of the environment giving the value of ``node``."""
    if isinstance(node, Literal):
        constant = node.value
        return lambda env: constant
    if isinstance(node, Name):
        return _compile_name(node.name)
    if isinstance(node, ListExpr):
        items = tuple(map(compile_node, node.items))
        return lambda env: [item(env) for item in items]
    if isinstance(node, Unary):
        return _compile_unary(node)
    if isinstance(node, Binary):
        return _compile_binary(node)
    return _compile_call(node)


def _compile_name(name: str) -> Compiled:
    def read(env: Env) -> Value:
        found = env.get(name)
        return float(found) if isinstance(found, Decimal) else found

    return read


def _compile_unary(node: Unary) -> Compiled:
    operand = compile_node(node.operand)
    if node.op == "not":
        return lambda env: not _truthy(operand(env))

    def negate(env: Env) -> Value:
        number = _number(operand(env))
        return None if number is None else -number

    return negate


def _compile_binary(node: Binary) -> Compiled:
    op = node.op
    if op in ("=", "!=") and _NULL in (node.left, node.right):
        other = compile_node(node.right if node.left == _NULL else node.left)
        wanted = op == "="
        return lambda env: (other(env) is None) == wanted
    if op in COMPARISONS:
        return _compile_comparison(node)
    left, right = compile_node(node.left), compile_node(node.right)
    if op == "and":
        return lambda env: _truthy(left(env)) and _truthy(right(env))
    if op == "or":
        return lambda env: _truthy(left(env)) or _truthy(right(env))
    return lambda env: _arithmetic(op, left(env), right(env))


def _compile_comparison(node: Binary) -> Compiled:
    """Comparisons with a constant on the right (most conditions) get a closure that tests
    the type once and compares directly; anything else goes through :func:`_compare`."""
    op, left = node.op, compile_node(node.left)
    constant = node.right.value if isinstance(node.right, Literal) else None
    if op in _ORDERS and _is_number(constant) and not math.isnan(constant):  # type: ignore[arg-type]
        if isinstance(node.left, Name):
            return _compare_name_to_number(_ORDERS[op], node.left.name, constant)
        return _compare_to_number(_ORDERS[op], left, constant)
    if op == "=" and isinstance(constant, str | bool):
        kind = type(constant)
        return lambda env: type(value := left(env)) is kind and value == constant
    if op == "in" and _all_text_literals(node.right):
        options = frozenset(item.value for item in node.right.items)  # type: ignore[union-attr]
        return lambda env: type(value := left(env)) is str and value in options
    right = compile_node(node.right)
    return lambda env: _compare(op, left(env), right(env))


_ORDERS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _compare_to_number(
    order: Callable[[Value, Value], bool], left: Compiled, constant: Value
) -> Compiled:
    def compare(env: Env) -> Value:
        value = left(env)
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        return is_number and value == value and order(value, constant)  # NaN != NaN

    return compare


def _compare_name_to_number(
    order: Callable[[Value, Value], bool], name: str, constant: Value
) -> Compiled:
    """``name < 3`` and the like, the commonest condition: the name read inline."""

    def compare(env: Env) -> Value:
        value = env.get(name)
        kind = value.__class__
        if kind is not int and kind is not float:  # the common cases first
            if isinstance(value, Decimal):
                value = float(value)
            elif not isinstance(value, int | float) or isinstance(value, bool):
                return False
        return value == value and order(value, constant)  # NaN != NaN

    return compare


def _all_text_literals(node: Node) -> bool:
    return isinstance(node, ListExpr) and all(
        isinstance(item, Literal) and isinstance(item.value, str) for item in node.items
    )


def _gives_bool(node: Node) -> bool:
    """Whether the compiled closure of ``node`` always returns a ``bool``."""
    if isinstance(node, Binary):
        return node.op in ("and", "or") or node.op in COMPARISONS
    if isinstance(node, Unary):
        return node.op == "not"
    return isinstance(node, Call) and node.function in ("answered", "all", "any")


def _compile_call(node: Call) -> Compiled:
    args = tuple(map(compile_node, node.args))
    if node.function == "answered":
        first = args[0]
        return lambda env: first(env) is not None
    body = _FUNCTION_BODIES[node.function]
    return lambda env: body([arg(env) for arg in args])


# --- printing -----------------------------------------------------------------------------


def to_source(node: Node) -> str:
    """A canonical, fully parenthesized source text that parses back to ``node``."""
    if isinstance(node, Literal):
        return _literal_source(node.value)
    if isinstance(node, Name):
        return node.name
    if isinstance(node, ListExpr):
        return "[" + ", ".join(map(to_source, node.items)) + "]"
    if isinstance(node, Unary):
        space = " " if node.op == "not" else ""
        return f"({node.op}{space}{to_source(node.operand)})"
    if isinstance(node, Binary):
        return f"({to_source(node.left)} {node.op} {to_source(node.right)})"
    return f"{node.function}(" + ", ".join(map(to_source, node.args)) + ")"


def _literal_source(value: Value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace("'", "\\'")
        return "'" + escaped.replace("\n", "\\n").replace("\t", "\\t") + "'"
    text = repr(value)
    if isinstance(value, float) and "e" in text:
        text = format(Decimal(text), "f")  # the tokenizer reads no exponents
        text = text if "." in text else text + ".0"
    return text


def _references(node: Node) -> frozenset[str]:
    if isinstance(node, Name):
        return frozenset({node.name})
    if isinstance(node, Unary):
        return _references(node.operand)
    if isinstance(node, Binary):
        return _references(node.left) | _references(node.right)
    if isinstance(node, ListExpr | Call):
        children = node.items if isinstance(node, ListExpr) else node.args
        return frozenset().union(*map(_references, children))
    return frozenset()


# --- public API ---------------------------------------------------------------------------


@attrs.frozen
class Expression:
    """A parsed expression: immutable, hashable, safe to cache and share.

    Attributes:
        source: the text it was parsed from.
        tree: the syntax tree (``Literal``, ``Name``, ``ListExpr``, ``Unary``, ``Binary``,
            ``Call`` nodes).

    The tree is compiled into closures once, when the expression is built.
    """

    source: str
    tree: Node = attrs.field(eq=False, repr=False)
    _compiled: Compiled = attrs.field(init=False, eq=False, repr=False)

    predicate: Callable[[Env], bool] = attrs.field(init=False, eq=False, repr=False)
    """The compiled :meth:`holds`, for callers that evaluate the same condition often."""

    @_compiled.default
    def _compile(self) -> Compiled:
        return compile_node(self.tree)

    @predicate.default
    def _compile_holds(self) -> Callable[[Env], bool]:
        if _gives_bool(self.tree):
            return self._compiled  # type: ignore[return-value]
        compiled = self._compiled
        return lambda env: _truthy(compiled(env))

    def evaluate(self, env: Mapping[str, object]) -> object:
        """The value of the expression with ``env`` mapping dotted names to values.

        Never raises: missing names are ``None``; see the module docs for ``None`` rules.
        """
        return self._compiled(env)

    def interpret(self, env: Mapping[str, object]) -> object:
        """The same value as :meth:`evaluate`, by walking the tree (the reference semantics
        the compiled closures are tested against)."""
        return _Evaluator(env).value(self.tree)

    def holds(self, env: Mapping[str, object]) -> bool:
        """Whether the expression is true (``None``, ``False``, ``0``, ``''``, ``[]`` are not)."""
        return self.predicate(env)

    def references(self) -> frozenset[str]:
        """Every name the expression reads, including the argument of ``answered()``."""
        return _references(self.tree)

    @property
    def canonical(self) -> str:
        """A fully parenthesized source that parses back to the same tree."""
        return to_source(self.tree)

    def __str__(self) -> str:
        return self.source

    def __reduce__(self) -> tuple[object, ...]:
        return (parse, (self.source,))  # closures do not pickle; the source rebuilds them


@functools.lru_cache(maxsize=4096)
def parse(source: str) -> Expression:
    """Parse ``source`` into an :class:`Expression` (results are cached).

    Raises:
        ExpressionError: when ``source`` is not a valid expression; ``position`` points at the
            offending token.
    """
    if not isinstance(source, str):
        raise ExpressionError("an expression must be text", str(source), 0)
    if len(source) > MAX_SOURCE_LENGTH:
        raise ExpressionError(
            f"expression longer than {MAX_SOURCE_LENGTH} characters", source, MAX_SOURCE_LENGTH
        )
    try:
        tree = _Parser(source).parse()
        if (depth := nesting_depth(tree)) > MAX_DEPTH:
            raise ExpressionError(
                f"expression nested {depth} levels deep (at most {MAX_DEPTH})", source, 0
            )
        return Expression(source, tree)
    except RecursionError:  # a nesting the parser or compiler cannot follow
        message = f"expression nested too deeply (at most {MAX_DEPTH} levels)"
        raise ExpressionError(message, source, 0) from None


MAX_DEPTH = 100
"""The deepest expression tree accepted: every walk over a tree (checks, compilation,
evaluation) recurses, so a deeper one would end in a ``RecursionError`` somewhere later."""
MAX_SOURCE_LENGTH = 20_000
"""The longest expression source accepted (a condition is a line or a few)."""


def nesting_depth(tree: Node) -> int:
    """How deep ``tree`` is (a leaf is 1), measured without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        match node:
            case Unary(operand=operand):
                stack.append((operand, depth + 1))
            case Binary(left=left, right=right):
                stack += [(left, depth + 1), (right, depth + 1)]
            case ListExpr(items=children) | Call(args=children):
                stack += [(child, depth + 1) for child in children]
    return deepest
