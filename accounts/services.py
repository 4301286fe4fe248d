"""State-changing operations on accounts and administrative units."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

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
            unit = AdministrativeUnit(code=row.code, valid_from=row.valid_from or valid_from)
            created += 1
        elif (unit.name, unit.parent_id, unit.level_id, unit.official_code) == (
            row.name,
            getattr(parent, "pk", None),
            levels[row.level].pk,
            row.official_code or row.code,
        ):
            continue
        else:
            updated += 1
        unit.official_code = row.official_code or row.code
        unit.name = row.name
        unit.division_type = row.division_type
        unit.level = levels[row.level]
        unit.parent = parent
        unit.save()
        by_code[row.code] = unit
    return created, updated


class SuccessionFileError(ValueError):
    """A succession mapping that cannot be loaded: nothing was saved."""


@transaction.atomic
def load_successions(rows: list[dict], *, date: datetime.date, legal_basis: str = "") -> tuple[int, int]:
    """Record old → new successions from mapping ``rows`` (official codes); idempotent, all or nothing.

    Each row has ``old_code`` and ``new_code`` (official codes) and may carry ``old_name``,
    ``new_name`` (checked against the units when given) and its own ``legal_basis``. The old code is
    looked up among units valid the day before ``date``, the new one among units valid on ``date``
    (so the 2023 Nam Phước and the 2025 Nam Phước, both official code 20599, are told apart).
    Returns (created, unchanged).
    """
    from .successions import resolve_official

    errors, pairs = [], []
    eve = date - datetime.timedelta(days=1)
    for n, row in enumerate(rows, start=1):
        old_code, new_code = str(row.get("old_code", "")).strip(), str(row.get("new_code", "")).strip()
        old = resolve_official(old_code, eve, side="old") if old_code else None
        new = resolve_official(new_code, date, side="new") if new_code else None
        if old is None:
            errors.append(
                _("row %(n)s: no old unit with code “%(code)s” valid on %(day)s")
                % {"n": n, "code": old_code, "day": f"{eve:%d/%m/%Y}"}
            )
        if new is None:
            errors.append(
                _("row %(n)s: no new unit with code “%(code)s” valid on %(day)s")
                % {"n": n, "code": new_code, "day": f"{date:%d/%m/%Y}"}
            )
        for side, unit in (("old", old), ("new", new)):
            name = str(row.get(f"{side}_name", "")).strip()
            if unit is not None and name and _fold(name) != _fold(unit.name):
                errors.append(
                    _("row %(n)s: code “%(code)s” is “%(unit)s”, not “%(name)s”")
                    % {"n": n, "code": unit.official_code, "unit": unit.name, "name": name}
                )
        if old is not None and new is not None:
            pairs.append((old, new, str(row.get("legal_basis") or legal_basis)))
    if errors:
        raise SuccessionFileError("; ".join(errors))
    created = unchanged = 0
    for old, new, basis in pairs:
        exists = (
            UnitSuccession.objects.filter(
                predecessor=old, successor=new, date=date, legal_basis=basis
            ).exists()
            and old.valid_to == eve
        )
        if exists:
            unchanged += 1
            continue
        record_succession(old, new, date=date, legal_basis=basis)
        created += 1
    return created, unchanged


def _fold(text: str) -> str:
    from ocop_portal.text import fold_unit_name

    return " ".join(fold_unit_name(text).split())


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
    succession, _created = UnitSuccession.objects.update_or_create(
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
