"""The library of standard duties, loaded from ``plans/duty_library.json``.

The data come from “Tổ chức thực hiện” of Quảng Nam's 2023 plan (seed 002, section V) and the 2023
instruction letter (seed 003, items 1–12): ``units`` are the letter's units in its order (lead
department code or a lead group, heading, cooperating department codes), ``duties`` their duties.
``{year}`` / ``{next_year}`` in a title or text are replaced by the plan's year when a task is
created from the template. Department codes are those of accounts/fixtures/departments_quang_nam.json.
"""

from __future__ import annotations

import json
from pathlib import Path

from accounts.models import Department

from .models import DutyTemplate

LIBRARY = Path(__file__).resolve().parent / "duty_library.json"

_data = json.loads(LIBRARY.read_text(encoding="utf-8"))

# unit key -> (lead department code or None, lead group, heading, cooperating codes)
UNITS = {
    key: (unit["lead"], unit["lead_group"], unit["heading"], tuple(unit["cooperating"]))
    for key, unit in _data["units"].items()
}

# (code, unit key, title, text, extra cooperating, recurrence, due (month, day) or None, source)
DUTIES = [
    (
        d["code"],
        d["unit"],
        d["title"],
        d["text"],
        tuple(d["cooperating"]),
        d["recurrence"],
        tuple(d["due"]) if d["due"] else None,
        d["source"],
    )
    for d in _data["duties"]
]

UNIT_ORDER = list(UNITS)


def template_rows():
    """Yield dicts ready for DutyTemplate (with codes for the lead and cooperating departments)."""
    position = {key: 0 for key in UNITS}
    for code, unit, title, text, extra, recurrence, due, source in DUTIES:
        lead, group, heading, coop = UNITS[unit]
        position[unit] += 1
        yield {
            "code": code,
            "lead": lead,
            "lead_group": group,
            "section_heading": heading,
            "cooperating": tuple(dict.fromkeys((*coop, *extra))),
            "title": title,
            "text": text,
            "recurrence": recurrence,
            "due_month": due[0] if due else None,
            "due_day": due[1] if due else None,
            "source": source,
            "order": (UNIT_ORDER.index(unit) + 1) * 100 + position[unit],
        }


def load_templates() -> tuple[int, int]:
    """Create or update the library (idempotent). Returns (created, updated)."""
    departments = {d.code: d for d in Department.objects.all()}
    created = updated = 0
    for row in template_rows():
        coop = row.pop("cooperating")
        lead = row.pop("lead")
        code = row.pop("code")
        obj, was_created = DutyTemplate.objects.update_or_create(
            code=code, defaults={**row, "lead_department": departments.get(lead) if lead else None}
        )
        obj.cooperating.set([departments[c] for c in coop if c in departments])
        created += was_created
        updated += not was_created
    return created, updated
