"""Normalisation: script, width, noise, length."""

from __future__ import annotations

import pytest

from intents.normalize import MAX_CHARS, normalize, split_clauses
from intents.pinyin import segment_latin, to_units


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("樓道裡堆放雜物", "楼道里堆放杂物"),
        ("電子社保卡", "电子社保卡"),
        ("ＡＰＰ１２３３３", "app12333"),
        ("停车😡😡难", "停车，难"),
        ("\x00\x07停车\u200b难", "停车，难"),
        ("<b>停车</b> &amp;", "b 停车，b amp"),
        ("  停车  难 ", "停车，难"),
        ("wo yao  ting che", "wo yao ting che"),
        ("停车难！！！还有，，垃圾。", "停车难，还有，垃圾"),
        ("😀🙏👍", ""),
        ("", ""),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_long_input_is_capped() -> None:
    assert len(normalize("停车难" * 5000)) == MAX_CHARS


def test_split_clauses_drops_empty_pieces() -> None:
    assert split_clauses(normalize("不是停车的问题，是楼道里堆满了东西。")) == [
        "不是停车的问题",
        "是楼道里堆满了东西",
    ]
    assert split_clauses("") == []


def test_pinyin_segmentation_and_units() -> None:
    assert segment_latin("tingche") == ("ting", "che")
    assert segment_latin("shebaoka") == ("she", "bao", "ka")
    assert segment_latin("xyzq") is None
    units = to_units("亭车tingche")
    assert units.keys[:2] == units.keys[2:]
    assert units.hanzi == (True, True, False, False)
