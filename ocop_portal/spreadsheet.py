"""The one guard every CSV and XLSX file the portal writes goes through (issue 16.2: formula injection).

A product named ``=HYPERLINK("http://…","click")`` or a producer named ``@SUM(1+1)*cmd|' /C calc'!A0``
must reach a spreadsheet as text, never as a live formula:

* **CSV** (:func:`csv_writer`): a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return is written with a leading apostrophe (OWASP's advice), which spreadsheets show as text. Numbers
  stay numbers: numeric values are never touched, and neither is text that is only a number or a phone
  number (``-12,5``, ``+84 905 123 456``: digits, spaces and ``.,()/+-``, nothing a formula could call).
* **XLSX** (:func:`new_workbook`): such a cell is stored as a string cell (type ``s``), which no
  spreadsheet evaluates; its text is kept as is. The portal writes no formulas, so the workbook's
  ``save`` turns any formula cell into text first, and a write-only sheet guards each appended row.

``tests/hardening/test_spreadsheet_guard.py`` checks that no module writes CSV or builds a workbook
without this module, and that every export neutralises the prefixes above.
"""

from __future__ import annotations

import csv
import functools
import re

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Text a spreadsheet may read as a number (or a harmless sum of numbers): nothing to neutralise.
_NUMERIC_TEXT = re.compile(r"[+-][0-9 .,()/+-]*")


def is_formula_like(value) -> bool:
    """True for text that a spreadsheet would run as a formula (numbers and numeric text are not)."""
    return (
        isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _NUMERIC_TEXT.fullmatch(value)
    )


def csv_cell(value):
    """``value`` made safe for a CSV cell: formula-like text gets a leading apostrophe."""
    if is_formula_like(value):
        return "'" + value
    return value


class _GuardedWriter:
    """``csv.writer`` whose rows are neutralised cell by cell; ``writerow`` returns what the file returns."""

    def __init__(self, target, **kwargs):
        self._writer = csv.writer(target, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(target, **kwargs) -> _GuardedWriter:
    """The portal's only CSV writer (same arguments as :func:`csv.writer`)."""
    return _GuardedWriter(target, **kwargs)


class Echo:
    """A file-like object whose ``write`` returns the value: lets a CSV writer feed a streamed response."""

    def write(self, value):
        return value


def _as_text(cell) -> None:
    cell.data_type = "s"  # a string cell: shown as typed, never evaluated


def write_only_cell(ws, value):
    """A cell of a write-only sheet holding ``value``, as text when it looks like a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    if is_formula_like(value) or cell.data_type == "f":
        _as_text(cell)
    return cell


def _guarded_row(ws, values) -> list:
    from openpyxl.cell.cell import Cell  # what WriteOnlyCell() returns

    out = []
    for value in values:
        if isinstance(value, Cell):
            if is_formula_like(value.value) or value.data_type == "f":
                _as_text(value)
            out.append(value)
        else:
            out.append(write_only_cell(ws, value) if isinstance(value, str) else value)
    return out


def guard_workbook(wb) -> None:
    """Every formula or formula-like text cell of a (normal) workbook becomes a string cell."""
    if getattr(wb, "write_only", False):
        return  # write-only rows are guarded as they are appended
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or is_formula_like(cell.value):
                    _as_text(cell)


def new_workbook(*, write_only: bool = False):
    """The portal's only way to make a workbook: an openpyxl ``Workbook`` whose ``save`` runs
    :func:`guard_workbook` first and whose write-only sheets guard each appended row."""
    return _guarded_workbook_class()(write_only=write_only)


@functools.cache
def _guarded_workbook_class():
    from openpyxl import Workbook  # imported on first use: most processes never write a workbook

    class GuardedWorkbook(Workbook):
        def create_sheet(self, title=None, index=None):
            ws = super().create_sheet(title=title, index=index)
            if self.write_only:
                append = ws.append
                ws.append = lambda row: append(_guarded_row(ws, row))
            return ws

        def save(self, filename):
            guard_workbook(self)
            super().save(filename)

    return GuardedWorkbook
