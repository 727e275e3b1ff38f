"""parse_mode handling: HTML and Markdown become plain text plus entities, as in Telegram."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from .errors import ApiError, bad_request
from .markdown import parse_markdown, parse_markdown_v2

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "blockquote": "blockquote",
}


def parse_text(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """The shown text and its entities for ``text`` sent with ``parse_mode``.

    Raises:
        ApiError: 400 "can't parse entities" for malformed HTML or an unknown parse mode.
    """
    if not parse_mode:
        return text, []
    mode = parse_mode.lower()
    if mode == "html":
        return _HtmlToEntities().convert(text)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        return parse_markdown(text)
    raise bad_request(f'unsupported parse_mode "{parse_mode}"')


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _HtmlToEntities(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._text: list[str] = []
        self._offset = 0
        self._open: list[tuple[str, int, dict[str, Any]]] = []
        self._entities: list[dict[str, Any]] = []

    def convert(self, html: str) -> tuple[str, list[dict[str, Any]]]:
        self.feed(html)
        self.close()
        if self._open:
            tag = self._open[-1][0]
            raise _cant_parse(f'can\'t find end tag corresponding to start tag "{tag}"')
        self._entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self._text), self._entities

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        extra: dict[str, Any] = {}
        if tag == "a":
            href = dict(attrs).get("href")
            if not href:
                raise _cant_parse("can't find href attribute for the link")
            extra = {"type": "text_link", "url": href}
        elif tag == "span" and dict(attrs).get("class") == "tg-spoiler":
            extra = {"type": "spoiler"}
        elif tag in _SIMPLE_TAGS:
            extra = {"type": _SIMPLE_TAGS[tag]}
        else:
            raise _cant_parse(f'unsupported start tag "{tag}"')
        self._open.append((tag, self._offset, extra))

    def handle_endtag(self, tag: str) -> None:
        if not self._open or self._open[-1][0] != tag:
            raise _cant_parse(f'unexpected end tag "{tag}"')
        _, start, extra = self._open.pop()
        if self._offset > start:
            self._entities.append({**extra, "offset": start, "length": self._offset - start})

    def handle_data(self, data: str) -> None:
        self._text.append(data)
        self._offset += utf16_len(data)


def _cant_parse(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")
