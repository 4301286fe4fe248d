"""Streamed spreadsheet exports (CSV and XLSX) that never hold all rows in memory.

Generic helpers used by the producer and product lists: give them the column headers and an
iterable of rows (built from ``queryset.iterator(chunk_size=...)``) and they return a response.

* CSV: a :class:`StreamingHttpResponse` yielding one line at a time, UTF-8 with a BOM so that
  Excel opens Vietnamese text correctly.
* XLSX: an openpyxl *write-only* workbook (rows are flushed to a temporary file as they are
  appended), saved to an anonymous temporary file and sent with :class:`FileResponse`, which
  streams it in blocks and closes (deletes) the file afterwards.

Both go through the portal's formula-injection guard (``ocop_portal/spreadsheet.py``).
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable, Sequence

from django.http import FileResponse, StreamingHttpResponse
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
) -> FileResponse:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = spreadsheet.new_workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title[:31])
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=str(h))
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    ws.freeze_panes = "A2"
    for row in rows:
        out = []
        for value in row:
            value = _xlsx_value(value)
            if isinstance(value, datetime.date):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = "DD/MM/YYYY"
                out.append(cell)
            else:
                out.append("" if value is None else value)
        ws.append(out)
    tmp = tempfile.TemporaryFile(suffix=".xlsx")
    wb.save(tmp)
    tmp.seek(0)
    return FileResponse(tmp, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE)


def export_response(fmt: str, headers, rows, filename: str, **kwargs):
    if fmt == "csv":
        return csv_response(headers, rows, filename)
    return xlsx_response(headers, rows, filename, **kwargs)


def stamped(name: str) -> str:
    return f"{name}-{timezone.localdate():%Y%m%d}"
