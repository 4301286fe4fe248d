"""State changes on products: registration, lifecycle transitions, registry data.

A product's rating (stars, certificate number, dates) is not changed here: it comes from a certificate,
through the certificates services (see :mod:`products.certification`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import access
from ocop_portal.search import DUPLICATE_THRESHOLD  # noqa: E402 - one threshold, kept with the search code
from ocop_portal.uploads.policy import UploadRefused, inspect_upload
from ocop_portal.uploads.types import PRODUCT_IMAGES
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
def transition(
    product: Product, name: str, *, by, reason: str = "", at=None, via: str | None = None, **updates
) -> Product:
    """Move ``product`` along the lifecycle; refuses what the workflow does not allow.

    ``via`` names the app whose service takes a move that follows its own record (``taken_by`` in
    :data:`products.workflows.LIFECYCLE`): without it such a move is refused."""
    locked = Product.objects.select_for_update().get(pk=product.pk)
    role = access.role_of(by) if by is not None else None
    if by is not None and not access.can_change(by, locked) and role not in ("province", "admin"):
        # a producer takes the moves open to producers (STAFF_OR_PRODUCER) on their own products only
        own = role == "producer" and access.can_view(by, locked)
        if not (own and "producer" in workflows.LIFECYCLE.get(name).roles):
            raise TransitionRefused(_("You may not change this product."))
    t = workflows.LIFECYCLE.check(locked.state, name, role=role, reason=reason, via=via)
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
    try:
        inspect_upload(image, profile=PRODUCT_IMAGES)
    except UploadRefused as exc:
        raise ValidationError(exc.message) from exc
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
