"""State changes on products: registration, lifecycle transitions, rating updates."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from ocop_portal.workflow import TransitionRefused

from . import workflows
from .models import Product, ProductGroup, ProductTransition

DUPLICATE_THRESHOLD = 0.6


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


def _record(product: Product, name: str, from_state: str, to_state: str, *, by, reason: str = "", at=None):
    return ProductTransition.objects.create(
        product=product,
        name=name,
        from_state=from_state,
        to_state=to_state,
        by=by,
        reason=reason,
        at=at or timezone.now(),
    )


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
    _record(product, "register", "", initial_state, by=product.created_by, reason=product.duplicate_reason)
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
    _record(locked, name, previous, t.target, by=by, reason=reason, at=at)
    product.refresh_from_db()
    return product
