"""Splitting HTML text at Telegram's limits: never cut a tag or an entity, close the tags
open at a cut and open them again in the next part; cuts fall between lines where they can."""

from __future__ import annotations

import re

LIMIT = 4096
"""Telegram's limit for a message's text (a caption's is 1,024)."""
RESERVE = 64
"""Room kept in each part for the tags closed at its end."""

_TOKEN = re.compile(r"<[^>]*>|&[#\w]+;|\n|[^<&\n]+|[<&]")
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)[^>]*>")


def split_html(text: str, limit: int = LIMIT) -> list[str]:
    """``text`` as one or more parts of at most ``limit`` characters, in order."""
    if len(text) <= limit:
        return [text]
    budget = limit - RESERVE
    parts: list[str] = []
    current = ""
    open_tags: list[tuple[str, str]] = []  # (name, opening tag), outermost first
    for token in _pieces(_TOKEN.findall(text), budget):
        closing = "".join(f"</{name}>" for name, _ in reversed(open_tags))
        if len(current) + len(token) > budget and current.strip():
            parts.append(current + closing)
            current = "".join(tag for _, tag in open_tags)
        current += token
        _track(token, open_tags)
    if current.strip():
        parts.append(current)
    return parts


def _pieces(tokens: list[str], budget: int) -> list[str]:
    """Tokens no longer than a part can hold (long runs of text cut into chunks)."""
    out: list[str] = []
    step = budget // 2
    for token in tokens:
        while len(token) > step:
            out.append(token[:step])
            token = token[step:]
        out.append(token)
    return out


def _track(token: str, open_tags: list[tuple[str, str]]) -> None:
    match = _TAG.fullmatch(token)
    if match is None:
        return
    closing, name = match.group(1) == "/", match.group(2).lower()
    if not closing:
        open_tags.append((name, token))
        return
    for i in range(len(open_tags) - 1, -1, -1):
        if open_tags[i][0] == name:
            del open_tags[i]
            return
