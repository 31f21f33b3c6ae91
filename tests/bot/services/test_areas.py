"""Importing the area hierarchy: idempotent, validated, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import Services
from bot.services.errors import AreaFileError
from storage.models import AreaLevel
from storage.uow import unit_of_work


async def test_example_file_imports_whole_hierarchy(services: Services, areas_file: Path) -> None:
    report = await services.areas.import_file(areas_file)
    assert report.created == 66 and report.updated == 0
    assert report.by_level == {"district": 4, "subdistrict": 10, "community": 13, "grid": 39}
    async with unit_of_work(services.sessions) as repos:
        caileng = await repos.areas.by_code("cailing")
        assert caileng is not None and caileng.name == "采菱社区"
        grids = await repos.areas.children(caileng.id)
        assert len(grids) == 8
        assert [g.is_default for g in grids] == [True] + [False] * 7
        wenhui = await repos.areas.by_code("wenhui")
        assert wenhui is not None
        assert "269网格" in [g.name for g in await repos.areas.children(wenhui.id)]
        assert len(await repos.areas.by_level(AreaLevel.COMMUNITY)) == 13


async def test_reimport_updates_names_and_never_duplicates(
    services: Services, areas_file: Path, tmp_path: Path
) -> None:
    await services.areas.import_file(areas_file)
    again = await services.areas.import_file(areas_file)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 66)
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text(
        areas_file.read_text(encoding="utf-8").replace("name: 府后社区", "name: 府后新社区"),
        encoding="utf-8",
    )
    third = await services.areas.import_file(renamed)
    assert (third.created, third.updated) == (0, 1)
    assert await services.areas.count() == 66
    async with unit_of_work(services.sessions) as repos:
        area = await repos.areas.by_code("fuhou")
    assert area is not None and area.name == "府后新社区"


BAD_FILES = [
    ("areas: []", "at least one area"),
    ("areas:\n  - code: a\n    name: 区\n    colour: red\n", ":2: unknown field(s) colour"),
    ("areas:\n  - code: 'bad code'\n    name: 区\n", ":2: field 'code'"),
    ("areas:\n  - code: a\n    name: ''\n", ":2: field 'name' of a"),
    ("areas:\n  - code: a\n    name: 区\n    level: planet\n", "field 'level' of a"),
    (
        "areas:\n  - code: a\n    name: 区\n    children:\n"
        "      - {code: b, name: 社区, level: community}\n",
        ":5: field 'level' of b is community, but under a district it must be subdistrict",
    ),
    (
        "areas:\n  - code: a\n    name: 区\n  - code: a\n    name: 又一个区\n",
        ":4: code 'a' is used again (first on line 2)",
    ),
    ("areas: [\n", "not valid YAML"),
]


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
async def test_bad_file_names_the_problem_and_imports_nothing(
    services: Services, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AreaFileError, match=None) as info:
        await services.areas.import_file(path)
    assert message in str(info.value)
    assert await services.areas.count() == 0


async def test_error_late_in_file_leaves_nothing_half_imported(
    services: Services, areas_file: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    text = areas_file.read_text(encoding="utf-8")
    broken.write_text(text + "  - code: fuhou\n    name: 重复\n", encoding="utf-8")
    with pytest.raises(AreaFileError, match="code 'fuhou' is used again"):
        await services.areas.import_file(broken)
    assert await services.areas.count() == 0
