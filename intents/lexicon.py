"""Word segmentation with jieba: a trimmed dictionary plus the catalogue phrases."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import jieba

__all__ = ["Lexicon"]

logger = logging.getLogger(__name__)

_MIN_FREQ = 20
"""Words rarer than this in jieba's dictionary are dropped: they only slow start-up down."""
_USER_FREQ = 2000
_REAL_WORD_FREQ = 50


def _trimmed_dictionary() -> Path | None:
    """Write (once per machine) jieba's dictionary without its rare words; None if impossible."""
    source = Path(jieba.__file__).with_name("dict.txt")
    try:
        stamp = f"{jieba.__version__}:{source.stat().st_size}:{_MIN_FREQ}".encode()
        target = Path(tempfile.gettempdir()) / (
            f"gridbot-jieba-{hashlib.sha1(stamp).hexdigest()[:12]}.txt"
        )
        if target.is_file():
            return target
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with source.open("rb") as src, os.fdopen(fd, "wb") as out:
            out.writelines(line for line in src if int(line.split(b" ", 2)[1]) >= _MIN_FREQ)
        os.replace(tmp, target)
        logger.info("wrote trimmed jieba dictionary %s", target)
        return target
    except (OSError, ValueError, IndexError):
        logger.warning("cannot write a trimmed jieba dictionary; using the full one", exc_info=True)
        return None


class Lexicon:
    """A private jieba tokenizer: token boundaries and 'is this a real word' look-ups."""

    def __init__(self, user_words: Iterable[str]) -> None:
        """Load the dictionary (from jieba's cache when warm) and add the catalogue phrases."""
        jieba.setLogLevel(logging.WARNING)
        dictionary = _trimmed_dictionary()
        self._tokenizer = jieba.Tokenizer(str(dictionary) if dictionary else jieba.DEFAULT_DICT)
        self._tokenizer.initialize()
        self._user_words = set()
        for word in user_words:
            if word and not word.isascii():
                self._tokenizer.add_word(word, _USER_FREQ)
                self._user_words.add(word)

    def boundaries(self, text: str) -> frozenset[int]:
        """Character offsets where jieba's tokens start or end."""
        cuts = {0}
        pos = 0
        for token in self._tokenizer.cut(text, HMM=False):
            pos += len(token)
            cuts.add(pos)
        return frozenset(cuts)

    def is_other_word(self, text: str) -> bool:
        """True when the text is a common dictionary word that is not a catalogue phrase."""
        if text in self._user_words:
            return False
        freq: int = self._tokenizer.FREQ.get(text, 0)
        return freq >= _REAL_WORD_FREQ
