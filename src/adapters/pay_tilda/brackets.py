"""PHP-style bracket keys (``payment[products][0][name]``) into nested dicts and lists."""

from __future__ import annotations

import re
from collections.abc import Mapping

from adapters.pay_tilda.errors import MalformedWebhook

MAX_DEPTH = 4
MAX_INDEX = 500
_KEY = re.compile(r"(?P<head>[^\[\]]+)(?P<rest>(?:\[[^\[\]]*\])*)")
_PART = re.compile(r"\[([^\[\]]*)\]")

Nested = dict[str, "Nested"] | list["Nested"] | str


def unflatten(fields: Mapping[str, str], root: str) -> Nested | None:
    """The value under ``root`` built from keys ``root[a][0][b]``; None when there is none.

    Raises:
        MalformedWebhook: keys too deep, indexes too large, or a key used as both a value
            and a container.
    """
    tree: dict[str, object] = {}
    for key, value in fields.items():
        match = _KEY.fullmatch(key)
        if match is None or match["head"] != root or not match["rest"]:
            continue
        path = _PART.findall(match["rest"])
        if len(path) > MAX_DEPTH or "" in path:
            raise MalformedWebhook("unsupported bracket key", field=key[:80])
        _place(tree, path, value, key)
    return _listify(tree) if tree else None


def _place(tree: dict[str, object], path: list[str], value: str, key: str) -> None:
    node = tree
    for part in path[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise MalformedWebhook("a value is also used as a group", field=key[:80])
        node = child
    if isinstance(node.get(path[-1]), dict):
        raise MalformedWebhook("a group is also used as a value", field=key[:80])
    node[path[-1]] = value


def _listify(node: object) -> Nested:
    """Dicts whose keys are all indexes become lists in index order."""
    if isinstance(node, str):
        return node
    assert isinstance(node, dict)
    children = {k: _listify(v) for k, v in node.items()}
    if children and all(k.isascii() and k.isdigit() for k in children):
        if any(int(k) > MAX_INDEX for k in children):
            raise MalformedWebhook(f"more than {MAX_INDEX} items", field="payment")
        return [children[k] for k in sorted(children, key=int)]
    return children
