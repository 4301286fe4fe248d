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


BACK_OFFICE_GROUP = "DARD back office"
BACK_OFFICE_APPS = (
    "accounts",
    "producers",
    "products",
    "dossiers",
    "evaluation",
    "certificates",
    "plans",
    "tradefairs",
    "notifications",
)


def sync_back_office_group():
    """The group that gives provincial DARD staff the Django admin as their back office (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=BACK_OFFICE_GROUP)
    perms = Permission.objects.filter(content_type__app_label__in=BACK_OFFICE_APPS).exclude(
        content_type__app_label="accounts", content_type__model="user", codename__in=["delete_user"]
    )
    group.permissions.set(perms)
    return group


def apply_role(user) -> None:
    """Keep Django's admin flags in line with the OCOP role: DARD staff and admins use the back office."""
    from .models import Role

    back_office = user.role in (Role.PROVINCE, Role.ADMIN) or user.is_superuser
    if user.is_staff != back_office:
        type(user).objects.filter(pk=user.pk).update(is_staff=back_office)
        user.is_staff = back_office
    group = sync_back_office_group() if back_office else None
    if back_office:
        user.groups.add(group)
    else:
        user.groups.remove(*user.groups.filter(name=BACK_OFFICE_GROUP))
