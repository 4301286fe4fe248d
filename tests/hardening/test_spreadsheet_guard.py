"""Issue 16.2: formula injection. Every CSV/XLSX the portal writes goes through ocop_portal/spreadsheet.py,
and every writer turns a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a CR into inert text
(numbers stay numbers)."""

from __future__ import annotations

import ast
import csv
import io

import pytest
from openpyxl import load_workbook

from ocop_portal import spreadsheet
from tests.catalog import helpers as h
from tests.importgraph import discover
from tradefairs import services as trade_services
from tradefairs.models import Fair

HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
SAFE_NUMERIC_TEXT = ["-12,5", "+84 905 123 456"]


def _csv_cells(response) -> list[str]:
    raw = b"".join(response.streaming_content).decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(raw)) for cell in row]


def _assert_csv_neutral(cells: list[str], expected: list[str]) -> None:
    """No cell would run as a formula, and each hostile value is there, neutralised."""
    live = [c for c in cells if spreadsheet.is_formula_like(c)]
    assert live == []
    for value in expected:
        assert "'" + value in cells, f"{value!r} missing or not neutralised"


def _xlsx_cells(data: bytes) -> list:
    wb = load_workbook(io.BytesIO(data))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def _assert_xlsx_neutral(cells, expected: list[str]) -> None:
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if c.data_type == "s"}
    for value in expected:
        value = value.replace("\r", "\n")  # XML reads a stored CR back as LF
        assert value in texts, f"{value!r} missing or not a text cell"


# --- the one guard ----------------------------------------------------------------------------------


def test_no_module_writes_csv_or_builds_a_workbook_without_the_guard():
    offenders = []
    for module in discover().values():
        if module.name == "ocop_portal.spreadsheet":
            continue
        for node in ast.walk(module.tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
            if name in ("Workbook", "DictWriter") or (name == "writer" and owner == "csv"):
                offenders.append(f"{module.name}:{node.lineno} {name}(")
    assert offenders == [], "write CSV/XLSX through ocop_portal.spreadsheet: " + ", ".join(offenders)


def test_csv_writer_neutralises_every_prefix_and_keeps_numbers():
    buffer = io.StringIO()
    spreadsheet.csv_writer(buffer).writerow([*HOSTILE, *SAFE_NUMERIC_TEXT, -5, 3.5, "Cà phê"])
    cells = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert cells == ["'" + v for v in HOSTILE] + [*SAFE_NUMERIC_TEXT, "-5", "3.5", "Cà phê"]


@pytest.mark.parametrize("write_only", [False, True])
def test_workbooks_store_hostile_text_as_text_and_numbers_as_numbers(write_only):
    wb = spreadsheet.new_workbook(write_only=write_only)
    ws = wb.create_sheet("Data") if write_only else wb.active
    ws.append([*HOSTILE, -5, "x"])
    if not write_only:
        ws.cell(row=2, column=1, value="=1+1")  # a cell set directly is guarded at save time too
    buffer = io.BytesIO()
    wb.save(buffer)
    cells = _xlsx_cells(buffer.getvalue())
    _assert_xlsx_neutral(cells, HOSTILE)
    numbers = [c for c in cells if c.value == -5]
    assert numbers and numbers[0].data_type == "n"


# --- every writer of the portal -------------------------------------------------------------------


@pytest.fixture
def hostile_rows(db):
    maker = h.producer(HOSTILE[1])
    product = h.certified(HOSTILE[0], maker=maker)
    h.certified(HOSTILE[4], maker=h.producer("HTX Bình thường"))
    trade_services.create_sales_point(
        by=None,
        name=HOSTILE[2],
        address=HOSTILE[3],
        district=h.unit("508"),
        opening_hours=HOSTILE[5],
        phone=SAFE_NUMERIC_TEXT[1],
        products=[product],
    )
    Fair.objects.create(
        name=HOSTILE[0],
        city=HOSTILE[3],
        start_date="2026-11-01",
        end_date="2026-11-03",
        venue=HOSTILE[1],
    )
    return product


def test_public_open_data_csv_is_neutralised(client, hostile_rows):
    _assert_csv_neutral(_csv_cells(client.get("/api/products.csv")), [HOSTILE[0], HOSTILE[1], HOSTILE[4]])
    cells = _csv_cells(client.get("/api/sales-points.csv"))
    _assert_csv_neutral(cells, [HOSTILE[2], HOSTILE[3], HOSTILE[5], HOSTILE[0]])
    assert SAFE_NUMERIC_TEXT[1] in cells  # a phone number stays readable
    _assert_csv_neutral(_csv_cells(client.get("/api/fairs.csv")), [HOSTILE[0], HOSTILE[3], HOSTILE[1]])


@pytest.mark.parametrize("path", ["/products/", "/producers/"])
def test_staff_exports_are_neutralised(client_for, hostile_rows, path):
    client = client_for("province")
    _assert_csv_neutral(_csv_cells(client.get(path, {"format": "csv"})), [HOSTILE[1]])
    data = b"".join(client.get(path, {"format": "xlsx"}).streaming_content)
    _assert_xlsx_neutral(_xlsx_cells(data), [HOSTILE[1]])


def test_import_template_has_no_formula(db):
    from products.importers import template_workbook

    assert [c.coordinate for c in _xlsx_cells(template_workbook()) if c.data_type == "f"] == []
