"""Domains of the names a rule set may read: what values each name can take.

Every domain also admits ``None`` (not answered, instrument not taken at this level). The
static validation enumerates domains, so each one can list its values.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from sleeplab_core.scoring import Instrument


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@attrs.frozen
class BoolDomain:
    def values(self) -> tuple[object, ...]:
        return (False, True)

    def problem(self, value: object) -> str | None:
        return None if isinstance(value, bool) else "is not true or false"


@attrs.frozen
class IntDomain:
    low: int
    high: int

    def values(self) -> tuple[object, ...]:
        return tuple(range(self.low, self.high + 1))

    def problem(self, value: object) -> str | None:
        if not isinstance(value, int) or isinstance(value, bool):
            return "is not a whole number"
        return None if self.low <= value <= self.high else f"is outside {self.low}..{self.high}"


@attrs.frozen
class NumberDomain:
    """Any number in ``low..high``; ``step`` is the grid the static validation walks."""

    low: float
    high: float
    step: float

    def values(self) -> tuple[object, ...]:
        count = round((self.high - self.low) / self.step)
        return tuple(self.low + n * self.step for n in range(count + 1))

    def problem(self, value: object) -> str | None:
        if not _is_number(value):
            return "is not a number"
        inside = self.low <= value <= self.high  # type: ignore[operator]
        return None if inside else f"is outside {self.low}..{self.high}"


@attrs.frozen
class ChoiceDomain:
    options: tuple[str, ...]

    def values(self) -> tuple[object, ...]:
        return self.options

    def problem(self, value: object) -> str | None:
        return None if value in self.options else f"is not one of {', '.join(self.options)}"


Domain = BoolDomain | IntDomain | NumberDomain | ChoiceDomain


def instrument_names(instrument: Instrument) -> Mapping[str, Domain]:
    """The names an instrument's score puts into a diagnosis environment, with domains."""
    prefix = f"score.{instrument.id}"
    names: dict[str, Domain] = {
        f"{prefix}.total": IntDomain(instrument.min_total, instrument.max_total)
    }
    if instrument.bands:
        names[f"band.{instrument.id}"] = ChoiceDomain(instrument.band_names)
    low, high = instrument.component_range
    for component in instrument.components:
        names[f"{prefix}.{component}"] = IntDomain(low, high)
    return names
