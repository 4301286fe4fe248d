"""The six-step cycle board: where the plan's products sit, per district, and which are stuck.

A product's step comes from the registry's lifecycle (``products.workflows.cycle_step``);
the windows come from the plan (:class:`plans.models.StepWindow`). A product is *stuck* when
it is still in a step whose window ended before ``as_of`` (step 6 never ends inside the year).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from accounts import territory
from accounts.models import AdministrativeUnit
from products import workflows as product_workflows

from .models import AnnualPlan, Milestone, PlanProduct

STEPS = tuple(product_workflows.CYCLE_STEPS)
LAST_STEP = STEPS[-1]


def step_of(state: str) -> int:
    return product_workflows.cycle_step(state)


def window_ends(plan: AnnualPlan) -> dict[int, datetime.date]:
    return {w.step: w.end for w in plan.step_windows.all()}


def is_stuck(step: int, ends: dict[int, datetime.date], as_of: datetime.date) -> bool:
    end = ends.get(step)
    return step != LAST_STEP and end is not None and end < as_of


@dataclass
class BoardRow:
    district: object  # AdministrativeUnit or None for products outside any district (two-tier)
    counts: dict[int, int] = field(default_factory=lambda: dict.fromkeys(STEPS, 0))
    stuck: dict[int, int] = field(default_factory=lambda: dict.fromkeys(STEPS, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def stuck_total(self) -> int:
        return sum(self.stuck.values())

    def cells(self):
        return [(s, self.counts[s], self.stuck[s]) for s in STEPS]


def cycle_board(plan: AnnualPlan, entries, districts, as_of: datetime.date | None = None):
    """Rows per district (in the order given) plus a totals row, from ``entries`` (PlanProduct qs)."""
    as_of = as_of or timezone.localdate()
    ends = window_ends(plan)
    rows = {d.pk: BoardRow(d) for d in districts}
    other = BoardRow(None)
    data = (
        entries.filter(plan=plan)
        .values("product__state", "product__commune_id", "product__commune__local_unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    extra: dict[int, BoardRow] = {}
    data = list(data)
    # A product registered before the 2025 reform in a commune merged since counts for the commune or
    # ward that holds it during the plan year (Xã Duy Sơn → Xã Duy Xuyên), when that is one of the rows.
    tree = territory.territory(min(as_of, plan.year_end))
    for item in data:
        if item["product__commune__local_unit_id"] not in rows:
            now = tree.local_today(item["product__commune_id"])
            if now in rows:
                item["product__commune__local_unit_id"] = now
    # Districts closed since (merged) still have products: give them their own row, after the others.
    # Rows are per local unit (the level under the province: district, or commune when two-tier).
    missing = {item["product__commune__local_unit_id"] for item in data} - set(rows) - {None}
    closed = AdministrativeUnit.objects.in_bulk(list(missing)) if missing else {}
    for item in data:
        step = step_of(item["product__state"])
        parent = item["product__commune__local_unit_id"]
        row = rows.get(parent)
        if row is None:
            row = extra.setdefault(parent, BoardRow(closed[parent])) if parent in closed else other
        row.counts[step] += item["n"]
        if is_stuck(step, ends, as_of):
            row.stuck[step] += item["n"]
    totals = BoardRow(None)
    result = list(rows.values()) + list(extra.values()) + ([other] if other.total else [])
    for row in result:
        for s in STEPS:
            totals.counts[s] += row.counts[s]
            totals.stuck[s] += row.stuck[s]
    return result, totals


@dataclass
class BoardEntry:
    entry: PlanProduct
    step: int
    stuck: bool
    days_late: int


def district_entries(plan: AnnualPlan, entries, as_of: datetime.date | None = None) -> list[BoardEntry]:
    """The plan's products in ``entries`` with their step and whether they are stuck, by step."""
    as_of = as_of or timezone.localdate()
    ends = window_ends(plan)
    out = []
    for e in entries.filter(plan=plan).select_related(
        "product", "product__producer", "product__commune", "product__commune__parent"
    ):
        step = step_of(e.product.state)
        stuck = is_stuck(step, ends, as_of)
        out.append(BoardEntry(e, step, stuck, (as_of - ends[step]).days if stuck else 0))
    out.sort(key=lambda b: (b.step, not b.stuck, b.entry.product.name))
    return out


@dataclass
class BatchProgress:
    milestone: Milestone
    required: int
    achieved: int
    due_passed: bool

    @property
    def behind(self) -> bool:
        return self.due_passed and self.achieved < self.required


def batch_progress(plan: AnnualPlan, entries, as_of: datetime.date | None = None) -> list[BatchProgress]:
    """For each dossier batch with a quota: how many products must have reached step 5, and how many have."""
    as_of = as_of or timezone.localdate()
    states = list(entries.filter(plan=plan).values_list("product__state", flat=True))
    total = len(states)
    achieved = sum(1 for s in states if step_of(s) >= 5)
    out = []
    for m in plan.milestones.dossier_batches():  # in date order (a bound milestone's is its batch's)
        quota = m.quota if m.quota is not None else 100
        out.append(BatchProgress(m, math.ceil(total * quota / 100), achieved, m.deadline < as_of))
    return out
