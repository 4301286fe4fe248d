"""The territory the portal serves on a day, in the old tree and the new, without a district tier assumed.

``OCOP_PROVINCE_CODE`` names the province the portal was set up for (Quảng Nam, ``49``). On a day D the
portal serves the unit holding that province's territory (:func:`served_province`: Quảng Nam before
01/07/2025, Thành phố Đà Nẵng since), and it covers every unit inside it or inside any of its
predecessors (:func:`served_units`): the 2025 communes and wards of the city, and the districts and
communes of Quảng Nam (and of the old Đà Nẵng) that records made before the reform keep.

:func:`today_map` says, for every unit of that territory, which unit holds it today (a bulk
:func:`accounts.successions.today_unit`, computed once per process, day and change of the units), so a
list of products can show each one under today's commune/ward **and** the unit it was certified in
without a query per row.
"""

from __future__ import annotations

import dataclasses
import datetime
import threading

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import branding
from .levels import COMMUNE, DISTRICT
from .models import AdministrativeUnit, UnitSuccession
from .successions import MAX_CHAIN

_memo: dict = {}


@dataclasses.dataclass(frozen=True)
class Territory:
    """What the portal serves on ``day``: the province-level unit and the units it covers."""

    day: datetime.date
    province_id: int | None
    paths: tuple[str, ...]  # path prefixes: the province's and its predecessors'
    today: dict[int, int]  # unit pk -> pk of the unit holding it on ``day`` (itself while current)
    holds: dict[int, frozenset[int]]  # today's unit pk -> the earlier units it holds (not itself)
    closed_on: dict[int, datetime.date]  # historical unit pk -> the last day it (or its tree) was in force
    local_of: dict[int, int | None]  # unit pk -> its unit directly under a province (itself at that level)
    now_names: dict[int, str]  # historical unit pk -> the name of the commune or ward holding it today

    def now_name(self, pk: int | None) -> str:
        """The name of today's commune or ward for a record made in unit ``pk``, when it changed since
        ("" while the unit is current, or when only its province's succession is known)."""
        return self.now_names.get(pk, "") if pk is not None else ""

    def is_current(self, pk: int) -> bool:
        return self.today.get(pk, pk) == pk

    def is_history(self, pk: int) -> bool:
        """Closed, or inside a tree that was succeeded: kept by records, not offered for new ones."""
        return pk in self.closed_on or not self.is_current(pk)

    def local_today(self, pk: int | None) -> int | None:
        """The unit directly under today's province that holds ``pk`` (None for a province)."""
        return None if pk is None else self.local_of.get(self.today.get(pk, pk))


_request = (
    threading.local()
)  # the generation read once per request (a page asks for the territory ~150 times)
UNREAD = object()


def _generation():
    seen = getattr(_request, "generation", UNREAD)
    if seen is not UNREAD:
        return seen
    try:
        generation = branding.cache.get(branding.GENERATION_KEY)
    except Exception:  # the cache is down: this process's answer
        generation = None
    if getattr(_request, "active", False):
        _request.generation = generation
    return generation


def _request_started(**_kwargs) -> None:
    _request.active, _request.generation = True, UNREAD


def _request_finished(**_kwargs) -> None:
    _request.active, _request.generation = False, UNREAD


def territory(day: datetime.date | None = None) -> Territory:
    """The served territory on ``day`` (today by default): three queries once per process, day and
    generation of the units (bumped when a unit or a succession is saved, as for the branding)."""
    day = day or timezone.localdate()
    generation = _generation()
    key = (settings.OCOP_PROVINCE_CODE, day)
    known = _memo.get(key)
    if known is not None and known[0] == generation:
        return known[1]
    found = _build(day)
    if len(_memo) > 8:
        _memo.clear()
    _memo[key] = (generation, found)
    return found


def forget(**_kwargs) -> None:
    _memo.clear()
    _request.generation = UNREAD


