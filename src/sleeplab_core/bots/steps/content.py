"""The bot's data files: city coordinates and the starter catalog."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import attrs

from sleeplab_core.rewards.model import PickupPoint
from sleeplab_core.rewards.ports import RewardsUnitOfWorkFactory
from sleeplab_core.rewards.text import normalise_address

Coordinates = tuple[float, float]


def _toml(name: str) -> dict[str, Any]:
    text = resources.files("sleeplab_core.bots.steps").joinpath(name).read_text("utf-8")
    return tomllib.loads(text)


@attrs.frozen
class Places:
    """Coordinates of known cities (case- and ё/е-insensitive)."""

    table: dict[str, Coordinates]

    def locate(self, city: str) -> Coordinates | None:
        return self.table.get(normalise_address(city))


def load_places() -> Places:
    return Places({normalise_address(k): (v[0], v[1]) for k, v in _toml("places.toml").items()})


async def install_starter_catalog(uow: RewardsUnitOfWorkFactory) -> None:
    """Install ``catalog.toml`` when there is no category and no pickup point yet."""
    data = _toml("catalog.toml")
    async with uow() as unit:
        store = unit.rewards
        if not await store.catalog.categories():
            for category in data["categories"]:
                added = await store.catalog.add_category(category["title"])
                for p in category["products"]:
                    await store.catalog.add_product(
                        p["code"], added.id, p["title"], p["price"], p["stock"], p["description"]
                    )
        if not await store.pickup_points.search(""):
            points = [PickupPoint(p["id"], p["full_address"]) for p in data["pickup_points"]]
            await store.pickup_points.replace_all(points)
        await unit.commit()
