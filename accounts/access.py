"""The one access policy: which rows a user may see and change.

Every view, export and API gets its queryset from :func:`visible` or
:func:`editable`; nothing else filters by role. Apps register how each of their
models hangs off the administrative tree (``unit``: the lookup path to an
:class:`AdministrativeUnit`) and off a producer (``producer``), and may override the
rule of a single role with a function ``(user, queryset) -> queryset``.

Defaults, per role:

* provincial DARD staff and admins: everything, read and write;
* local officers (role value ``district``): rows whose unit lies inside their unit, read and write. The
  unit is the one directly under the province: a district in a three-tier tree, a commune/ward (its
  economic office) in a two-tier one. Scoping is by materialised path, so both work alike;
* commune officials: rows inside their commune, read only unless the model says so;
* department staff: read everything province-wide, write nothing (they inspect);
* council members: nothing unless the model grants it (evaluation does);
* producers: their own producer's rows, read only;
* anonymous: nothing (public pages use the models' ``public()`` querysets).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import models

from .models import Role

RoleRule = Callable[[object, models.QuerySet], models.QuerySet]


@dataclass
class Policy:
    unit: str | None = None  # lookup to an AdministrativeUnit, e.g. "commune" or "product__commune"
    producer: str | None = None  # lookup to a Producer, e.g. "producer" or "pk"
    commune_can_change: bool = False
    department_can_view: bool = True
    view: dict[str, RoleRule] = field(default_factory=dict)
    change: dict[str, RoleRule] = field(default_factory=dict)


_registry: dict[type[models.Model], Policy] = {}


def register(model: type[models.Model], policy: Policy) -> None:
    _registry[model] = policy


def policy_for(model: type[models.Model]) -> Policy:
    try:
        return _registry[model]
    except KeyError:
        raise LookupError(f"No access policy registered for {model.__name__}") from None


def _as_queryset(qs_or_model) -> models.QuerySet:
    if isinstance(qs_or_model, models.QuerySet):
        return qs_or_model
    return qs_or_model._default_manager.all()


def unit_paths(user) -> list[str]:
    """Path prefixes of the area a local user works in: their unit and the units it succeeded (a 2025
    commune also holds the records of the old communes it merged; history keeps their units). Computed
    once per user object (a request's)."""
    cached = getattr(user, "_ocop_unit_paths", None)
    if cached is not None and cached[0] == user.unit_id:
        return cached[1]
    from .successions import history_paths

    paths = history_paths(user.unit)
    user._ocop_unit_paths = (user.unit_id, paths)
    return paths


def _in_user_unit(user, qs: models.QuerySet, policy: Policy) -> models.QuerySet:
    if not policy.unit or not user.unit_id:
        return qs.none()
    paths = unit_paths(user)
    if len(paths) == 1:
        return qs.filter(**{f"{policy.unit}__path__startswith": paths[0]})
    q = models.Q()
    for path in paths:
        q |= models.Q(**{f"{policy.unit}__path__startswith": path})
    return qs.filter(q)


def _own_producer(user, qs: models.QuerySet, policy: Policy) -> models.QuerySet:
    producer_id = getattr(getattr(user, "producer_account", None), "producer_id", None)
    if not policy.producer or not producer_id:
        return qs.none()
    return qs.filter(**{policy.producer: producer_id})


def role_of(user) -> str | None:
    if not user or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


def visible(user, qs_or_model) -> models.QuerySet:
    """Rows of ``qs_or_model`` that ``user`` may read."""
    qs = _as_queryset(qs_or_model)
    policy = policy_for(qs.model)
    role = role_of(user)
    if role is None:
        return qs.none()
    if role in policy.view:
        return policy.view[role](user, qs)
    if role in (Role.ADMIN, Role.PROVINCE):
        return qs
    if role in (Role.DISTRICT, Role.COMMUNE):
        return _in_user_unit(user, qs, policy)
    if role == Role.DEPARTMENT:
        return qs if policy.department_can_view else qs.none()
    if role == Role.PRODUCER:
        return _own_producer(user, qs, policy)
    return qs.none()


def editable(user, qs_or_model) -> models.QuerySet:
    """Rows of ``qs_or_model`` that ``user`` may change."""
    qs = _as_queryset(qs_or_model)
    policy = policy_for(qs.model)
    role = role_of(user)
    if role is None:
        return qs.none()
    if role in policy.change:
        return policy.change[role](user, qs)
    if role in (Role.ADMIN, Role.PROVINCE):
        return qs
    if role == Role.DISTRICT:
        return _in_user_unit(user, qs, policy)
    if role == Role.COMMUNE and policy.commune_can_change:
        return _in_user_unit(user, qs, policy)
    return qs.none()


def can_view(user, obj) -> bool:
    return visible(user, type(obj)).filter(pk=obj.pk).exists()


def can_change(user, obj) -> bool:
    return editable(user, type(obj)).filter(pk=obj.pk).exists()


def require_change(user, obj) -> None:
    if not can_change(user, obj):
        raise PermissionDenied


def units_for(user):
    """Administrative units the user may pick in forms and filters."""
    from .models import AdministrativeUnit

    role = role_of(user)
    qs = AdministrativeUnit.objects.select_related("level")
    if role in (Role.DISTRICT, Role.COMMUNE) and user.unit_id:
        paths = unit_paths(user)  # the unit's subtree and the units it succeeded (their records)
        q = models.Q()
        for path in paths:
            q |= models.Q(path__startswith=path)
        return qs.filter(q)
    if role is None or role == Role.PRODUCER:
        return qs.none()
    return qs


def is_provincial(user) -> bool:
    return role_of(user) in (Role.ADMIN, Role.PROVINCE)


def is_staff_member(user) -> bool:
    role = role_of(user)
    return role is not None and role != Role.PRODUCER
