"""Deterministic instances of simple pydantic models, for models that cannot write JSON.

The offline provider and the fake answer structured requests with this. It fills every field
from its type: defaults win; text fields get the given text; numbers the smallest allowed
value (``ge``/``gt`` respected, else 0); booleans False; literals and enums their first value;
lists, sets and tuples one element (or as many as ``min_length`` asks); optional fields None;
nested models recursively. Anything else (unions of models, dicts with constraints, custom
validators that reject these values) raises :class:`UnsupportedShape`.
"""

from __future__ import annotations

import enum
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from sleeplab_core.kernel.errors import SleeplabError


class UnsupportedShape(SleeplabError):
    """The model has a field this builder cannot fill validly."""


def minimal_instance(model_type: type[BaseModel], text: str) -> BaseModel:
    """A valid instance of ``model_type`` whose text fields carry ``text``.

    Raises:
        UnsupportedShape: a field cannot be filled, or the result does not validate.
    """
    values = _values_for(model_type, text)
    try:
        return model_type.model_validate(values)
    except ValidationError as error:
        raise UnsupportedShape(f"{model_type.__name__}: {error}") from None


def _values_for(model_type: type[BaseModel], text: str) -> dict[str, Any]:
    return {
        name: _value_for(info.annotation, info, text)
        for name, info in model_type.model_fields.items()
        if info.is_required()
    }


def _value_for(annotation: Any, info: FieldInfo | None, text: str) -> Any:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _value_for(args[0], info, text)
    if origin in (typing.Union, types.UnionType):
        return None if type(None) in args else _value_for(args[0], None, text)
    if origin is typing.Literal:
        return args[0]
    if origin in (list, set, frozenset, tuple):
        return _sequence_for(origin, args, info, text)
    if isinstance(annotation, type):
        return _scalar_for(annotation, info, text)
    raise UnsupportedShape(f"cannot build a value of type {annotation!r}")


def _sequence_for(origin: Any, args: tuple[Any, ...], info: FieldInfo | None, text: str) -> Any:
    if origin is tuple and args and args[-1] is not Ellipsis:
        return tuple(_value_for(arg, None, text) for arg in args)
    count = max(1, int(_constraint(info, "min_length") or 0))
    items = [_value_for(args[0] if args else str, None, f"{text} ({n + 1})") for n in range(count)]
    items[0] = _value_for(args[0] if args else str, None, text)
    return items


def _scalar_for(kind: type, info: FieldInfo | None, text: str) -> Any:
    if issubclass(kind, BaseModel):
        return _values_for(kind, text)
    if issubclass(kind, enum.Enum):
        return next(iter(kind))
    if kind is bool:
        return False
    if kind in (int, float):
        return _smallest_number(kind, info)
    if kind is str:
        return _fitting_text(text, info)
    raise UnsupportedShape(f"cannot build a value of type {kind.__name__}")


def _smallest_number(kind: type, info: FieldInfo | None) -> int | float:
    ge, gt = _constraint(info, "ge"), _constraint(info, "gt")
    if ge is not None:
        return kind(ge)  # type: ignore[no-any-return]
    if gt is not None:
        return int(gt) + 1 if kind is int else float(gt) + 1.0
    return kind(0)  # type: ignore[no-any-return]


def _fitting_text(text: str, info: FieldInfo | None) -> str:
    longest = _constraint(info, "max_length")
    shortest = _constraint(info, "min_length")
    fitted = text if longest is None else text[: int(longest)]
    if shortest is not None and len(fitted) < int(shortest):
        fitted = fitted.ljust(int(shortest), ".")
    return fitted


def _constraint(info: FieldInfo | None, name: str) -> Any:
    if info is None:
        return None
    for item in info.metadata:
        value = getattr(item, name, None)
        if value is not None:
            return value
    return None
