"""State changes on products: registration, lifecycle transitions, rating updates."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from ocop_portal.search import DUPLICATE_THRESHOLD  # noqa: E402 - one threshold, kept with the search code
from ocop_portal.workflow import TransitionRefused

from . import workflows
from .models import Product, ProductGroup, ProductTransition


class DuplicateWarning(Exception):
    """Similar products exist; the caller must confirm with a reason."""

    def __init__(self, matches):
        super().__init__(_("Similar products are already registered."))
        self.matches = matches


def similar_products(
    name: str, group: ProductGroup | None, *, exclude_producer_id=None, exclude_pk=None, limit=5
):
    """Products of *other* producers with a closely matching name in the same top group."""
    from ocop_portal.search import similarity_matches

    qs = Product.objects.with_related().exclude(state=workflows.REVOKED)
    if group is not None:
        top = group.top
        qs = qs.filter(group__in=[top, *top.subgroups.all()]) if top.pk else qs
    if exclude_producer_id:
        qs = qs.exclude(producer_id=exclude_producer_id)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return similarity_matches(qs, name, folded_field="name_ascii", threshold=DUPLICATE_THRESHOLD, limit=limit)


@transaction.atomic
def register_product(
    *, by, duplicate_reason: str = "", initial_state: str = workflows.IDEA_REGISTERED, **fields
) -> Product:
    """Register a product. Raises DuplicateWarning unless a reason is given for close matches."""
    product = Product(**fields)
    if not duplicate_reason.strip():
        matches = similar_products(product.name, product.group, exclude_producer_id=product.producer_id)
        if matches:
            raise DuplicateWarning(matches)
    product.duplicate_reason = duplicate_reason.strip()
    product.state = initial_state
    product.created_by = by if getattr(by, "is_authenticated", False) else None
    product.full_clean(exclude=["slug", "name_ascii"])
    product.save()
    ProductTransition.record(
        product, "register", "", initial_state, by=product.created_by, reason=product.duplicate_reason
    )
    return product


@transaction.atomic
def transition(product: Product, name: str, *, by, reason: str = "", at=None, **updates) -> Product:
    """Move ``product`` along the lifecycle; refuses what the workflow does not allow."""
    locked = Product.objects.select_for_update().get(pk=product.pk)
    role = access.role_of(by) if by is not None else None
    if by is not None and not access.can_change(by, locked) and role not in ("province", "admin"):
        raise TransitionRefused(_("You may not change this product."))
    t = workflows.LIFECYCLE.check(locked.state, name, role=role, reason=reason)
    previous = locked.state
    locked.state = t.target
    for field, value in updates.items():
        setattr(locked, field, value)
    locked.save()
    ProductTransition.record(locked, name, previous, t.target, by=by, reason=reason, at=at)
    product.refresh_from_db()
    return product


# --- Registry operations used by the staff pages and the spreadsheet importer -------------------


def check_scope(by, commune) -> None:
    """Refuse (PermissionDenied → 403) a commune outside what ``by`` may register products in."""
    from producers.services import check_unit_in_scope

    check_unit_in_scope(by, commune)


@transaction.atomic
def create_product(*, by, standards=(), duplicate_reason: str = "", **fields) -> Product:
    """Register a product from the staff form: scope check, duplicate check, standards held.

    Raises PermissionDenied outside the user's area, DuplicateWarning (nothing saved) when
    other producers have closely matching products and no reason is given.
    """
    commune = fields.get("commune")
    if commune is not None:
        check_scope(by, commune)
    product = register_product(by=by, duplicate_reason=duplicate_reason, **fields)
    if standards:
        product.standards.set(standards)
    return product


@transaction.atomic
def update_product(product: Product, *, by, standards=None, **fields) -> Product:
    """Change a product's registration data (not its state or rating: those have their own services)."""
    from django.core.exceptions import PermissionDenied

    protected = {"state", "stars", "certificate_number", "certified_on", "valid_until", "created_by"}
    if protected & set(fields):
        raise ValueError(f"update_product cannot change {sorted(protected & set(fields))}")
    locked = Product.objects.select_for_update().get(pk=product.pk)
    if by is not None and not access.can_change(by, locked):
        raise PermissionDenied(_("You may not change this product."))
    for field, value in fields.items():
        setattr(locked, field, value)
    if by is not None and "commune" in fields:
        check_scope(by, locked.commune)
    locked.full_clean(exclude=["slug", "name_ascii"])
    locked.save()
    if standards is not None:
        locked.standards.set(standards)
    return locked


