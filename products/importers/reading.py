"""Reading the spreadsheet: the first worksheet of an .xlsx file, its header row found by the column
names, then one {column key: cell} per non-empty row."""

from __future__ import annotations

import zipfile

from django.utils.translation import gettext as _

from .cells import COLUMNS, HEADER_SEARCH_ROWS, MAX_ROWS, REQUIRED, cell_text, header_key


def read_rows(fileobj, filename, report) -> list[tuple[int, dict]]:
    """The (row number, {column key: cell}) of every non-empty row under the header row; on a file
    that cannot be read, an error in ``report`` and no rows."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if filename and not filename.lower().endswith(".xlsx"):
        report.error(None, "", filename, _("Only Excel .xlsx files can be imported."))
        return []
    try:
        wb = load_workbook(fileobj, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        report.error(None, "", filename, _("This is not a readable Excel .xlsx file."))
        return []
    try:
        if not wb.worksheets:
            report.error(None, "", filename, _("The workbook has no worksheet."))
            return []
        return read_sheet(wb.worksheets[0], report)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        report.error(None, "", filename, _("This is not a readable Excel .xlsx file."))
        return []
    finally:
        wb.close()


def read_sheet(ws, report) -> list[tuple[int, dict]]:
    rows = ws.iter_rows(values_only=True)
    columns: dict[str, int] = {}
    header_row = None
    for number, row in enumerate(rows, start=1):
        keys = [header_key(v) for v in row]
        if "name" in keys:
            header_row = number
            for index, key in enumerate(keys):
                if key is None:
                    continue
                if key in columns:
                    report.error(number, key, "", _("This column appears twice."))
                columns[key] = index
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if header_row is None:
        report.error(
            None,
            "",
            "",
            _("No header row with a “%(header)s” column was found.") % {"header": COLUMNS["name"]},
        )
        return []
    for key in REQUIRED:
        if key not in columns:
            report.error(header_row, key, "", _("This required column is missing."))
    if report.errors:
        return []
    out = []
    for number, row in enumerate(rows, start=header_row + 1):
        values = {key: (row[i] if i < len(row) else None) for key, i in columns.items()}
        if all(cell_text(v) == "" for v in values.values()):
            continue
        out.append((number, values))
        if len(out) > MAX_ROWS:
            report.error(None, "", "", _("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
            return []
    return out
