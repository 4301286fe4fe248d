"""Streamed spreadsheet exports (CSV and XLSX) that never hold all rows in memory.

Generic helpers used by the producer and product lists: give them the column headers and an
iterable of rows (built from ``queryset.iterator(chunk_size=...)``) and they return a response.

* CSV: a :class:`StreamingHttpResponse` yielding one line at a time, UTF-8 with a BOM so that
  Excel opens Vietnamese text correctly.
* XLSX: a :class:`StreamingHttpResponse` too, the workbook written row by row by
  :func:`producers.xlsx.stream_xlsx` (the first bytes leave after the first rows; openpyxl's
  write-only workbook sent nothing until the whole file was built: 16.8 s for 100 000 rows).

Both go through the portal's formula-injection guard (``ocop_portal/spreadsheet.py``; the streamed
XLSX writes every string as an inline string cell, never a formula).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise

from ocop_portal import spreadsheet

CHUNK_SIZE = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value  # formula-like text is neutralised by the guarded writer


def csv_response(headers: Sequence[str], rows: Iterable[Sequence], filename: str) -> StreamingHttpResponse:
    writer = spreadsheet.csv_writer(spreadsheet.Echo())

    def lines():
        yield "\ufeff" + writer.writerow([str(h) for h in headers])
        for row in rows:
            yield writer.writerow([_cell(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _xlsx_value(value):
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def xlsx_response(
    headers: Sequence[str], rows: Iterable[Sequence], filename: str, *, sheet_title: str = "Data"
) -> StreamingHttpResponse:
    from .xlsx import stream_xlsx

    values = ([_xlsx_value(v) for v in row] for row in rows)
    response = StreamingHttpResponse(
        stream_xlsx([str(h) for h in headers], values, sheet_title=sheet_title), content_type=XLSX_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_response(fmt: str, headers, rows, filename: str, **kwargs):
    if fmt == "csv":
        return csv_response(headers, rows, filename)
    return xlsx_response(headers, rows, filename, **kwargs)


def stamped(name: str) -> str:
    return f"{name}-{timezone.localdate():%Y%m%d}"
