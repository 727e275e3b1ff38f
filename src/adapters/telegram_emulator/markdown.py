"""MarkdownV2 and legacy Markdown to plain text plus entities, strict like Telegram.

MarkdownV2 demands a backslash before every reserved character outside entities; a bare
``.`` or ``!`` is the classic "can't parse entities" error in bots, so it is checked here.
"""

from __future__ import annotations

from typing import Any

from .errors import ApiError, bad_request

RESERVED_V2 = set("_*[]()~`>#+-=|{}.!")
_OPENERS_V2 = {"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough", "||": "spoiler"}
_OPENERS_V1 = {"*": "bold", "_": "italic"}


def parse_markdown_v2(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Raises ApiError 400 for an unescaped reserved character or an unclosed entity."""
    return _Parser(text, v2=True).run()


def parse_markdown(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url); no escaping rules."""
    return _Parser(text, v2=False).run()


class _Parser:
    def __init__(self, text: str, v2: bool) -> None:
        self.src = text
        self.v2 = v2
        self.i = 0
        self.out: list[str] = []
        self.length = 0  # UTF-16 units written so far
        self.stack: list[tuple[str, int, int]] = []  # (marker, start offset, source index)
        self.entities: list[dict[str, Any]] = []

    def run(self) -> tuple[str, list[dict[str, Any]]]:
        while self.i < len(self.src):
            self._step()
        if self.stack:
            _, _, index = self.stack[-1]
            raise _cant_parse(
                f"Can't find end of the entity starting at byte offset "
                f"{len(self.src[:index].encode())}"
            )
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.out), self.entities

    def _step(self) -> None:
        char = self.src[self.i]
        if char == "\\" and self.v2 and self.i + 1 < len(self.src):
            self._emit(self.src[self.i + 1])
            self.i += 2
        elif char == "`":
            self._code()
        elif char == "[":
            self._link()
        elif self._marker_at() is not None:
            self._toggle(self._marker_at() or "")
        elif char == ">" and self.v2 and self._at_line_start():
            self._blockquote()
        elif self.v2 and char in RESERVED_V2:
            raise _cant_parse(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        else:
            self._emit(char)
            self.i += 1

    def _marker_at(self) -> str | None:
        openers = _OPENERS_V2 if self.v2 else _OPENERS_V1
        for marker in sorted(openers, key=len, reverse=True):
            if self.src.startswith(marker, self.i):
                return marker
        return None

    def _toggle(self, marker: str) -> None:
        openers = _OPENERS_V2 if self.v2 else _OPENERS_V1
        if self.stack and self.stack[-1][0] == marker:
            _, start, _ = self.stack.pop()
            self._entity(openers[marker], start)
        elif any(m == marker for m, _, _ in self.stack):
            raise _cant_parse(f"Can't find end of {openers[self.stack[-1][0]]} entity")
        else:
            self.stack.append((marker, self.length, self.i))
        self.i += len(marker)

    def _code(self) -> None:
        fence = "```" if self.src.startswith("```", self.i) else "`"
        end = self.src.find(fence, self.i + len(fence))
        if end < 0:
            raise _cant_parse(
                "Can't find end of the entity starting at byte offset "
                f"{len(self.src[: self.i].encode())}"
            )
        body = self.src[self.i + len(fence) : end]
        extra: dict[str, Any] = {}
        if fence == "```":
            first, newline, rest = body.partition("\n")
            if newline and first and " " not in first:
                extra, body = {"language": first}, rest
        start = self.length
        self._emit(_unescape(body) if self.v2 else body)
        self._entity("pre" if fence == "```" else "code", start, extra)
        self.i = end + len(fence)

    def _link(self) -> None:
        close = self.src.find("](", self.i)
        end = self.src.find(")", close + 2) if close >= 0 else -1
        if close < 0 or end < 0:
            if self.v2:
                raise _cant_parse(
                    "Character '[' is reserved and must be escaped with the preceding '\\'"
                )
            self._emit("[")
            self.i += 1
            return
        start = self.length
        inner = self.src[self.i + 1 : close]
        self._emit(_unescape(inner) if self.v2 else inner)
        self._entity("text_link", start, {"url": self.src[close + 2 : end]})
        self.i = end + 1

    def _blockquote(self) -> None:
        end = self.src.find("\n", self.i)
        end = len(self.src) if end < 0 else end
        start = self.length
        inner_text, inner_entities = _Parser(self.src[self.i + 1 : end], v2=True).run()
        for entity in inner_entities:
            self.entities.append({**entity, "offset": entity["offset"] + start})
        self._emit(inner_text)
        self._entity("blockquote", start)
        self.i = end

    def _at_line_start(self) -> bool:
        return self.i == 0 or self.src[self.i - 1] == "\n"

    def _emit(self, text: str) -> None:
        self.out.append(text)
        self.length += len(text.encode("utf-16-le")) // 2

    def _entity(self, kind: str, start: int, extra: dict[str, Any] | None = None) -> None:
        if self.length > start:
            self.entities.append(
                {"type": kind, "offset": start, "length": self.length - start, **(extra or {})}
            )


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            i += 1
        out.append(text[i])
        i += 1
    return "".join(out)


def _cant_parse(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")
