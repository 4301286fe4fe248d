"""Helpers for the products tests: build .xlsx files in memory."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone
from openpyxl import Workbook

from products.importers import COLUMNS

HEADERS = list(COLUMNS.values())


def xlsx(rows, headers=HEADERS, *, title_rows=()) -> io.BytesIO:
    """An .xlsx file: optional title rows, the header row, then ``rows`` (lists or dicts by header)."""
    wb = Workbook()
    ws = wb.active
    for title in title_rows:
        ws.append(title)
    ws.append(list(headers))
    for row in rows:
        if isinstance(row, dict):
            ws.append([row.get(h) for h in headers])
        else:
            ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "products.xlsx"
    return buffer


def a_year_ago() -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - 1, day=min(today.day, 28))


def row(**overrides) -> dict:
    """A good row in Duy Xuyên (keys are the Vietnamese headers or the short COLUMNS keys)."""
    values = {
        "name": "Bánh tráng Nam Phước",
        "producer": "HTX Dịch vụ Nông nghiệp Nam Phước",
        "kind": "Hợp tác xã",
        "tax_code": "4000999001",
        "commune": "Thị trấn Nam Phước",
        "district": "Huyện Duy Xuyên",
        "group": "1.3",
        "stars": None,
        "decision": None,
        "recognised_on": None,
    }
    for key, value in overrides.items():
        values[key] = value
    return {COLUMNS[k]: v for k, v in values.items()}
