"""Trade promotion: every state change on sales points, fairs and participations, plus the figures the
annual plan's targets read ("each district has ≥ 1 sales point", "≥ N fairs held").

Each function is one transaction; a refused change raises
:class:`ocop_portal.workflow.TransitionRefused` with a translated message and saves nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access, territory
from accounts.levels import COMMUNE
from accounts.models import AdministrativeUnit, Department
from ocop_portal.workflow import TransitionRefused
from producers.models import Producer
from products.models import Product

from . import policies
from .models import Fair, Participation, SalesPoint

# --- figures for the plan targets -------------------------------------------------------------


def local_coverage(on: datetime.date | None = None) -> dict:
    """Which of today's local units (the communes and wards of a two-tier city, the districts of a
    three-tier province) have at least one OCOP sales point or centre open on ``on`` (today by default).

    A point counts for the local unit that holds its commune (or its recorded unit) on ``on``: a point
    recorded in Xã Duy Sơn before the reform counts for Xã Duy Xuyên today. Returns ``covered`` and
    ``total`` (numbers), ``uncovered`` (units) and ``two_tier``. Read by the target "each locality has
    ≥ 1 OCOP sales point", the staff and public lists and the home page.
    """
    t = territory.territory(on)
    current = list(territory.current_local_units(t.day).select_related("level").order_by("name", "pk"))
    held = set()
    for district_id, commune_id in SalesPoint.objects.open_on(t.day).values_list("district_id", "commune_id"):
        held.add(t.local_today(commune_id) or t.local_today(district_id))
    return {
        "covered": sum(1 for u in current if u.pk in held),
        "total": len(current),
        "uncovered": [u for u in current if u.pk not in held],
        "two_tier": any(u.level.code == COMMUNE for u in current),
    }


def districts_with_sales_point(province_unit: AdministrativeUnit, on: datetime.date | None = None) -> int:
    """How many local units of ``province_unit`` have at least one OCOP sales point (or centre) open on
    ``on`` (today by default): :func:`local_coverage` when ``province_unit`` is the province served then
    (or one it succeeded: a plan of Quảng Nam read after the merger counts the city's communes), else its
    districts (a point counts for the district it was recorded in).

    A point counts from its opening date (always, when unknown) until its closing date; a point switched
    off without a closing date does not count.
    """
    t = territory.territory(on)
    if province_unit.pk == t.province_id or province_unit.path in t.paths:
        return local_coverage(on)["covered"]
    return (
        SalesPoint.objects.open_on(on)
        .filter(district__path__startswith=province_unit.path)
        .values("district_id")
        .distinct()
        .count()
    )


def fairs_held(year: int, *, scope: str | None = None, on: datetime.date | None = None) -> int:
    """How many fairs *ended* in calendar ``year`` (by ``on``, today by default).

    Read by the plan dashboard for targets such as "≥ 2 OCOP fairs". ``scope`` restricts to
    ``Fair.Scope.IN_PROVINCE`` / ``OUT_OF_PROVINCE`` / ``ABROAD`` (the 2023 letter asks for ≥ 2
    in-province fairs and ≥ 3 out of the province). A fair still running on ``on`` is not held yet.
    """
    on = on or timezone.localdate()
    qs = Fair.objects.filter(end_date__year=int(year), end_date__lt=on)
    if scope:
        qs = qs.filter(scope=scope)
    return qs.count()


# --- sales points -----------------------------------------------------------------------------

SALES_POINT_FIELDS = (
    "name",
    "kind",
    "address",
    "district",
    "commune",
    "opening_hours",
    "contact_name",
    "phone",
    "email",
    "website",
    "operator",
    "opened_on",
)


def _require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise TransitionRefused(message or _("You may not do this."))


def _full_clean(obj, **kwargs) -> None:
    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        messages = [m for msgs in exc.message_dict.values() for m in msgs]
        raise TransitionRefused(" ".join(messages)) from exc


def _check_district_allowed(by, district: AdministrativeUnit | None) -> None:
    if by is None or policies.manages_all_trade_promotion(by):
        return
    if district is None or not by.unit_id or not by.unit.contains(district):
        raise TransitionRefused(_("You may only manage sales points in your own district."))


def _local_unit_from_commune(point: SalesPoint) -> None:
    """A point given only its commune or ward is recorded under the local unit that holds it."""
    if not point.district_id and point.commune_id and point.commune.local_unit_id:
        point.district_id = point.commune.local_unit_id


@transaction.atomic
def create_sales_point(*, by, products: Iterable[Product] = (), **fields) -> SalesPoint:
    """Create a sales point. District officers may only create one in their district."""
    if by is not None:
        _require(policies.can_create_sales_point(by), _("You may not create sales points."))
    point = SalesPoint(**{k: v for k, v in fields.items() if k in SALES_POINT_FIELDS})
    _local_unit_from_commune(point)
    _check_district_allowed(by, point.district if point.district_id else None)
    point.active = True
    point.created_by = by if getattr(by, "is_authenticated", False) else None
    _full_clean(point)
    point.save()
    point.products.set(list(products))
    return point


@transaction.atomic
def update_sales_point(point: SalesPoint, *, by, products: Iterable[Product] | None = None, **fields):
    """Change a sales point's details (and the products it carries)."""
    point = SalesPoint.objects.select_for_update().get(pk=point.pk)
    if by is not None:
        _require(access.can_change(by, point), _("You may not change this sales point."))
    for name, value in fields.items():
        if name in SALES_POINT_FIELDS:
            setattr(point, name, value)
    _local_unit_from_commune(point)
    _check_district_allowed(by, point.district if point.district_id else None)
    _full_clean(point)
    point.save()
    if products is not None:
        point.products.set(list(products))
    return point


@transaction.atomic
def close_sales_point(point: SalesPoint, *, by, on: datetime.date | None = None) -> SalesPoint:
    """Stop a sales point: it leaves the public list and the district target from ``on`` (today)."""
    point = SalesPoint.objects.select_for_update().get(pk=point.pk)
    if by is not None:
        _require(access.can_change(by, point), _("You may not change this sales point."))
    if not point.active:
        raise TransitionRefused(_("This sales point is already closed."))
    point.active = False
    point.closed_on = on or timezone.localdate()
    _full_clean(point)
    point.save()
    return point


@transaction.atomic
def reopen_sales_point(point: SalesPoint, *, by) -> SalesPoint:
    point = SalesPoint.objects.select_for_update().get(pk=point.pk)
    if by is not None:
        _require(access.can_change(by, point), _("You may not change this sales point."))
    if point.active:
        raise TransitionRefused(_("This sales point is already open."))
    point.active = True
    point.closed_on = None
    point.save()
    return point


# --- fairs ------------------------------------------------------------------------------------

FAIR_FIELDS = (
    "name",
    "city",
    "venue",
    "start_date",
    "end_date",
    "organiser",
    "organiser_note",
    "scope",
    "description",
    "website",
)


@transaction.atomic
def create_fair(*, by, **fields) -> Fair:
    if by is not None:
        _require(policies.can_create_fair(by), _("You may not create fairs."))
        if not policies.manages_all_trade_promotion(by):
            # another department: the fair is its own
            fields["organiser"] = by.department
    if not fields.get("organiser"):
        # by default: department staff organise for their department, others for the trade department
        if by is not None and access.role_of(by) == "department" and by.department_id:
            fields["organiser"] = by.department
        else:
            fields["organiser"] = Department.objects.filter(
                code__in=policies.trade_department_codes()
            ).first()
    fair = Fair(**{k: v for k, v in fields.items() if k in FAIR_FIELDS})
    fair.created_by = by if getattr(by, "is_authenticated", False) else None
    _full_clean(fair)
    fair.save()
    return fair


@transaction.atomic
def update_fair(fair: Fair, *, by, **fields) -> Fair:
    fair = Fair.objects.select_for_update().get(pk=fair.pk)
    if by is not None:
        _require(access.can_change(by, fair), _("You may not change this fair."))
        if not policies.manages_all_trade_promotion(by):
            fields.pop("organiser", None)
    for name, value in fields.items():
        if name in FAIR_FIELDS:
            setattr(fair, name, value)
    if fair.has_results and fair.end_date >= timezone.localdate():
        raise TransitionRefused(_("Results are recorded: the fair must stay in the past."))
    _full_clean(fair)
    fair.save()
    return fair


def registrable_producers(user):
    """Producers ``user`` may register at a fair."""
    role = access.role_of(user)
    qs = Producer.objects.all()
    if role is None:
        return qs.none()
    if policies.manages_all_trade_promotion(user) or role == "department":
        return qs
    if role == "district":
        return access.editable(user, qs)
    if role == "producer":
        return access.visible(user, qs)
    return qs.none()


def can_register_at(user, fair: Fair) -> bool:
    """Whether ``user`` may open the registration form of ``fair`` at all."""
    if fair.has_ended:
        return False
    role = access.role_of(user)
    if role == "department" and not policies.is_trade_department(user):
        return access.can_change(user, fair)
    return registrable_producers(user).exists()


def _check_products(producer: Producer, products: list[Product]) -> None:
    foreign = [p.name for p in products if p.producer_id != producer.pk]
    if foreign:
        raise TransitionRefused(
            _("These products do not belong to %(producer)s: %(names)s.")
            % {"producer": producer, "names": ", ".join(foreign)}
        )


@transaction.atomic
def register_participation(
    fair: Fair,
    producer: Producer,
    *,
    products: Iterable[Product],
    by,
    booth: str = "",
    notes: str = "",
) -> Participation:
    """Register ``producer`` (with some of its products) at ``fair``.

    Refused after the fair has ended, for a producer already registered, for products of another
    producer, and for a producer the user may not register (a producer account only registers itself).
    """
    fair = Fair.objects.select_for_update().get(pk=fair.pk)
    products = list(products)
    if fair.has_ended:
        raise TransitionRefused(_("The fair has ended: registrations are closed."))
    if by is not None:
        role = access.role_of(by)
        if role == "department" and not policies.is_trade_department(by):
            _require(access.can_change(by, fair), _("You may not register producers at this fair."))
        _require(
            registrable_producers(by).filter(pk=producer.pk).exists(),
            _("You may not register this producer."),
        )
    if not products:
        raise TransitionRefused(_("Choose at least one product to show at the fair."))
    _check_products(producer, products)
    if Participation.objects.filter(fair=fair, producer=producer).exists():
        raise TransitionRefused(
            _("%(producer)s is already registered at %(fair)s.") % {"producer": producer, "fair": fair}
        )
    try:
        with transaction.atomic():
            participation = Participation.objects.create(
                fair=fair,
                producer=producer,
                booth=booth.strip(),
                notes=notes.strip(),
                registered_by=by if getattr(by, "is_authenticated", False) else None,
            )
    except IntegrityError:  # a concurrent registration won the race
        raise TransitionRefused(
            _("%(producer)s is already registered at %(fair)s.") % {"producer": producer, "fair": fair}
        ) from None
    participation.products.set(products)
    return participation


@transaction.atomic
def withdraw_participation(participation: Participation, *, by) -> None:
    """Cancel a registration; only before the fair starts."""
    participation = Participation.objects.select_related("fair").select_for_update().get(pk=participation.pk)
    if by is not None:
        _require(access.can_change(by, participation), _("You may not change this registration."))
    if participation.fair.status != "upcoming":
        raise TransitionRefused(_("The fair has started: the registration can no longer be withdrawn."))
    participation.delete()


@transaction.atomic
def record_results(
    fair: Fair,
    *,
    by,
    visitors: int | None,
    contracts_signed: int | None,
    sales_vnd: int | None,
    notes: str = "",
    participations: Mapping[int, tuple[int | None, int | None]] | None = None,
) -> Fair:
    """Record a fair's results (visitors, contracts signed, sales in VND), once it has ended.

    ``participations`` maps participation ids to ``(sales_vnd, contracts_signed)`` per producer. When
    ``sales_vnd`` / ``contracts_signed`` are None, the fair totals are the sums of the producers' figures.
    Recording again overwrites the previous figures (corrections).
    """
    fair = Fair.objects.select_for_update().get(pk=fair.pk)
    if by is not None:
        _require(access.can_change(by, fair), _("You may not record the results of this fair."))
    if not fair.has_ended:
        raise TransitionRefused(
            _("The fair ends on %(date)s: results can be recorded after it has ended.")
            % {"date": fair.end_date.strftime("%d/%m/%Y")}
        )
    for label, value in (
        (_("Visitors"), visitors),
        (_("Contracts signed"), contracts_signed),
        (_("Sales"), sales_vnd),
    ):
        if value is not None and int(value) < 0:
            raise TransitionRefused(_("%(field)s cannot be negative.") % {"field": label})
    rows = {p.pk: p for p in Participation.objects.select_for_update().filter(fair=fair)}
    for pk, (p_sales, p_contracts) in (participations or {}).items():
        if pk not in rows:
            raise TransitionRefused(_("A registration does not belong to this fair."))
        if (p_sales is not None and int(p_sales) < 0) or (p_contracts is not None and int(p_contracts) < 0):
            raise TransitionRefused(_("Sales and contracts cannot be negative."))
        row = rows[pk]
        row.sales_vnd = p_sales
        row.contracts_signed = p_contracts
        row.save(update_fields=["sales_vnd", "contracts_signed"])
    if sales_vnd is None and any(r.sales_vnd is not None for r in rows.values()):
        sales_vnd = sum(r.sales_vnd or 0 for r in rows.values())
    if contracts_signed is None and any(r.contracts_signed is not None for r in rows.values()):
        contracts_signed = sum(r.contracts_signed or 0 for r in rows.values())
    fair.visitors = visitors
    fair.contracts_signed = contracts_signed
    fair.sales_vnd = sales_vnd
    fair.results_notes = (notes or "").strip()
    fair.results_recorded_at = timezone.now()
    fair.results_recorded_by = by if getattr(by, "is_authenticated", False) else None
    fair.save()
    return fair
