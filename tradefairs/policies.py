"""Who sees and manages fairs and sales points.

* Provincial DARD staff and admins: everything.
* Department staff of the trade department (Sở Công Thương, ``OCOP_TRADE_DEPARTMENT_CODES``) manage
  every fair and sales point; staff of another department manage the fairs their department organises.
* District officers manage the sales points of their district, and register their district's producers
  at fairs.
* Producers (with an account) see their own participations and may register their own products.
* Every staff role may read the fairs and sales points; the public pages show active sales points and all
  fairs to anyone.
"""

from __future__ import annotations

from django.conf import settings

from accounts import access
from accounts.models import Role

from .models import Fair, Participation, SalesPoint

STAFF_ROLES = (Role.DISTRICT, Role.COMMUNE, Role.DEPARTMENT, Role.COUNCIL)


def trade_department_codes() -> tuple[str, ...]:
    return tuple(getattr(settings, "OCOP_TRADE_DEPARTMENT_CODES", ("so-cong-thuong",)))


def is_trade_department(user) -> bool:
    return (
        access.role_of(user) == Role.DEPARTMENT
        and getattr(user, "department_id", None) is not None
        and user.department.code in trade_department_codes()
    )


def manages_all_trade_promotion(user) -> bool:
    """Province staff, admins and the trade department: every fair and every sales point."""
    return access.is_provincial(user) or is_trade_department(user)


def can_create_fair(user) -> bool:
    return manages_all_trade_promotion(user) or (
        access.role_of(user) == Role.DEPARTMENT and getattr(user, "department_id", None) is not None
    )


def can_create_sales_point(user) -> bool:
    return manages_all_trade_promotion(user) or (access.role_of(user) == Role.DISTRICT and bool(user.unit_id))


def _everything(user, qs):
    return qs


def _nothing(user, qs):
    return qs.none()


def _fairs_changeable_by_department(user, qs):
    if is_trade_department(user):
        return qs
    if user.department_id:
        return qs.filter(organiser_id=user.department_id)
    return qs.none()


def _participations_changeable_by_department(user, qs):
    if is_trade_department(user):
        return qs
    if user.department_id:
        return qs.filter(fair__organiser_id=user.department_id)
    return qs.none()


def _sales_points_changeable_by_department(user, qs):
    return qs if is_trade_department(user) else qs.none()


def _sales_points_of_commune_district(user, qs):
    """A commune official sees the points of the local unit holding their commune: their district in a
    three-tier province, their own commune or ward in a two-tier one."""
    if not user.unit_id or not user.unit.local_unit_id:
        return qs.none()
    return qs.filter(district_id=user.unit.local_unit_id)


def _own_participations(user, qs):
    producer_id = getattr(getattr(user, "producer_account", None), "producer_id", None)
    return qs.filter(producer_id=producer_id) if producer_id else qs.none()


def register():
    access.register(
        SalesPoint,
        access.Policy(
            unit="district",
            view={
                Role.COMMUNE: _sales_points_of_commune_district,
                Role.COUNCIL: _everything,
            },
            change={Role.DEPARTMENT: _sales_points_changeable_by_department},
        ),
    )
    access.register(
        Fair,
        access.Policy(
            view={role: _everything for role in (*STAFF_ROLES, Role.PRODUCER)},
            change={
                Role.DEPARTMENT: _fairs_changeable_by_department,
                Role.DISTRICT: _nothing,
            },
        ),
    )
    access.register(
        Participation,
        access.Policy(
            unit="producer__commune",
            producer="producer",
            change={
                Role.DEPARTMENT: _participations_changeable_by_department,
                Role.PRODUCER: _own_participations,
            },
        ),
    )
