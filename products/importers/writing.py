"""Writing an import: all-or-nothing, through the producers and products services (producers created
once per file, products created or updated) and the certificates register (an imported rating becomes a
paper-recorded certificate when DARD imports, a proposal awaiting DARD otherwise)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.workflow import TransitionRefused
from producers import services as producer_services

from .. import certification, services
from ..models import Product


def apply(report, *, user=None) -> None:
    """Write the planned rows in one transaction; on any failure nothing is kept and the error is
    reported (``report.applied`` stays False)."""
    try:
        with transaction.atomic():
            _write(report, user)
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


def _write(report, by):
    created_producers: dict = {}
    this_year = timezone.localdate().year
    for p in report.rows:
        try:
            if p.producer is None:
                producer = created_producers.get(p.producer_key)
                if producer is None:
                    producer = producer_services.create_producer(
                        by=by, name=p.producer_name, kind=p.kind, tax_code=p.tax_code, commune=p.commune
                    )
                    created_producers[p.producer_key] = producer
                p.producer = producer
            if p.action == "create":
                fields = dict(
                    name=p.name,
                    producer=p.producer,
                    commune=p.commune,
                    group=p.group,
                    origin=Product.Origin.EXISTING if p.stars else Product.Origin.NEW,
                    registered_year=p.recognised_on.year if p.recognised_on else this_year,
                )
                try:
                    product = services.create_product(by=by, **fields)
                except services.DuplicateWarning as warning:
                    names = ", ".join(f"{m.name} ({m.producer})" for m in warning.matches)
                    reason = _("Imported from a spreadsheet (row %(row)s); similar: %(names)s") % {
                        "row": p.row,
                        "names": names,
                    }
                    report.warnings.append(
                        _("Row %(row)s: similar products exist: %(names)s") % {"row": p.row, "names": names}
                    )
                    product = services.create_product(by=by, duplicate_reason=reason[:1000], **fields)
                p.product = product
            elif p.action == "update":
                changes = {}
                if p.product.group_id != p.group.pk:
                    changes["group"] = p.group
                if p.product.commune_id != p.commune.pk:
                    changes["commune"] = p.commune
                if changes:
                    p.product = services.update_product(p.product, by=by, **changes)
            if p.set_rating:
                p.rating_route = _provider().record_imported(
                    p.product,
                    stars=p.stars,
                    decision_number=p.decision,
                    recognised_on=p.recognised_on,
                    by=by,
                    source=certification.ImportSource(report.filename, report.sha256, p.row),
                )
        except (ValidationError, TransitionRefused, PermissionDenied, DatabaseError) as exc:
            exc._import_row = p.row
            raise
    report.producers_created = len(created_producers)
