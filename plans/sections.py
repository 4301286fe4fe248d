"""Sections of the plan's text derived from its records (read-only: shown on the plan page and in its PDF)."""

from __future__ import annotations

from .models import AnnualPlan


def implementation_section(plan: AnnualPlan) -> list[tuple[str, list[str]]]:
    """“Tổ chức thực hiện” generated from the plan's tasks: [(unit heading, [duty texts])].

    Units appear in the order of their first task; recurring occurrences are not repeated.
    """
    groups: dict[str, list[str]] = {}
    for task in plan.tasks.roots().select_related("lead_department").order_by("order", "pk"):
        groups.setdefault(task.heading, []).append((task.description or task.title).strip())
    return list(groups.items())
