"""The XLSX export streams: its first bytes leave after the first rows, not after the last one,
and the workbook it makes is a valid one (header, text, numbers, dates, never a formula)."""

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from producers import xlsx


def test_first_bytes_leave_before_the_rows_are_all_read():
    consumed = 0

    def rows():
        nonlocal consumed
        for i in range(100_000):
            consumed += 1
            yield [f"Sản phẩm {i}", i]

    pieces = xlsx.stream_xlsx(["Tên", "Số"], rows())
    sent = next(pieces) + next(pieces)  # the package's parts, then the first rows of the sheet
    assert sent.startswith(b"PK")
    assert consumed <= xlsx.FLUSH_ROWS + 1


def test_streamed_workbook_reads_back():
    rows = [
        [
            "Cà phê Nam Phước",
            4,
            Decimal("1.5"),
            datetime.date(2024, 2, 29),
            datetime.datetime(2024, 3, 1, 8, 30),
        ],
        ['=HYPERLINK("http://evil.example")', None, True, "a\x00b <&>", ""],
    ]
    data = b"".join(
        xlsx.stream_xlsx(["Tên", "Sao", "Hệ số", "Ngày", "Lúc"], iter(rows), sheet_title="san-pham")
    )
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    assert ws.title == "san-pham" and ws.freeze_panes == "A2"
    assert ws["A1"].value == "Tên" and ws["A1"].font.b
    assert [c.value for c in ws[2]] == [
        "Cà phê Nam Phước",
        4,
        1.5,
        datetime.datetime(2024, 2, 29),
        datetime.datetime(2024, 3, 1, 8, 30),
    ]
    assert ws["D2"].number_format == "DD/MM/YYYY"
    formula = ws["A3"]
    assert formula.data_type == "s" and formula.value == '=HYPERLINK("http://evil.example")'
    assert ws["C3"].value is True and ws["D3"].value == "ab <&>"
