"""Adding and listing staff."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import Services
from bot.services.errors import InvalidInput, NotFound
from storage.models import StaffRole


@pytest.fixture
async def with_areas(services: Services, areas_file: Path) -> Services:
    await services.areas.import_file(areas_file)
    return services


async def test_add_worker_with_grids_and_list(with_areas: Services) -> None:
    staff = with_areas.staff
    await staff.add(501, StaffRole.WORKER, ["fuhou-01", "fuhou-02"], "李网格员")
    await staff.add(601, StaffRole.ADMIN, ["fuhou"], "杨主任")
    rows = await staff.list()
    assert [(r.telegram_id, r.role, r.area_codes) for r in rows] == [
        (601, StaffRole.ADMIN, ("fuhou",)),
        (501, StaffRole.WORKER, ("fuhou-01", "fuhou-02")),
    ]
    assert await staff.role_of(501) is StaffRole.WORKER
    assert await staff.role_of(12345) is None


async def test_add_again_replaces_areas(with_areas: Services) -> None:
    await with_areas.staff.add(501, StaffRole.WORKER, ["fuhou-01"], "李")
    await with_areas.staff.add(501, StaffRole.WORKER, ["ruijin-02"])
    [row] = await with_areas.staff.list()
    assert row.area_codes == ("ruijin-02",) and row.name == "李"


@pytest.mark.parametrize(
    ("role", "codes", "error", "text"),
    [
        (StaffRole.WORKER, [], InvalidInput, "at least one grid"),
        (StaffRole.WORKER, ["nowhere"], NotFound, "nowhere"),
        (StaffRole.WORKER, ["fuhou"], InvalidInput, "not fuhou"),
        (StaffRole.ADMIN, ["fuhou-01"], InvalidInput, "not fuhou-01"),
    ],
)
async def test_invalid_staff_is_refused(
    with_areas: Services, role: StaffRole, codes: list[str], error: type[Exception], text: str
) -> None:
    with pytest.raises(error, match=text):
        await with_areas.staff.add(777, role, codes)
    assert await with_areas.staff.list() == []
