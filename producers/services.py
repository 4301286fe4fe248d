"""State changes on producers: create, update, organisation events, matching for imports.

Views, admin actions and the spreadsheet importer call these functions; they never save
producers themselves. Each function is one transaction and checks the caller's scope
through :mod:`accounts.access` (``by=None`` means a system caller such as a management
command run without ``--user``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import access
from ocop_portal.text import fold

from .models import OrganisationEvent, Producer

# Roles that register and maintain producers (and their products).
REGISTRY_ROLES = ("province", "district", "admin")


def can_register(user) -> bool:
    """May ``user`` create producers and products at all (inside their scope)?"""
    return access.role_of(user) in REGISTRY_ROLES


def check_unit_in_scope(user, commune) -> None:
    """Refuse a commune outside what ``user`` may edit (PermissionDenied → 403)."""
    if user is None:
        return
    if not can_register(user):
        raise PermissionDenied(_("You may not register producers or products."))
    if not access.units_for(user).filter(pk=commune.pk).exists():
        raise PermissionDenied(_("%(unit)s is outside your area.") % {"unit": commune})


def _validate(producer: Producer) -> None:
    producer.name = (producer.name or "").strip()
    producer.tax_code = (producer.tax_code or "").strip()
    producer.full_clean(exclude=["name_ascii"])


@transaction.atomic
def create_producer(*, by, **fields) -> Producer:
    """Create a producer in a commune the user may edit. Raises ValidationError on bad data."""
    producer = Producer(**fields)
    check_unit_in_scope(by, producer.commune)
    _validate(producer)
    producer.save()
    return producer


@transaction.atomic
def update_producer(producer: Producer, *, by, **fields) -> Producer:
    """Change a producer the user may edit; moving it is only allowed inside the user's area."""
    if by is not None:
        access.require_change(by, producer)
    for field, value in fields.items():
        setattr(producer, field, value)
    check_unit_in_scope(by, producer.commune)
    _validate(producer)
    producer.save()
    return producer


@transaction.atomic
def record_organisation_event(
    producer: Producer, *, year: int, kind: str, note: str = "", by
) -> OrganisationEvent:
    """Record that ``producer`` was newly founded / consolidated in ``year`` (counted by plan targets)."""
    if by is not None:
        access.require_change(by, producer)
    if kind not in OrganisationEvent.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of event.")})
    if producer.founded_year and kind == OrganisationEvent.Kind.FOUNDED and year < producer.founded_year:
        raise ValidationError({"year": _("The year is before the producer's founding year.")})
    event = OrganisationEvent(
        producer=producer,
        year=year,
        kind=kind,
        note=(note or "").strip(),
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    event.full_clean(exclude=["recorded_by"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError:
        raise ValidationError(
            {"year": _("This event is already recorded for %(year)s.") % {"year": year}}
        ) from None
    return event


@transaction.atomic
def delete_organisation_event(event: OrganisationEvent, *, by) -> None:
    """Remove a wrongly recorded event (the audit history keeps a copy)."""
    if by is not None:
        access.require_change(by, event.producer)
    event.delete()


def find_producer(*, name: str, commune, tax_code: str = "") -> Producer | None:
    """The existing producer a spreadsheet row means: by tax code, else by folded name in the commune."""
    tax_code = (tax_code or "").strip()
    if tax_code:
        found = Producer.objects.filter(tax_code=tax_code).first()
        if found:
            return found
    return Producer.objects.filter(name_ascii=fold(name), commune=commune).order_by("pk").first()
