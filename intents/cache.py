"""Start-up cache: the built phrase index, similarity model and pinyin tables, pickled.

Building these takes most of a cold start (pypinyin's dictionaries alone cost ~0.3 s to
import). The pickle lives in the temp directory, keyed by a hash of everything it was built
from (catalogue, example bank, this package's source, Python version), and is rebuilt when
missing, stale or unreadable.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["cache_key", "load", "save"]

logger = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parent
_FORMAT = b"gridbot-intents-cache-1"


def cache_key(*parts: bytes) -> str:
    """A hash of the given inputs, this package's source files and the Python version."""
    digest = hashlib.sha1(_FORMAT)
    digest.update(sys.version.encode())
    for source in sorted(_PACKAGE.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()[:20]


def _path(key: str) -> Path:
    return Path(tempfile.gettempdir()) / f"gridbot-intents-{key}.pickle"


def load(key: str) -> dict[str, Any] | None:
    """The cached state for this key, or None when there is none (or it is unreadable)."""
    path = _path(key)
    try:
        with path.open("rb") as f:
            state = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception:  # a corrupt or incompatible cache is simply rebuilt
        logger.warning("ignoring unreadable intents cache %s", path, exc_info=True)
        return None
    return state if isinstance(state, dict) else None


def save(key: str, state: dict[str, Any]) -> None:
    """Write the state atomically; failures only cost the next start-up time."""
    path = _path(key)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="gridbot-intents-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        logger.info("wrote intents cache %s", path)
    except (OSError, pickle.PicklingError, TypeError):
        logger.warning("cannot write intents cache %s", path, exc_info=True)
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