def _build(day: datetime.date) -> Territory:
    province_pk = branding.portal_province_pk(day)
    if province_pk is None:
        province_pk = (
            AdministrativeUnit.objects.filter(code=settings.OCOP_PROVINCE_CODE)
            .values_list("pk", flat=True)
            .first()
        )
    if province_pk is None:
        return Territory(day, None, (), {}, {}, {}, {}, {})
    successions: dict[int, list[tuple[int, datetime.date]]] = {}
    for pred, succ, when in UnitSuccession.objects.filter(date__lte=day).values_list(
        "predecessor_id", "successor_id", "date"
    ):
        successions.setdefault(pred, []).append((succ, when))
    # the province and, following successions backwards, every unit it succeeded
    preds_of: dict[int, set[int]] = {}
    for pred, rows in successions.items():
        for succ, _when in rows:
            preds_of.setdefault(succ, set()).add(pred)
    roots, frontier = {province_pk}, [province_pk]
    for _step in range(MAX_CHAIN):
        frontier = [p for pk in frontier for p in preds_of.get(pk, ()) if p not in roots]
        if not frontier:
            break
        roots.update(frontier)
    root_paths = dict(AdministrativeUnit.objects.filter(pk__in=roots).values_list("pk", "path"))
    paths = tuple(
        sorted(
            p for p in root_paths.values() if not any(q != p and p.startswith(q) for q in root_paths.values())
        )
    )
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)
    found = list(
        AdministrativeUnit.objects.filter(q).values_list("pk", "path", "valid_to", "code", "local_unit_id")
    )
    rows = [row[:4] for row in found]
    local_of = {row[0]: row[4] for row in found}
    by_code = {code: pk for pk, _path, _to, code in rows}

    def leaves(pk: int) -> list[int]:
        """The units succeeding ``pk`` on ``day`` (following chains), or [] when none is recorded."""
        result, frontier, seen = [], [pk], {pk}
        for _step in range(MAX_CHAIN):
            nxt = []
            for unit in frontier:
                if unit in successions:
                    fresh = [s for s, _w in successions[unit] if s not in seen]
                    seen.update(fresh)
                    nxt.extend(fresh)
                elif unit != pk:
                    result.append(unit)
            if not nxt:
                break
            frontier = nxt
        return result

    path_of = {pk: path for pk, path, _to, _code in rows}
    path_of.update(root_paths)
    first_leaf: dict[int, int | None] = {}

    def successor(pk: int) -> int | None:
        if pk not in first_leaf:
            found = sorted(leaves(pk), key=lambda s: path_of.get(s, ""))
            first_leaf[pk] = found[0] if found else None
        return first_leaf[pk]

    today: dict[int, int] = {}
    closed_on: dict[int, datetime.date] = {}
    for pk, path, valid_to, _code in rows:
        chain = [by_code.get(c) for c in path.strip("/").split("/") if c]  # province first, itself last
        if pk in successions:
            today[pk] = successor(pk) or pk
            closed_on[pk] = min(w for _s, w in successions[pk]) - datetime.timedelta(days=1)
            continue
        province_succeeded = chain[0] in successions
        if (valid_to is None or valid_to >= day) and not province_succeeded:
            today[pk] = pk
            continue
        held = pk
        for ancestor in reversed(chain[:-1]):
            if ancestor in successions and successor(ancestor):
                held = successor(ancestor)
                break
        today[pk] = held
        ends = [valid_to] if valid_to and valid_to < day else []
        ends += [
            min(w for _s, w in successions[a]) - datetime.timedelta(days=1) for a in chain if a in successions
        ]
        if ends:
            closed_on[pk] = min(ends)
    for pk in list(today):  # a unit merged in 2024 into a district that the 2025 reform closed
        for _step in range(MAX_CHAIN):
            nxt = today.get(today[pk], today[pk])
            if nxt == today[pk]:
                break
            today[pk] = nxt
    targets = {now for pk, now in today.items() if now != pk}
    names = dict(
        AdministrativeUnit.objects.filter(pk__in=targets, level__code=COMMUNE).values_list("pk", "name")
    )
    now_names = {pk: names[now] for pk, now in today.items() if now != pk and now in names}
    holds: dict[int, set[int]] = {}
    for pk, _path, _to, _code in rows:
        if pk in successions:  # a split unit is held by each of its successors
            for leaf in leaves(pk):
                holds.setdefault(leaf, set()).add(pk)
        if today[pk] != pk:
            holds.setdefault(today[pk], set()).add(pk)
    return Territory(
        day=day,
        province_id=province_pk,
        paths=paths,
        today=today,
        holds={k: frozenset(v) for k, v in holds.items()},
        closed_on=closed_on,
        local_of=local_of,
        now_names=now_names,
    )


# --- what callers use -------------------------------------------------------------------------------


def served_province(day: datetime.date | None = None) -> AdministrativeUnit | None:
    """The province-level unit the portal serves on ``day`` (Thành phố Đà Nẵng after 01/07/2025; the
    configured province while no successor is recorded)."""
    pk = territory(day).province_id
    return AdministrativeUnit.objects.select_related("level").filter(pk=pk).first() if pk else None


def served_q(lookup: str = "", day: datetime.date | None = None) -> Q:
    """A ``Q`` for rows whose unit (at ``lookup``, e.g. ``"commune"``; ``""`` for units) lies in the
    served territory, old tree or new. Matches nothing when no province is loaded."""
    field = f"{lookup}__path__startswith" if lookup else "path__startswith"
    paths = territory(day).paths
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(**{field: path})
    return q


def served_units(day: datetime.date | None = None):
    """Every unit of the served territory: today's communes and wards and the units records keep
    (Quảng Nam's districts and communes), the provinces themselves included."""
    return AdministrativeUnit.objects.filter(served_q("", day))


def local_units(day: datetime.date | None = None):
    """The units directly under a province of the territory: today's (the communes and wards of a
    two-tier city, or the districts of a three-tier province) and the districts records made before
    the reform keep (closed ones too)."""
    return served_units(day).local()


