"""The provincial summary of a plan as an Excel workbook (openpyxl): one sheet per section."""

from __future__ import annotations

import datetime
from io import BytesIO
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from accounts.levels import local_level_label
from ocop_portal import spreadsheet
from products import workflows as product_workflows

from . import board, figures
from .models import AnnualPlan, FundingSource

if TYPE_CHECKING:
    from openpyxl import Workbook

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WARN_FILL = PatternFill("solid", fgColor="FCE4D6")
MONEY = "#,##0"


def _header(ws, row: int, values):
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=str(value))
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(ws, widths):
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _title(ws, text: str):
    ws.cell(row=1, column=1, value=text).font = Font(bold=True, size=13)


def plan_workbook(plan: AnnualPlan, *, entries, tasks, allocations, disbursements, as_of=None) -> Workbook:
    """Build the workbook from querysets already scoped to the requesting user."""
    as_of = as_of or timezone.localdate()
    wb = spreadsheet.new_workbook()
    heading = f"{plan.title} — {plan.number or _('no number')} ({_('as of')} {as_of:%d/%m/%Y})"

    # 1. Targets
    ws = wb.active
    ws.title = _("Targets")[:31]
    _title(ws, heading)
    _header(ws, 3, [_("Target"), _("Kind"), _("Goal"), _("Value now"), _("On track"), _("Detail")])
    for i, target in enumerate(plan.targets.all(), start=4):
        m = target.measure()
        ws.cell(row=i, column=1, value=target.label)
        ws.cell(row=i, column=2, value=str(target.get_kind_display()))
        ws.cell(row=i, column=3, value=target.goal_display)
        ws.cell(row=i, column=4, value=m.value if m.value is not None else m.display)
        ws.cell(row=i, column=5, value=("—" if m.on_track is None else (_("yes") if m.on_track else _("no"))))
        ws.cell(row=i, column=6, value=m.detail)
        if m.on_track is False:
            for col in range(1, 7):
                ws.cell(row=i, column=col).fill = WARN_FILL
    _widths(ws, [60, 36, 14, 14, 10, 50])

    # 2. Products by district and step
    ws = wb.create_sheet(_("Products by step")[:31])
    _title(ws, heading)
    steps = board.STEPS
    _header(
        ws,
        3,
        [local_level_label(plan.province, datetime.date(plan.year, 12, 31))]
        + [f"{s}. {product_workflows.CYCLE_STEPS[s]}" for s in steps]
        + [_("Total"), _("Stuck past window")],
    )
    rows, totals = board.cycle_board(plan, entries, list(plan.districts()), as_of=as_of)
    r = 4
    for row in [*rows, totals]:
        name = (
            str(row.district) if row.district is not None else (_("Total") if row is totals else _("Other"))
        )
        values = [name, *[row.counts[s] for s in steps], row.total, row.stuck_total]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            if row is totals:
                cell.font = BOLD
        if row.stuck_total:
            ws.cell(row=r, column=len(values)).fill = WARN_FILL
        r += 1
    _widths(ws, [28] + [16] * len(steps) + [10, 14])

    # 3. Tasks
    ws = wb.create_sheet(_("Tasks")[:31])
    _title(ws, heading)
    _header(
        ws,
        3,
        [
            _("Lead"),
            _("Cooperating"),
            _("Task"),
            _("Due"),
            _("Recurrence"),
            _("Status"),
            _("Overdue"),
            _("Last progress %"),
        ],
    )
    r = 4
    for task in tasks:
        last = task.reports.all()[0] if task.reports.all() else None
        values = [
            task.lead_name,
            ", ".join(str(d) for d in task.cooperating.all()),
            task.title,
            task.due_date,
            str(task.get_recurrence_display()),
            str(task.status_label),
            _("yes") if task.is_overdue(as_of) else "",
            last.percent if last else None,
        ]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            if isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
        if task.is_overdue(as_of):
            ws.cell(row=r, column=7).fill = WARN_FILL
        r += 1
    _widths(ws, [30, 30, 70, 12, 12, 14, 10, 14])

    # 4. Funding
    ws = wb.create_sheet(_("Funding")[:31])
    _title(ws, heading)
    sources = FundingSource.choices
    _header(
        ws,
        3,
        [_("Locality")]
        + [f"{label} — {_('allocated')}" for _v, label in sources]
        + [f"{label} — {_('disbursed')}" for _v, label in sources]
        + [_("Allocated"), _("Disbursed"), _("Unspent"), _("Disbursed %")],
    )
    funding_rows, funding_totals = figures.funding_summary(allocations, disbursements)
    r = 4
    for row in [*funding_rows, funding_totals]:
        name = str(row.locality) if row.locality is not None else _("Total")
        values = (
            [name]
            + [row.allocated[v] for v, _l in sources]
            + [row.disbursed[v] for v, _l in sources]
            + [row.allocated_total, row.disbursed_total, row.remainder, row.rate]
        )
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            if col > 1 and col < len(values):
                cell.number_format = MONEY
            if row is funding_totals:
                cell.font = BOLD
        if row.low_spending:
            ws.cell(row=r, column=len(values) - 1).fill = WARN_FILL
        r += 1
    _widths(ws, [28] + [18] * (2 * len(sources) + 4))
    return wb


def plan_workbook_bytes(plan, **kwargs) -> bytes:
    buffer = BytesIO()
    plan_workbook(plan, **kwargs).save(buffer)
    return buffer.getvalue()
