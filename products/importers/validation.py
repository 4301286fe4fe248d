"""Validating the rows: every cell checked (all errors collected, as row, column, value, message),
then each row matched to its producer and existing product to plan create / update / unchanged."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from .cells import KIND_LABELS, cell_text, parse_date, parse_kind, parse_stars
from .matching import References, resolve_producers, resolve_products
from .report import PlannedRow


def validate_row(refs: References, number: int, values: dict, report) -> PlannedRow | None:
    """The planned row for one spreadsheet row, or None after adding its errors to ``report``."""
    errors_before = len(report.errors)
    name = cell_text(values.get("name"))
    producer_name = cell_text(values.get("producer"))
    kind_text = cell_text(values.get("kind"))
    tax_code = cell_text(values.get("tax_code"))
    group_text = cell_text(values.get("group"))
    decision = cell_text(values.get("decision"))
    today = timezone.localdate()

    if not name:
        report.error(number, "name", "", _("Required."))
    elif len(name) > 255:
        report.error(number, "name", name, _("Too long (at most 255 characters)."))
    if not producer_name:
        report.error(number, "producer", "", _("Required."))
    elif len(producer_name) > 255:
        report.error(number, "producer", producer_name, _("Too long (at most 255 characters)."))
    kind = parse_kind(kind_text)
    if not kind_text:
        report.error(number, "kind", "", _("Required."))
    elif kind is None:
        report.error(
            number,
            "kind",
            kind_text,
            _("Unknown type; use one of: %(kinds)s.") % {"kinds": ", ".join(KIND_LABELS.values())},
        )
    if len(tax_code) > 20:
        report.error(number, "tax_code", tax_code, _("Too long (at most 20 characters)."))
    commune = refs.match_unit(number, values, report)
    try:
        stars = parse_stars(values.get("stars"))
    except ValueError:
        stars = None
        report.error(number, "stars", cell_text(values.get("stars")), _("Stars must be 3, 4 or 5."))
    try:
        recognised_on = parse_date(values.get("recognised_on"))
    except ValueError:
        recognised_on = None
        report.error(
            number,
            "recognised_on",
            cell_text(values.get("recognised_on")),
            _("Not a date: use dd/mm/yyyy."),
        )
    else:
        if recognised_on and recognised_on > today:
            report.error(number, "recognised_on", cell_text(values.get("recognised_on")), _("In the future."))
            recognised_on = None
    if len(decision) > 45:
        report.error(number, "decision", decision, _("Too long (at most 45 characters)."))
    if stars and not recognised_on and not cell_text(values.get("recognised_on")):
        report.error(number, "recognised_on", "", _("Required when the stars are given."))
    if stars and not decision:
        # a rating is recorded as (or proposed for) a certificate: it needs the decision that recognised it
        report.error(number, "decision", "", _("Required when the stars are given."))
    if (decision or cell_text(values.get("recognised_on"))) and not cell_text(values.get("stars")):
        report.error(number, "stars", "", _("Required when a recognition decision or date is given."))
    regulation = refs.regulation_on(recognised_on)
    group = None
    if not group_text:
        report.error(number, "group", "", _("Required."))
    else:
        group = refs.match_group(group_text, regulation)
        if group is None:
            report.error(
                number,
                "group",
                group_text,
                _("Unknown product group under %(regulation)s.") % {"regulation": regulation},
            )
    if len(report.errors) > errors_before:
        return None
    return PlannedRow(
        row=number,
        name=name,
        producer_name=producer_name,
        kind=kind,
        tax_code=tax_code,
        commune=commune,
        group=group,
        stars=stars,
        decision=decision,
        recognised_on=recognised_on,
    )


def validate(raw_rows, report, *, user=None) -> None:
    """Check every row and plan its action (``report.rows``), or collect every error; writes nothing."""
    refs = References(user)
    planned = [validate_row(refs, number, values, report) for number, values in raw_rows]
    planned = [p for p in planned if p is not None]
    if report.errors:
        return
    resolve_producers(planned)
    resolve_products(planned, report, user=user)
    report.rows = planned
    report.producers_created = len({p.producer_key for p in planned if p.producer is None})