def current_local_units(day: datetime.date | None = None):
    """Today's units directly under the served province (the rows of a per-locality target)."""
    t = territory(day)
    return AdministrativeUnit.objects.filter(parent_id=t.province_id).valid_on(t.day)


def holding(unit: AdministrativeUnit, day: datetime.date | None = None) -> list[int]:
    """Primary keys of the units ``unit`` holds on ``day``: itself and every earlier unit merged into
    it (Xã Duy Xuyên holds Xã Duy Sơn, Xã Duy Trinh, Xã Duy Trung)."""
    return [unit.pk, *sorted(territory(day).holds.get(unit.pk, ()))]


def unit_filter_q(unit: AdministrativeUnit, lookup: str = "commune", day: datetime.date | None = None) -> Q:
    """Rows whose unit (at ``lookup``) is inside ``unit`` or inside a unit it succeeded: a 2026 ward
    finds the products certified in the communes merged into it, an old district its own records."""
    q = Q(**{f"{lookup}__path__startswith" if lookup else "path__startswith": unit.path})
    held = territory(day).holds.get(unit.pk)
    if held:
        q |= Q(**{f"{lookup}_id__in" if lookup else "pk__in": sorted(held)})
    return q


def today_pk(unit_pk: int | None, day: datetime.date | None = None) -> int | None:
    """The pk of the unit holding ``unit_pk`` on ``day`` (itself while current or outside the territory)."""
    if unit_pk is None:
        return None
    return territory(day).today.get(unit_pk, unit_pk)


def today_place(unit: AdministrativeUnit | None, day: datetime.date | None = None):
    """Today's commune or ward of a record made in ``unit`` when it has changed since, else None.

    None too when the succession of ``unit`` itself is not loaded (only its province's): naming the
    whole city as "today's commune" would be wrong.
    """
    if unit is None:
        return None
    t = territory(day)
    now = t.today.get(unit.pk, unit.pk)
    if now == unit.pk:
        return None
    found = _units_by_pk([now]).get(now)
    return found if found is not None and found.level_id and found.level.code == COMMUNE else None


def _units_by_pk(pks) -> dict:
    return AdministrativeUnit.objects.select_related("level", "parent").in_bulk(list(pks))


def today_places(units, day: datetime.date | None = None) -> dict[int, AdministrativeUnit]:
    """For ``units`` (rows' communes), today's commune/ward of those that changed: one query for a page."""
    t = territory(day)
    wanted = {u.pk: t.today.get(u.pk, u.pk) for u in units if u is not None}
    changed = {pk: now for pk, now in wanted.items() if now != pk}
    found = _units_by_pk(set(changed.values())) if changed else {}
    return {
        pk: found[now] for pk, now in changed.items() if now in found and found[now].level.code == COMMUNE
    }


def commune_with_today(unit, day: datetime.date | None = None):
    """A list cell: the commune as recorded, "→ Xã Duy Xuyên" after it when merged since (no query)."""
    from django.utils.html import format_html

    if unit is None:
        return ""
    now = territory(day).now_name(unit.pk)
    if not now:
        return unit.name
    return format_html(
        '{} <span class="text-muted small" title="{}">→ {}</span>', unit.name, _("Current unit"), now
    )


def labelled(unit: AdministrativeUnit, day: datetime.date | None = None) -> str:
    """A unit's name in a list mixing both trees: "Huyện Duy Xuyên (trước 7/2025)" for history."""
    closed = territory(day).closed_on.get(unit.pk)
    if closed is None:
        return unit.name
    first = closed + datetime.timedelta(days=1)
    month = f"{first.month}/{first.year}"
    return _("%(name)s (before %(month)s)") % {"name": unit.name, "month": month}


def local_choices(day: datetime.date | None = None) -> list[tuple[str, list[AdministrativeUnit]]]:
    """The local units grouped for a select: today's first, then the former districts (history)."""
    t = territory(day)
    units = list(local_units(day).select_related("level").order_by("name", "pk"))
    now = [u for u in units if not t.is_history(u.pk)]
    then = [u for u in units if u not in now]
    two_tier = any(u.level.code == COMMUNE for u in now)
    current_label = _("Communes and wards today") if two_tier else _("Districts")
    groups = []
    if now:
        groups.append((current_label, now))
    if then:
        history_label = (
            _("Districts before the reform")
            if all(u.level.code == DISTRICT for u in then)
            else _("Units before the reform")
        )
        groups.append((history_label, then))
    return groups


for _model in (AdministrativeUnit, UnitSuccession):
    from django.db.models.signals import post_delete, post_save

    post_save.connect(forget, sender=_model, dispatch_uid=f"territory-forget-save-{_model.__name__}")
    post_delete.connect(forget, sender=_model, dispatch_uid=f"territory-forget-delete-{_model.__name__}")


def _connect_requests() -> None:
    from django.core.signals import request_finished, request_started

    request_started.connect(_request_started, dispatch_uid="territory-request-started")
    request_finished.connect(_request_finished, dispatch_uid="territory-request-finished")


_connect_requests()
