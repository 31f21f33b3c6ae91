"""Splitting HTML at Telegram's limit: nothing lost, nothing over the limit, tags balanced."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.chat.views.split import split_html

TAG = re.compile(r"<[^>]*>")


def plain(text: str) -> str:
    return html.unescape(TAG.sub("", text))


def balanced(part: str) -> bool:
    stack: list[str] = []
    for m in re.finditer(r"<(/?)(\w+)[^>]*>", part):
        if m.group(1):
            if not stack or stack.pop() != m.group(2):
                return False
        else:
            stack.append(m.group(2))
    return not stack


def test_short_text_is_one_part() -> None:
    assert split_html("<b>#1</b> 好的") == ["<b>#1</b> 好的"]


def test_a_bold_run_cut_in_two_is_closed_and_reopened() -> None:
    text = "<b>" + "很长" * 3000 + "</b>"
    parts = split_html(text)
    assert len(parts) >= 2 and all(len(p) <= 4096 and balanced(p) for p in parts)
    assert all(p.startswith("<b>") and p.endswith("</b>") for p in parts)
    assert "".join(plain(p) for p in parts) == "很长" * 3000


def test_entities_are_never_cut() -> None:
    text = "&amp;&lt;&gt;" * 2000
    parts = split_html(text, limit=500)
    assert all(not re.search(r"&[#\w]*$", p) for p in parts)
    assert "".join(plain(p) for p in parts) == "&<>" * 2000


pieces = st.one_of(
    st.text(alphabet="车位停晾衣abc 12\n", min_size=1, max_size=400),
    st.sampled_from(["<b>", "</b>", "<i>", "</i>", "&amp;", "&lt;", "\n\n"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(pieces, max_size=80), st.integers(min_value=200, max_value=4096))
def test_any_text_survives_splitting(chunks: list[str], limit: int) -> None:
    text = _well_formed("".join(chunks))
    parts = split_html(text, limit)
    assert all(len(p) <= limit for p in parts)
    assert all(balanced(p) for p in parts)
    assert "".join(plain(p) for p in parts).replace("\n", "").replace(" ", "") == plain(
        text
    ).replace("\n", "").replace(" ", "")


def _well_formed(text: str) -> str:
    """Drop tags that would not pair up (the renderer only ever makes well-formed HTML)."""
    out, stack = [], []
    for token in re.split(r"(<[^>]*>)", text):
        m = re.fullmatch(r"<(/?)(\w+)>", token)
        if m is None:
            out.append(token)
        elif not m.group(1):
            stack.append(m.group(2))
            out.append(token)
        elif stack and stack[-1] == m.group(2):
            stack.pop()
            out.append(token)
    out.extend(f"</{name}>" for name in reversed(stack))
    return "".join(out)
