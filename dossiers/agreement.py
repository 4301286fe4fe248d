"""Where a product's lifecycle and its dossier of the year would disagree (issue 13: one truth).

The services make a disagreement impossible — a dossier opens only at step 4 or for re-rating, its
submission and return move the product (``products.workflows`` transitions ``taken_by`` dossiers) —
and :func:`disagreements` is the read-only check that proves it on any database (the demo, a
province's data after an upgrade): each row names the product, its state and its dossier's status.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from products import workflows as pw
from products.models import Product

from . import workflows as wf
from .models import Dossier

# The product states a dossier of the year is compatible with, by dossier status.
WHILE_ASSEMBLED = (pw.IN_DEVELOPMENT, pw.RERATING)  # draft or returned: the district still works on it
AFTER_SUBMISSION = (pw.DOSSIER_SUBMITTED, pw.EVALUATED, pw.NOT_REACHED, pw.RECOGNISED, pw.EXPIRED, pw.REVOKED)


def disagreements(year: int) -> list[tuple[str, str, str]]:
    """(product, product state, dossier status or "—") for every disagreement in ``year``:

    * a dossier being assembled (draft, returned) beside a product not at step 4 / re-rating;
    * a dossier with the evaluating level beside a product that has not reached "dossier submitted";
    * a product registered in ``year`` at "dossier submitted" without any dossier of that year.
    """
    rows = []
    dossiers = Dossier.objects.filter(year=year).select_related("product")
    for dossier in dossiers.filter(
        Q(status__in=wf.EDITABLE) & ~Q(product__state__in=WHILE_ASSEMBLED)
        | Q(status__in=wf.WITH_EVALUATORS) & ~Q(product__state__in=AFTER_SUBMISSION)
    ):
        rows.append((str(dossier.product), dossier.product.state, dossier.status))
    of_the_year = Dossier.objects.filter(product=OuterRef("pk"), year=year)  # (those are checked above)
    for product in Product.objects.filter(registered_year=year, state=pw.DOSSIER_SUBMITTED).exclude(
        Exists(of_the_year)
    ):
        rows.append((str(product), product.state, "—"))
    return rows
