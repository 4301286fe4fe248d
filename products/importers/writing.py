"""Writing an import: all-or-nothing, in bulk, with a number of queries that does not grow with the rows.

What the producers and products services would do row by row is done here for the whole file at once
(issue 15: ~31 queries a row before): the producers created once per file and the new products
bulk-created with their history rows and their "register" transitions; the duplicate warning answered
by one query for every new product (:mod:`.duplicates`); changed products bulk-updated with their
history; the ratings handed to the certificates register in one call
(:meth:`products.certification.Certification.record_imported_many`): DARD's import records paper
certificates, anyone else's proposes them. The scope of every row was checked while matching
(:mod:`.matching`); the rating fields are never written here.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.workflow import TransitionRefused

from .. import cache, certification
from .creating import create_producers, create_products, update_products
from .duplicates import mark_duplicates

BATCH = 2_000  # rows per INSERT / UPDATE statement


def apply(report, *, user=None, progress=None) -> None:
    """Write the planned rows in one transaction; on any failure nothing is kept and the error is
    reported (``report.applied`` stays False). ``progress(done, total)`` is called between steps."""
    try:
        with transaction.atomic():
            _write(report, user, progress or (lambda done, total: None))
    except (ValidationError, TransitionRefused, PermissionDenied, DatabaseError) as exc:
        row = getattr(exc, "_import_row", None)
        message = getattr(exc, "message", None) or "; ".join(getattr(exc, "messages", [])) or str(exc)
        report.error(row, "", "", _("Not saved, nothing was imported: %(error)s") % {"error": message})
        report.applied = False
        return
    report.applied = True


def _provider():
    provider = certification.provider()
    if provider is None:  # pragma: no cover - the certificates app is always installed
        raise TransitionRefused(_("Ratings cannot be recorded: the certificates register is missing."))
    return provider


def _write(report, by, progress):
    total = len(report.rows)
    now = timezone.now()
    progress(0, total)
    report.producers_created = create_producers(report.rows, by=by, now=now, batch=BATCH)
    new = [p for p in report.rows if p.action == "create"]
    create_products(new, by=by, now=now, batch=BATCH)
    progress(len(new) // 2, total)
    mark_duplicates(new, report, by=by, now=now, batch=BATCH)
    progress(len(new), total)
    update_products([p for p in report.rows if p.action == "update"], by=by, now=now, batch=BATCH)
    rated = [p for p in report.rows if p.set_rating]
    if rated:
        items = [
            certification.ImportedRating(
                product=p.product,
                stars=p.stars,
                decision_number=p.decision,
                recognised_on=p.recognised_on,
                source=certification.ImportSource(report.filename, report.sha256, p.row),
            )
            for p in rated
        ]
        route = _provider().record_imported_many(items, by=by)
        for p in rated:
            p.rating_route = route
    cache.bump()
    progress(total, total)
