"""The annual plan as a print-ready PDF, in the layout of the provincial plans (Kế hoạch).

Laying a plan out costs ~0.4 s CPU plus ~10 ms a product of its appendix (4.7 s for 438 products), its
HTML a small part of that. So the PDF is laid out ahead of the request (``plans.tasks``): stored as a
file per plan named by the SHA-256 of its HTML (``MEDIA_ROOT/plans/pdf/<plan>-<sha256>.pdf``, which
survives a cache flush and a restart, and any change to the plan's data changes the name: nothing to
invalidate). The download renders only the HTML and serves the stored file when its name matches.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ocop_portal import pdf as documents
from ocop_portal.pdf import (
    authority_kind,
    authority_name,
    authority_short,
    place_name,
    signature_lines,
    standing_agency,
)

from .models import AnnualPlan
from .sections import implementation_section


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
        "implementation": implementation_section(plan),
        "recipients": _lines(plan.recipients),
        "signature": signature_lines(plan.signer_title),
        "products": products,
    }


TEMPLATE = "plans/pdf/plan.html"


def plan_html(plan: AnnualPlan) -> str:
    return documents.render_html(TEMPLATE, plan_context(plan))


def pdf_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "plans" / "pdf"


def stored_path(plan_id: int, digest: str) -> Path:
    return pdf_dir() / f"{plan_id}-{digest}.pdf"


def stored_pdf(plan_id: int, digest: str) -> Path | None:
    """The stored PDF of the plan's HTML of this digest, or None."""
    path = stored_path(plan_id, digest)
    return path if path.exists() else None


def store_pdf(plan_id: int, html: str) -> Path:
    """Lay ``html`` out and store it as the plan's PDF; the plan's older PDFs are removed. Written to a
    temporary file then renamed: a reader never sees half a PDF, two writers of the same HTML agree."""
    data = documents.html_to_pdf(html)
    path = stored_path(plan_id, documents.html_digest(html))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    for old in path.parent.glob(f"{plan_id}-*.pdf"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


def render_plan_pdf(plan: AnnualPlan) -> Path:
    """The plan's current PDF as a stored file: the stored one if its HTML has not changed, else laid
    out now (the background task, the management command and a small plan's download)."""
    html = plan_html(plan)
    return stored_pdf(plan.pk, documents.html_digest(html)) or store_pdf(plan.pk, html)


def plan_pdf(plan: AnnualPlan) -> bytes:
    return render_plan_pdf(plan).read_bytes()
