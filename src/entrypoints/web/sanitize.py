"""Text from a caller, made safe to echo or log: no control characters, bounded length.

A field name with a newline could otherwise forge a separate log line, and a 30 KB one would
fill the log; ``printable`` escapes every control or format character (``\\n`` → ``\\x0a``)
and cuts the text to ``limit`` characters.
"""

from __future__ import annotations

import unicodedata

DEFAULT_LIMIT = 80
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def printable(text: object, limit: int = DEFAULT_LIMIT) -> str:
    """``text`` with control characters escaped, at most ``limit`` characters (then ``…``)."""
    value = str(text)
    cut = len(value) > limit
    safe = "".join(_escaped(char) for char in value[:limit])
    return f"{safe}…" if cut else safe


def _escaped(char: str) -> str:
    if unicodedata.category(char) in _UNSAFE_CATEGORIES:
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char
