"""What tradefairs adds to the public catalogue's pages (registered in ``TradefairsConfig.ready``):
where a product is sold and which fairs show it, and the home page's fairs and sales-point figures."""

from __future__ import annotations

import datetime

from products.views.public import fair_card

from .models import Fair, SalesPoint


def product_sections(product, today: datetime.date) -> dict:
    sales_points = list(
        SalesPoint.objects.public()
        .filter(products=product)
        .select_related("district")
        .order_by("district__name", "name")
    )
    fairs = list(
        Fair.objects.filter(participations__products=product)
        .filter(end_date__gte=today - datetime.timedelta(days=365))
        .distinct()
        .order_by("-start_date")[:8]
    )
    fairs.sort(key=lambda f: (f.end_date < today, abs((f.start_date - today).days)))
    return {"sales_points": sales_points, "fairs": [fair_card(f, today) for f in fairs]}


def _coverage(today: datetime.date) -> dict:
    from .services import local_coverage

    coverage = local_coverage(today)
    return {
        "districts_covered": coverage["covered"],
        "districts_total": coverage["total"],
        "coverage_two_tier": coverage["two_tier"],
    }


def home_sections(today: datetime.date) -> dict:
    fairs = list(Fair.objects.current_or_upcoming(today).order_by("start_date", "name")[:4])
    return {
        "fairs": [fair_card(f, today) for f in fairs],
        "sales_points": SalesPoint.objects.public().count(),
        **_coverage(today),
    }
