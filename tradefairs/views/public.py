"""Public pages of sales points and fairs (cached like the catalogue); a signed-in user who may
manage the row also sees the staff actions on it."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access, territory
from accounts.branding import portal_province_name
from ocop_portal.site import absolute_url
from products.models import Product
from products.views.public import (
    CODE_RE,
    cached_page,
    clean_text,
    int_param,
    meta_tags,
    render_cached,
)

from .. import services
from ..models import Fair, Participation, SalesPoint

PUBLIC_PAGE_SIZE = 20


def _public_products():
    return Prefetch(
        "products",
        queryset=Product.objects.public().select_related("producer").order_by("-stars", "name"),
        to_attr="public_products",
    )


# --- public: sales points ---------------------------------------------------------------------


def salespoint_list(request):
    params = {
        "district": d if CODE_RE.match(d := (request.GET.get("district") or "").strip()) else "",
        "kind": k if (k := (request.GET.get("kind") or "").strip()) in SalesPoint.Kind.values else "",
        "q": clean_text(request.GET.get("q")),
        "page": int_param(request.GET.get("page"), low=1, high=100_000) or 1,
    }

    def build():
        groups = territory.local_choices()
        qs = (
            SalesPoint.objects.public()
            .select_related("district", "district__parent", "commune")
            .annotate(product_count=Count("products"))
        )
        district = next((d for _label, units in groups for d in units if d.code == params["district"]), None)
        if district is not None:
            qs = qs.in_unit(district)
        if params["kind"]:
            qs = qs.filter(kind=params["kind"])
        if params["q"]:
            qs = qs.search(params["q"])
        else:
            qs = qs.order_by("-kind", "district__name", "name")
        page = Paginator(qs, PUBLIC_PAGE_SIZE).get_page(params["page"])
        coverage = services.local_coverage()
        ctx = {
            "params": params,
            "page": page,
            "points": list(page.object_list),
            "district_groups": [
                (label, [(d.code, territory.labelled(d)) for d in units]) for label, units in groups
            ],
            "kinds": SalesPoint.Kind.choices,
            "covered": coverage["covered"],
            "districts_total": coverage["total"],
            "two_tier": coverage["two_tier"],
            "page_query": {k: v for k, v in params.items() if v and k != "page"},
        }
        title = _("OCOP sales points and centres")
        return {
            "title": title,
            "description": _("Where to buy certified OCOP products of %(province)s.")
            % {"province": portal_province_name()},
            "meta": meta_tags(title=title, og_type="website", og_url=absolute_url(request.path)),
            "body": render_to_string("tradefairs/public/_salespoint_list_body.html", ctx),
        }

    data = cached_page(request, ("salespoints", sorted(params.items())), build)
    return render_cached(request, data)


def salespoint_detail(request, pk: int):
    def build():
        point = (
            SalesPoint.objects.public()
            .select_related("district", "district__parent", "commune")
            .prefetch_related(_public_products())
            .filter(pk=pk)
            .first()
        )
        if point is None:
            return {"status": 404}
        ctx = {"point": point, "products": point.public_products}
        return {
            "status": 200,
            "title": point.name,
            "description": f"{point.get_kind_display()} — {point.address}",
            "meta": meta_tags(title=point.name, og_type="place", og_url=absolute_url(request.path)),
            "body": render_to_string("tradefairs/public/_salespoint_detail_body.html", ctx),
        }

    data = cached_page(request, ("salespoint", pk), build)
    user = request.user
    point = None
    if data["status"] == 404:
        # A closed point: who may see it in the back office still reaches it (uncached); others: 404.
        point = SalesPoint.objects.select_related("district", "commune").filter(pk=pk).first()
        if point is None or not user.is_authenticated or not access.can_view(user, point):
            raise Http404(_("No such sales point."))
        products = list(point.products.select_related("producer").order_by("name"))
        body = render_to_string(
            "tradefairs/public/_salespoint_detail_body.html", {"point": point, "products": products}
        )
        data = {"title": point.name, "meta": '<meta name="robots" content="noindex">', "body": body}
    if user.is_authenticated:
        point = point or SalesPoint.objects.get(pk=pk)
        if access.can_change(user, point):
            data = {**data, "staff_template": "tradefairs/_salespoint_actions.html", "point": point}
    return render_cached(request, data)


# --- public: fairs ----------------------------------------------------------------------------


def fair_list(request):
    this_year = timezone.localdate().year
    params = {
        "year": int_param(request.GET.get("year"), low=2000, high=this_year + 5),
        "scope": s if (s := (request.GET.get("scope") or "").strip()) in Fair.Scope.values else "",
        "q": clean_text(request.GET.get("q")),
        "page": int_param(request.GET.get("page"), low=1, high=100_000) or 1,
    }

    def build():
        today = timezone.localdate()
        qs = Fair.objects.select_related("organiser").annotate(participant_count=Count("participations"))
        if params["year"]:
            qs = qs.filter(start_date__year=params["year"])
        if params["scope"]:
            qs = qs.filter(scope=params["scope"])
        if params["q"]:
            qs = qs.search(params["q"])
        current = list(qs.current_or_upcoming(today).order_by("start_date", "name")[:12])
        past = Paginator(qs.ended(today).order_by("-start_date", "name"), PUBLIC_PAGE_SIZE).get_page(
            params["page"]
        )
        years = sorted({d.year for d in Fair.objects.dates("start_date", "year")} | {this_year}, reverse=True)
        ctx = {
            "params": params,
            "current": current,
            "past": past,
            "past_rows": list(past.object_list),
            "years": years,
            "scopes": Fair.Scope.choices,
            "today": today,
            "page_query": {k: v for k, v in params.items() if v and k != "page"},
        }
        title = _("OCOP fairs and trade promotion")
        return {
            "title": title,
            "description": _("Fairs where OCOP producers of %(province)s show their products.")
            % {"province": portal_province_name()},
            "meta": meta_tags(title=title, og_type="website", og_url=absolute_url(request.path)),
            "body": render_to_string("tradefairs/public/_fair_list_body.html", ctx),
        }

    return render_cached(request, cached_page(request, ("fairs", sorted(params.items())), build))


def fair_detail(request, pk: int):
    def build():
        fair = Fair.objects.select_related("organiser").filter(pk=pk).first()
        if fair is None:
            return {"status": 404}
        participations = list(
            fair.participations.select_related("producer", "producer__commune__parent")
            .prefetch_related(_public_products())
            .order_by("producer__name")
        )
        ctx = {
            "fair": fair,
            "participations": participations,
            "shown_products": sum(len(p.public_products) for p in participations),
        }
        return {
            "status": 200,
            "title": fair.name,
            "description": f"{fair.name} — {fair.city}, {fair.start_date:%d/%m/%Y}–{fair.end_date:%d/%m/%Y}",
            "meta": meta_tags(
                title=fair.name,
                og_type="event",
                og_url=absolute_url(request.path),
                og_description=(fair.description or "")[:200],
            ),
            "body": render_to_string("tradefairs/public/_fair_detail_body.html", ctx),
        }

    data = cached_page(request, ("fair", pk), build)
    if data["status"] == 404:
        raise Http404(_("No such fair."))
    extra = {}
    user = request.user
    if user.is_authenticated:
        fair = Fair.objects.get(pk=pk)
        registrations = list(
            access.visible(user, Participation)
            .filter(fair=fair)
            .select_related("producer")
            .prefetch_related("products")
            .order_by("producer__name")
        )
        editable = set(access.editable(user, Participation).filter(fair=fair).values_list("pk", flat=True))
        extra = {
            "staff_template": "tradefairs/_fair_actions.html",
            "fair": fair,
            "can_change": access.can_change(user, fair),
            "can_register": services.can_register_at(user, fair),
            "registrations": registrations,
            "withdrawable": editable if fair.status == "upcoming" else set(),
        }
    return render_cached(request, {**data, **extra})
