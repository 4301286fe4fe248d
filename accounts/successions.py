"""Reading unit successions: today's unit for a historical one, and what was once inside a unit.

A succession (``UnitSuccession``) says that ``predecessor`` was succeeded by ``successor`` on ``date``
(a commune merged into a new commune, Quảng Nam into the new Đà Nẵng). Records keep the unit they
were made in; these helpers let lists and statistics also show them under today's unit.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import AdministrativeUnit, UnitSuccession

MAX_CHAIN = 10  # a guard against a cycle typed into the admin


def resolve_official(code: str, day: datetime.date, *, side: str) -> AdministrativeUnit | None:
    """The unit with official ``code`` valid on ``day``; ``side`` picks among several.

    Before a reform both the old unit (open-ended until its succession is recorded) and nothing else
    match; after it, the old unit may still be open: ``side="new"`` prefers the latest ``valid_from``,
    ``side="old"`` the earliest (an unset ``valid_from`` counts as the earliest).
    """
    candidates = list(AdministrativeUnit.objects.official(code, day).select_related("level"))
    if not candidates:
        return None
    candidates.sort(key=lambda u: (u.valid_from is not None, u.valid_from or datetime.date.min))
    return candidates[-1] if side == "new" else candidates[0]


def current_successors(
    unit: AdministrativeUnit, day: datetime.date | None = None
) -> list[AdministrativeUnit]:
    """The units that succeed ``unit`` on ``day`` (following chains), or ``[]`` when none is recorded."""
    day = day or timezone.localdate()
    frontier, result, seen = [unit.pk], [], {unit.pk}
    for _step in range(MAX_CHAIN):
        rows = list(
            UnitSuccession.objects.filter(predecessor_id__in=frontier, date__lte=day).values_list(
                "predecessor_id", "successor_id"
            )
        )
        if not rows:
            break
        moved = {p for p, _s in rows}
        result = [pk for pk in result if pk not in moved]
        frontier = [s for _p, s in rows if s not in seen]
        seen.update(frontier)
        result.extend(frontier)
    if not result:
        return []
    units = AdministrativeUnit.objects.select_related("level", "parent").in_bulk(result)
    return sorted((units[pk] for pk in set(result)), key=lambda u: u.path)


def today_unit(
    unit: AdministrativeUnit | None, day: datetime.date | None = None
) -> AdministrativeUnit | None:
    """The unit that holds ``unit``'s territory on ``day``.

    ``unit`` itself while it has no recorded successor; else its successor (the first, by path, when a
    unit was split). A unit closed without a recorded successor of its own, or lying in a province that
    was succeeded (a commune missing from the loaded mapping), falls back to its nearest ancestor's
    successor: at worst the new province.
    """
    if unit is None:
        return None
    day = day or timezone.localdate()
    chain = unit.ancestor_codes()  # province first, the unit itself last
    succeeded = set(
        UnitSuccession.objects.filter(predecessor__code__in=chain, date__lte=day).values_list(
            "predecessor__code", flat=True
        )
    )  # one query when nothing changed
    if unit.code in succeeded:
        return current_successors(unit, day)[0]
    is_open = unit.valid_to is None or unit.valid_to >= day
    if is_open and chain[0] not in succeeded:
        return unit
    for code in reversed(chain[:-1]):  # nearest ancestor first
        if code in succeeded:
            successors = current_successors(AdministrativeUnit.objects.get(code=code), day)
            if successors:
                return successors[0]
    return unit


def today_commune(
    commune: AdministrativeUnit | None, day: datetime.date | None = None
) -> AdministrativeUnit | None:
    """Where something registered on ``day`` in ``commune``'s territory is registered: the commune that
    succeeded it (the first by path when it was split) when the loaded mapping names one, else
    ``commune`` itself — never a province (:func:`today_unit`'s fallback for an unmapped commune)."""
    if commune is None:
        return None
    found = [u for u in current_successors(commune, day) if u.level.code == commune.level.code]
    return found[0] if found else commune


def predecessors_of(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """Every unit that ``unit`` succeeded, directly or through a chain."""
    frontier, seen = [unit.pk], {unit.pk}
    for _step in range(MAX_CHAIN):
        nxt = [
            pk
            for pk in UnitSuccession.objects.filter(successor_id__in=frontier).values_list(
                "predecessor_id", flat=True
            )
            if pk not in seen
        ]
        if not nxt:
            break
        seen.update(nxt)
        frontier = nxt
    seen.discard(unit.pk)
    return list(AdministrativeUnit.objects.filter(pk__in=seen).order_by("path"))


def history_paths(unit: AdministrativeUnit) -> list[str]:
    """Path prefixes covering ``unit`` and every predecessor: ``path__startswith`` any of them."""
    paths = sorted({unit.path, *(u.path for u in predecessors_of(unit))})
    # Drop a path already covered by a shorter one.
    return [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]


def were_within(unit: AdministrativeUnit, queryset=None):
    """Units (or ``queryset``'s) that are or were inside ``unit``: its subtree and its predecessors'."""
    qs = AdministrativeUnit.objects.all() if queryset is None else queryset
    return qs.filter(were_within_q("", unit))


def were_within_q(lookup: str, unit: AdministrativeUnit):
    """A ``Q`` for rows whose unit (at ``lookup``) is or was inside ``unit``, e.g. ``"commune"``."""
    from django.db.models import Q

    field = f"{lookup}__path__startswith" if lookup else "path__startswith"
    q = Q()
    for path in history_paths(unit):
        q |= Q(**{field: path})
    return q
