"""How each kind of target measures itself from the portal's own records.

``@measures(Target.Kind.X)`` binds a function ``(target, as_of) -> Measurement`` in the registry of
:mod:`plans.measurement` (re-exported here: ``targets.measure(target)``).
Sibling apps (evaluation, tradefairs) are reached lazily (``apps.get_model`` / ``importlib``)
so that plans never imports them at module level and keeps working while they are incomplete.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import math

from django.apps import apps
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from accounts.models import AdministrativeUnit, Role, User
from ocop_portal import numbers
from producers.models import OrganisationEvent, Producer
from products import workflows as product_workflows
from products.models import Product

# The registry is re-exported: callers use ``targets.measure(target)`` and ``targets.kinds()``.
from .measurement import Measurement, kinds, measure, measures, not_measurable  # noqa: F401
from .models import PlanProduct, RevenueReport, Target, TrainingAttendance


def _goal(target: Target) -> float:
    return float(target.goal_value or 0)


def _fmt_number(value: float) -> str:
    return numbers.format_number(value, -2)


def _count(target: Target, value: int | None, detail: str = "") -> Measurement:
    if value is None:
        return not_measurable(detail)
    return Measurement(float(value), _fmt_number(value), value >= _goal(target), detail=detail)


def _share(target: Target, part: int, whole: int, detail: str) -> Measurement:
    if not whole:
        return Measurement(None, _("no data yet"), None, detail=detail)
    value = round(part / whole * 100, 1)
    return Measurement(value, numbers.percent(value, 1), value >= _goal(target), detail=detail)


def _province(target: Target) -> AdministrativeUnit:
    return target.plan.province


# --- products -------------------------------------------------------------------------------
@measures(Target.Kind.SHARE_3STAR)
def share_3star(target, as_of):
    """Plan products recognised at 3★+ now, or certified 3★+ during the plan year (so that a past
    year's plan keeps its result after certificates expire)."""
    year = target.plan.year
    entries = PlanProduct.objects.filter(plan=target.plan)
    whole = entries.count()
    reached = Q(product__state=product_workflows.RECOGNISED, product__stars__gte=3) | Q(
        product__certified_on__year=year, product__stars__gte=3
    )
    try:
        Certificate = apps.get_model("certificates", "Certificate")
    except LookupError:
        Certificate = None
    if Certificate is not None:
        # EXISTS per plan entry (the certificate's product index), not IN over the year's certificates
        certified = Certificate.objects.filter(
            product_id=OuterRef("product_id"), stars__gte=3, issued_on__year=year, issued_on__lte=as_of
        )
        reached |= Q(Exists(certified))
    part = entries.filter(reached).count()
    return _share(
        target,
        part,
        whole,
        _("%(part)s of %(whole)s plan products recognised at 3★ or more") % {"part": part, "whole": whole},
    )


@measures(Target.Kind.SUPPORTED_PRODUCTS)
def supported_products(target, as_of):
    n = PlanProduct.objects.filter(plan=target.plan, kind=PlanProduct.Kind.UPGRADE).count()
    return _count(target, n, _("products on the list marked upgrade / re-rating"))


@measures(Target.Kind.NEW_4STAR)
def new_4star(target, as_of):
    """Products that reached 4★ for the first time in the plan year."""
    year = target.plan.year
    path = _province(target).path
    try:
        Certificate = apps.get_model("certificates", "Certificate")
    except LookupError:
        Certificate = None
    if Certificate is not None:
        # NOT EXISTS per certificate (by the product index), not NOT IN over every earlier 4★+ one
        earlier = Certificate.objects.filter(
            product_id=OuterRef("product_id"), stars__gte=4, issued_on__lt=datetime.date(year, 1, 1)
        )
        n = (
            Certificate.objects.filter(
                stars=4, issued_on__year=year, issued_on__lte=as_of, product__commune__path__startswith=path
            )
            .exclude(status="revoked")
            .exclude(Exists(earlier))
            .values("product_id")
            .distinct()
            .count()
        )
        return _count(target, n, _("from the certificates issued in %(year)s") % {"year": year})
    n = Product.objects.filter(
        stars=4, certified_on__year=year, certified_on__lte=as_of, commune__path__startswith=path
    ).count()
    return _count(target, n, _("from the products' recognition dates"))


# --- organisations --------------------------------------------------------------------------
@measures(Target.Kind.ECONOMIC_ORGS)
def economic_orgs(target, as_of):
    n = (
        OrganisationEvent.objects.filter(
            year=target.plan.year, producer__commune__path__startswith=_province(target).path
        )
        .values("producer_id")
        .distinct()
        .count()
    )
    return _count(
        target, n, _("organisations founded or consolidated in %(year)s") % {"year": target.plan.year}
    )


# --- trade promotion (the tradefairs app, reached lazily) -----------------------------------
def _tradefairs_services():
    try:
        return importlib.import_module("tradefairs.services")
    except ModuleNotFoundError as exc:
        if exc.name in ("tradefairs", "tradefairs.services"):
            return None
        raise


def _params(fn) -> set[str]:
    try:
        return set(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return set()


def _call(fn, *args, **kwargs):
    """Call ``fn`` with the keyword arguments it accepts (``on`` is optional in the contract)."""
    accepted = _params(fn)
    return fn(*args, **{k: v for k, v in kwargs.items() if k in accepted})


def _tradefairs_model(name):
    try:
        return apps.get_model("tradefairs", name)
    except LookupError:
        return None


def _size(result) -> int:
    if isinstance(result, int):
        return result
    if hasattr(result, "count") and not isinstance(result, (list, tuple, set, dict)):
        try:
            return result.count()
        except TypeError:
            pass
    return len(result)


def _unit_fk(model):
    for name in ("district", "unit", "locality", "commune"):
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 - FieldDoesNotExist
            continue
        if getattr(field, "related_model", None) is AdministrativeUnit:
            return name
    return None


def _active_filter(model) -> Q:
    names = {f.name for f in model._meta.get_fields()}
    for name in ("is_active", "active"):
        if name in names:
            return Q(**{name: True})
    return Q()


@measures(Target.Kind.SALES_POINT_DISTRICTS)
def sales_point_districts(target, as_of):
    province = _province(target)
    services = _tradefairs_services()
    fn = getattr(services, "districts_with_sales_point", None) if services else None
    if fn is not None:
        return _count(target, _size(_call(fn, province, on=as_of)), _("from the trade-promotion register"))
    SalesPoint = _tradefairs_model("SalesPoint")
    lookup = _unit_fk(SalesPoint) if SalesPoint else None
    if lookup is None:
        return not_measurable(_("The sales-point register is not available yet."))
    districts = AdministrativeUnit.objects.local().filter(parent=province)
    n = 0
    points = SalesPoint.objects.filter(_active_filter(SalesPoint)).filter(
        **{f"{lookup}__path__startswith": province.path}
    )
    paths = set(points.values_list(f"{lookup}__path", flat=True))
    for district in districts.only("path"):
        if any(p.startswith(district.path) for p in paths):
            n += 1
    return _count(target, n, _("districts with an OCOP sales point"))


@measures(Target.Kind.FAIRS_HELD)
def fairs_held(target, as_of):
    year = target.plan.year
    services = _tradefairs_services()
    fn = getattr(services, "fairs_held", None) if services else None
    if fn is not None:
        try:
            result = fn(year, scope=target.scope) if target.scope else fn(year)
        except TypeError:
            return not_measurable(
                _("The fair register cannot filter by “%(scope)s”.") % {"scope": target.scope}
            )
        return _count(target, _size(result), _("from the trade-promotion register"))
    Fair = _tradefairs_model("Fair")
    if Fair is None or target.scope:
        return not_measurable(_("The fair register is not available yet."))
    names = {f.name for f in Fair._meta.get_fields()}
    date_field = next(
        (n for n in ("start_date", "starts_on", "start", "opens_on", "date") if n in names), None
    )
    if date_field is None:
        return not_measurable(_("The fair register has no dates yet."))
    n = Fair.objects.filter(**{f"{date_field}__year": year, f"{date_field}__lte": as_of}).count()
    return _count(target, n, _("fairs that have started in %(year)s") % {"year": year})


# --- training -------------------------------------------------------------------------------
@measures(Target.Kind.TRAINING_STAFF)
def training_staff(target, as_of):
    staff = User.objects.filter(
        is_active=True, role__in=[Role.DISTRICT, Role.COMMUNE], unit__path__startswith=_province(target).path
    )
    trained_ids = TrainingAttendance.objects.filter(
        session__plan=target.plan, session__date__lte=as_of, user__isnull=False
    ).values("user_id")
    whole = staff.count()
    part = staff.filter(pk__in=trained_ids).count()
    return _share(
        target,
        part,
        whole,
        _("%(part)s of %(whole)s district and commune officers") % {"part": part, "whole": whole},
    )


def new_producers(plan):
    """Producers taking part for the first time: owners of 'new' plan products with no earlier recognition."""
    # NOT EXISTS per owner (the producer's products, by index), not NOT IN over every product
    # recognised before the plan's year (a hashed scan of the whole registry)
    experienced = Product.objects.filter(
        producer_id=OuterRef("pk"), certified_on__lt=datetime.date(plan.year, 1, 1)
    )
    owners = PlanProduct.objects.filter(plan=plan, kind=PlanProduct.Kind.NEW).values("product__producer_id")
    return Producer.objects.filter(pk__in=owners).exclude(Exists(experienced))


@measures(Target.Kind.TRAINING_PRODUCERS)
def training_producers(target, as_of):
    producers = new_producers(target.plan)
    trained_ids = TrainingAttendance.objects.filter(
        session__plan=target.plan, session__date__lte=as_of, producer__isnull=False
    ).values("producer_id")
    whole = producers.count()
    part = producers.filter(pk__in=trained_ids).count()
    return _share(
        target, part, whole, _("%(part)s of %(whole)s new producers") % {"part": part, "whole": whole}
    )


# --- revenue --------------------------------------------------------------------------------
def revenue_ratios(plan) -> list[tuple[int, float]]:
    """(product id, revenue year+1 / revenue year) for products recognised in the year before the plan.

    Product-level figures are used when both years are reported; otherwise the producer's
    whole-business figures, once per producer (under its first such product by recognition date).

    Two queries, neither of which reads the cohort (the products recognised in the base year: a
    third of a large registry): the product-level reports of the two years whose product is in the
    cohort, grouped by product; then the province's producers with their whole-business figures of
    both years and their first cohort product lacking figures of its own (index probes per producer).
    Their cost follows the producers and the reports, not the size of the registry.
    """
    base_year = plan.year - 1
    next_year = base_year + 1
    path = plan.province.path
    own_rows = (
        RevenueReport.objects.filter(
            product__isnull=False,
            year__in=(base_year, next_year),
            product__certified_on__year=base_year,
            product__stars__gte=3,
            product__commune__path__startswith=path,
        )
        .order_by()
        .values("product_id")
        .annotate(
            own_base=Max("revenue", filter=Q(year=base_year)),
            own_next=Max("revenue", filter=Q(year=next_year)),
        )
        .values_list("product_id", "own_base", "own_next")
    )
    ratios = [
        (pk, own_next / own_base) for pk, own_base, own_next in own_rows if own_base and own_next is not None
    ]
    # A cohort product without usable figures of its own (no positive base-year report, or no report
    # for the next year) counts its producer's whole-business figures, once a producer: under its
    # first such product by recognition date then id, the order of the index (producer, certified_on,
    # id), so each producer costs one index probe that stops at the first match.
    own = RevenueReport.objects.filter(product_id=OuterRef("pk")).order_by()
    lacking = (
        Product.objects.filter(
            producer_id=OuterRef("pk"),
            certified_on__year=base_year,
            stars__gte=3,
            commune__path__startswith=path,
        )
        .exclude(Exists(own.filter(year=base_year, revenue__gt=0)) & Exists(own.filter(year=next_year)))
        .order_by("certified_on", "pk")
        .values("pk")[:1]
    )
    whole = RevenueReport.objects.filter(product__isnull=True, producer_id=OuterRef("pk")).order_by()
    producers = (
        Producer.objects.filter(commune__path__startswith=path)
        .annotate(
            whole_base=Subquery(whole.filter(year=base_year).values("revenue")),
            whole_next=Subquery(whole.filter(year=next_year).values("revenue")),
            first=Subquery(lacking),
        )
        .order_by()
        .values_list("first", "whole_base", "whole_next")
    )
    ratios += [
        (pk, whole_next / whole_base)
        for pk, whole_base, whole_next in producers
        if pk is not None and whole_base and whole_next is not None
    ]
    return ratios


@measures(Target.Kind.REVENUE_GROWTH)
def revenue_growth(target, as_of):
    ratios = revenue_ratios(target.plan)
    if not ratios:
        return Measurement(
            None,
            _("no figures reported yet"),
            None,
            detail=_("needs revenue reports for %(a)s and %(b)s")
            % {"a": target.plan.year - 1, "b": target.plan.year},
        )
    mean = round(math.fsum(r for _, r in ratios) / len(ratios), 2)  # exact whatever the order
    return Measurement(
        mean,
        numbers.ratio(mean, 2),
        mean >= _goal(target),
        detail=_("average over %(n)s products recognised in %(y)s")
        % {"n": len(ratios), "y": target.plan.year - 1},
    )


# --- free-form ------------------------------------------------------------------------------
@measures(Target.Kind.MANUAL)
def manual(target, as_of):
    if target.manual_value is None:
        return Measurement(None, _("not entered yet"), None, detail=target.manual_note)
    value = float(target.manual_value)
    shown = _fmt_number(value) + (f" {target.unit}" if target.unit else "")
    return Measurement(value, shown, value >= _goal(target), detail=target.manual_note)
