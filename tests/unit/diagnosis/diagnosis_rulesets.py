"""Small rule sets written inline for the engine and validation tests."""

from __future__ import annotations

HEADER = """
[ruleset]
id = "test"
version = "7"
instruments = ["isi", "ess"]

[answers]
driving = { type = "bool" }
nights = { type = "int", min = 0, max = 7 }
"""

DEFAULT = """
[[rules]]
id = "fine"
kind = "default"
code = "no_problem"
severity = "info"
explanation = "diagnosis.no_problem.explanation"
"""


def rule(rule_id: str, when: str | None, **fields: object) -> str:
    """One ``[[rules]]`` table; ``fields`` override the defaults below."""
    values: dict[str, object] = {
        "id": rule_id,
        "code": rule_id,
        "severity": "mild",
        "explanation": f"diagnosis.{rule_id}.explanation",
        **fields,
    }
    if when is not None:
        values["when"] = when
    lines = ["[[rules]]"] + [f"{key} = {_toml(value)}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def ruleset_text(*rules: str, header: str = HEADER, default: str = DEFAULT) -> str:
    return header + default + "".join(rules)