@transaction.atomic
def set_listings(product: Product, listings, *, by) -> None:
    """Replace the product's e-commerce listings with ``listings`` [(platform, url), ...]."""
    from django.core.exceptions import PermissionDenied

    from .models import EcommerceListing

    if by is not None and not access.can_change(by, product):
        raise PermissionDenied(_("You may not change this product."))
    wanted = {(platform, url.strip()) for platform, url in listings if url and url.strip()}
    current = {(item.platform, item.url): item for item in product.listings.all()}
    for key, item in current.items():
        if key not in wanted:
            item.delete()
    EcommerceListing.objects.bulk_create(
        [EcommerceListing(product=product, platform=p, url=u) for p, u in sorted(wanted - set(current))]
    )


@transaction.atomic
def add_image(product: Product, *, image, kind: str, caption: str = "", by):
    """Attach a photo, packaging or label image to the product."""
    from django.core.exceptions import PermissionDenied

    from .models import ProductImage

    if by is not None and not access.can_change(by, product):
        raise PermissionDenied(_("You may not change this product."))
    order = product.images.count()
    item = ProductImage(product=product, image=image, kind=kind, caption=(caption or "").strip(), order=order)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def delete_image(item, *, by) -> None:
    from django.core.exceptions import PermissionDenied

    if by is not None and not access.can_change(by, item.product):
        raise PermissionDenied(_("You may not change this product."))
    item.image.delete(save=False)
    item.delete()


def imported_certificate_number(decision_number: str) -> str:
    """The placeholder certificate number of an imported rating: "QĐ <decision number>"."""
    decision_number = (decision_number or "").strip()
    return f"QĐ {decision_number}"[:50] if decision_number else "QĐ (không rõ số)"


@transaction.atomic
def record_imported_rating(product: Product, stars: int, decision_number: str, recognised_on, by) -> Product:
    """Record a rating recognised *outside* the portal (a provincial spreadsheet) on the product.

    Honest about what it is: there is no score sheet, council or certificate row behind it —
    the evaluation app is above products and is not imported here. The product gets:

    * ``stars`` (3–5), ``certified_on = recognised_on``,
      ``valid_until = recognised_on + OCOP_CERTIFICATE_VALIDITY_MONTHS`` (36 months, dateutil);
    * ``certificate_number = "QĐ <decision number>"`` — a placeholder built from the recognition
      decision's number, not a certificate issued by the portal (``"QĐ (không rõ số)"`` when the
      sheet has no decision number);
    * state RECOGNISED, or EXPIRED when that validity already ended before today (so an old
      rating does not show as current);
    * a ProductTransition named "import" with the reason "imported" (who = ``by``).

    A later certificate issued through the evaluation services supersedes this rating.
    """
    from dateutil.relativedelta import relativedelta
    from django.conf import settings

    stars = int(stars)
    if not 3 <= stars <= 5:
        raise TransitionRefused(_("Only 3★ to 5★ products are recognised and certified."))
    if recognised_on is None:
        raise TransitionRefused(_("A recognition date is needed to record a rating."))
    locked = Product.objects.select_for_update().get(pk=product.pk)
    previous = locked.state
    locked.stars = stars
    locked.certified_on = recognised_on
    locked.valid_until = recognised_on + relativedelta(months=settings.OCOP_CERTIFICATE_VALIDITY_MONTHS)
    locked.certificate_number = imported_certificate_number(decision_number)
    expired = locked.valid_until < timezone.localdate()
    locked.state = workflows.EXPIRED if expired else workflows.RECOGNISED
    locked.save()
    ProductTransition.record(
        locked,
        "import",
        previous,
        locked.state,
        by=by if getattr(by, "is_authenticated", False) else None,
        reason="imported",
    )
    product.refresh_from_db()
    return product
