"""Parse and validate an areas YAML file into a tree, naming the line of every mistake."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.services.errors import AreaFileError
from storage.models import AreaLevel

LEVEL_ORDER: tuple[AreaLevel, ...] = (
    AreaLevel.DISTRICT,
    AreaLevel.SUBDISTRICT,
    AreaLevel.COMMUNITY,
    AreaLevel.GRID,
    AreaLevel.MICRO_GRID,
)
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
KNOWN_KEYS = {"code", "name", "level", "default", "children", "__line__"}


@dataclass
class AreaNode:
    """One validated area from the file."""

    code: str
    name: str
    level: AreaLevel
    line: int
    is_default: bool = False
    children: list[AreaNode] = field(default_factory=list)

    def walk(self) -> list[AreaNode]:
        """This node and all below it, parents before children."""
        nodes = [self]
        for child in self.children:
            nodes.extend(child.walk())
        return nodes


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records each mapping's line number under ``__line__``."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping  # type: ignore[return-value]


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def parse_area_file(path: Path) -> list[AreaNode]:
    """Read and validate a whole areas file; raise AreaFileError on the first mistake."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except OSError as exc:
        raise AreaFileError(f"{path}: cannot read file: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise AreaFileError(f"{path}: not valid YAML: {exc}") from exc
    items = raw.get("areas") if isinstance(raw, dict) else raw
    if not isinstance(items, list) or not items:
        raise AreaFileError(f"{path}: expected a top-level list 'areas:' with at least one area")
    roots = [_node(item, path, None, 1) for item in items]
    _check_unique(roots, path)
    return roots


def _node(item: Any, path: Path, parent: AreaLevel | None, line: int) -> AreaNode:
    if not isinstance(item, dict):
        raise AreaFileError(f"{path}:{line}: each area must be a mapping with code and name")
    line = int(item.get("__line__", line))
    unknown = set(item) - KNOWN_KEYS
    if unknown:
        raise AreaFileError(f"{path}:{line}: unknown field(s) {', '.join(sorted(unknown))}")
    code = item.get("code")
    if not isinstance(code, str) or not CODE_RE.match(code):
        raise AreaFileError(
            f"{path}:{line}: field 'code' must be 1-40 letters, digits, '-', '_' or '.' "
            f"(got {code!r})"
        )
    name = item.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 100:
        raise AreaFileError(f"{path}:{line}: field 'name' of {code} must be a non-empty text")
    level = _level(item.get("level"), parent, path, line, code)
    default = item.get("default", False)
    if not isinstance(default, bool):
        raise AreaFileError(f"{path}:{line}: field 'default' of {code} must be true or false")
    children = item.get("children") or []
    if not isinstance(children, list):
        raise AreaFileError(f"{path}:{line}: field 'children' of {code} must be a list")
    node = AreaNode(code=code, name=name.strip(), level=level, line=line, is_default=default)
    node.children = [_node(child, path, level, line) for child in children]
    return node


def _level(value: Any, parent: AreaLevel | None, path: Path, line: int, code: str) -> AreaLevel:
    expected = LEVEL_ORDER[0] if parent is None else _below(parent, path, line, code)
    if value is None:
        return expected
    try:
        level = AreaLevel(value)
    except ValueError:
        names = ", ".join(lv.value for lv in LEVEL_ORDER)
        raise AreaFileError(
            f"{path}:{line}: field 'level' of {code} must be one of {names}"
        ) from None
    if parent is not None and level != expected:
        raise AreaFileError(
            f"{path}:{line}: field 'level' of {code} is {level.value}, "
            f"but under a {parent.value} it must be {expected.value}"
        )
    return level


def _below(parent: AreaLevel, path: Path, line: int, code: str) -> AreaLevel:
    index = LEVEL_ORDER.index(parent)
    if index + 1 >= len(LEVEL_ORDER):
        raise AreaFileError(f"{path}:{line}: {code}: a micro_grid cannot have children")
    return LEVEL_ORDER[index + 1]


def _check_unique(roots: list[AreaNode], path: Path) -> None:
    seen: dict[str, int] = {}
    for node in (n for root in roots for n in root.walk()):
        if node.code in seen:
            raise AreaFileError(
                f"{path}:{node.line}: code {node.code!r} is used again (first on line "
                f"{seen[node.code]})"
            )
        seen[node.code] = node.line
