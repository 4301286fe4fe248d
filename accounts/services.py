"""State-changing operations on accounts and administrative units."""

from __future__ import annotations

import datetime

from django.db import transaction

from .models import COMMUNE, DISTRICT, PROVINCE, AdministrativeUnit, UnitLevel, UnitSuccession
from .units_data import UnitRow

LEVELS = [
    (PROVINCE, "Tỉnh/Thành phố", 0),
    (DISTRICT, "Huyện/Thị xã/Thành phố", 1),
    (COMMUNE, "Xã/Phường/Thị trấn", 2),
]


def ensure_levels() -> dict[str, UnitLevel]:
    out = {}
    for code, name, depth in LEVELS:
        out[code], _ = UnitLevel.objects.get_or_create(code=code, defaults={"name": name, "depth": depth})
    return out


@transaction.atomic
def load_units(rows: list[UnitRow], *, valid_from: datetime.date | None = None) -> tuple[int, int]:
    """Create or update units from ``rows`` (parents before children). Idempotent.

    Returns (created, updated).
    """
    levels = ensure_levels()
    existing = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=[r.code for r in rows])}
    created = updated = 0
    by_code: dict[str, AdministrativeUnit] = dict(existing)
    for row in rows:
        parent = by_code.get(row.parent_code) if row.parent_code else None
        if row.parent_code and parent is None:
            parent = AdministrativeUnit.objects.get(code=row.parent_code)
        unit = by_code.get(row.code)
        if unit is None:
            unit = AdministrativeUnit(code=row.code, valid_from=valid_from)
            created += 1
        elif (unit.name, unit.parent_id, unit.level_id) == (
            row.name,
            getattr(parent, "pk", None),
            levels[row.level].pk,
        ):
            continue
        else:
            updated += 1
        unit.name = row.name
        unit.division_type = row.division_type
        unit.level = levels[row.level]
        unit.parent = parent
        unit.save()
        by_code[row.code] = unit
    return created, updated


@transaction.atomic
def record_succession(
    predecessor: AdministrativeUnit,
    successor: AdministrativeUnit,
    *,
    date: datetime.date,
    legal_basis: str = "",
) -> UnitSuccession:
    """Close ``predecessor`` the day before ``date`` and record who succeeds it.

    Records made under the predecessor keep pointing at it.
    """
    predecessor.valid_to = date - datetime.timedelta(days=1)
    predecessor.save(update_fields=["valid_to"])
    succession, _ = UnitSuccession.objects.update_or_create(
        predecessor=predecessor, successor=successor, defaults={"date": date, "legal_basis": legal_basis}
    )
    return succession
