"""Open-data sets of sales points and fairs (registered with the catalogue's open-data views)."""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

from accounts.levels import DISTRICT, level_code
from accounts.territory import territory
from products.models import Product
from products.views.opendata import Dataset, register_dataset

from .models import Fair, SalesPoint

SALES_POINT_COLUMNS = (
    "name",
    "type",
    "address",
    "district",
    "commune",
    "commune_today",
    "opening_hours",
    "phone",
    "email",
    "website",
    "products",
    "url",
)
FAIR_COLUMNS = (
    "name",
    "city",
    "venue",
    "start_date",
    "end_date",
    "organiser",
    "scope",
    "participants",
    "visitors",
    "sales_vnd",
    "contracts_signed",
    "url",
)


def sales_points():
    return (
        SalesPoint.objects.public()
        .select_related("district", "commune")
        .prefetch_related(
            Prefetch(
                "products",
                queryset=Product.objects.public().order_by("name"),
                to_attr="public_products",
            )
        )
        .order_by("district__code", "name", "pk")
    )


def sales_point_row(point: SalesPoint, root: str) -> dict:
    # ``district`` is the local unit: a district before the 2025 reform, the commune/ward itself after
    is_district = level_code(point.district) == DISTRICT
    commune = point.commune if point.commune_id else (None if is_district else point.district)
    return {
        "name": point.name,
        "type": point.kind,
        "address": point.address,
        "district": point.district.name if is_district else "",
        "commune": commune.name if commune else "",
        "commune_today": (territory().now_name(commune.pk) or commune.name) if commune else "",
        "opening_hours": point.opening_hours,
        "phone": point.phone,
        "email": point.email,
        "website": point.website,
        "products": [p.name for p in point.public_products],
        "url": root + point.get_absolute_url(),
    }


def fairs():
    return (
        Fair.objects.select_related("organiser")
        .annotate(participant_count=Count("participations"))
        .order_by("-start_date", "name", "pk")
    )


def fair_row(fair: Fair, root: str) -> dict:
    return {
        "name": fair.name,
        "city": fair.city,
        "venue": fair.venue,
        "start_date": fair.start_date.isoformat(),
        "end_date": fair.end_date.isoformat(),
        "organiser": fair.organiser.name if fair.organiser_id else "",
        "scope": fair.scope,
        "participants": fair.participant_count,
        "visitors": fair.visitors if fair.has_results else None,
        "sales_vnd": fair.sales_vnd if fair.has_results else None,
        "contracts_signed": fair.contracts_signed if fair.has_results else None,
        "url": root + fair.get_absolute_url(),
    }


def register():
    register_dataset(
        Dataset(
            "sales-points",
            SALES_POINT_COLUMNS,
            sales_points,
            sales_point_row,
            title=_("OCOP sales points"),
            description=_(
                "Shops, showrooms and stalls that sell OCOP products, with their address, opening hours, "
                "contacts and the certified products they sell."
            ),
            fields={
                "name": _("name of the sales point"),
                "type": _("kind of sales point (showroom, shop, stall, online shop…)"),
                "address": _("street address"),
                "district": _("district, for a point recorded before the 2025 reform (else empty)"),
                "commune": _("commune or ward, as recorded"),
                "commune_today": _("commune or ward holding the point's place today"),
                "opening_hours": _("opening hours"),
                "phone": _("telephone"),
                "email": _("e-mail address"),
                "website": _("website"),
                "products": _("certified products sold there (in CSV: separated by “; ”)"),
                "url": _("address of the sales point's page on the portal"),
            },
            frequency=_("Updated whenever the trade promotion office changes a sales point"),
        )
    )
    register_dataset(
        Dataset(
            "fairs",
            FAIR_COLUMNS,
            fairs,
            fair_row,
            title=_("OCOP fairs and trade promotion events"),
            description=_(
                "Fairs and exhibitions where OCOP producers of the province take part, with dates, place, "
                "organiser and, once the fair is over, its results."
            ),
            fields={
                "name": _("name of the fair"),
                "city": _("city or province where it is held"),
                "venue": _("venue"),
                "start_date": _("first day (YYYY-MM-DD)"),
                "end_date": _("last day (YYYY-MM-DD)"),
                "organiser": _("organising unit"),
                "scope": _("scope: in the province, national or international"),
                "participants": _("number of producers taking part"),
                "visitors": _("number of visitors (after the fair; empty before)"),
                "sales_vnd": _("sales during the fair, in VND (after the fair; empty before)"),
                "contracts_signed": _(
                    "number of contracts and memoranda signed (after the fair; empty before)"
                ),
                "url": _("address of the fair's page on the portal"),
            },
            frequency=_("Updated when a fair is announced and when its results are entered"),
        )
    )
