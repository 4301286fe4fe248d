"""The annual plan as a print-ready PDF, in the layout of the provincial plans (Kế hoạch)."""

from __future__ import annotations

from django.utils import timezone

from ocop_portal.pdf import (
    authority_kind,
    authority_name,
    authority_short,
    place_name,
    render_pdf,
    signature_lines,
    standing_agency,
)

from . import services
from .models import AnnualPlan


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def plan_context(plan: AnnualPlan) -> dict:
    products = plan.plan_products.select_related(
        "product__producer", "product__commune__parent", "product__group"
    ).order_by("product__commune__parent__code", "product__name")
    date = plan.date or timezone.localdate()
    issuer = plan.issuing_unit  # Thành phố Đà Nẵng for a Quảng Nam plan dated after the 2025 merger
    return {
        "plan": plan,
        "authority": authority_name(issuer),
        "authority_short": authority_short(issuer),
        "issuer_sentence": "UBND " + issuer.name[:1].lower() + issuer.name[1:],
        "place": place_name(issuer),
        "authority_kind": authority_kind(issuer),
        "standing_agency": standing_agency(issuer, date) or "cơ quan thường trực Chương trình OCOP",
        # two-tier (communes directly under the province): the appendix has no district column
        "two_tier": not plan.province.children.filter(children__isnull=False).exists(),
        "date": date,
        "legal_bases": plan.legal_bases.order_by("order", "pk"),
        "purposes": _lines(plan.purposes),
        "general_objectives": _lines(plan.general_objectives),
        "specific_objectives": _lines(plan.specific_objectives),
        "targets": plan.targets.order_by("pk"),
        "milestones": plan.milestones.all(),  # in date order; a bound batch's date is its call's batch's
        "contents": _lines(plan.contents),
        "funding": _lines(plan.funding),
        "implementation_intro": _lines(plan.implementation_intro),
        "implementation": services.implementation_section(plan),
        "recipients": _lines(plan.recipients),
        "signature": signature_lines(plan.signer_title),
        "products": products,
    }


def plan_pdf(plan: AnnualPlan) -> bytes:
    return render_pdf("plans/pdf/plan.html", plan_context(plan), cached=True)
