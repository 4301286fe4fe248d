"""The downloadable import template: the header row, drop-down lists and an instructions sheet."""

from __future__ import annotations

import io

from ocop_portal import spreadsheet

from ..models import ProductGroup
from .cells import COLUMNS, DEFAULT_REGULATION, KIND_LABELS, REQUIRED


def template_workbook() -> bytes:
    """An empty import sheet with the headers, drop-down lists and an instructions sheet."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = spreadsheet.new_workbook()
    ws = wb.active
    ws.title = "Sản phẩm"
    headers = list(COLUMNS.values())
    ws.append(headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for index, key in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = bold
        if key in REQUIRED:
            cell.fill = fill
        ws.column_dimensions[cell.column_letter].width = max(14, len(headers[index - 1]) + 4)
    ws.freeze_panes = "A2"
    letters = {key: ws.cell(row=1, column=i).column_letter for i, key in enumerate(COLUMNS, start=1)}
    kinds = DataValidation(
        type="list", formula1='"' + ",".join(KIND_LABELS.values()) + '"', allow_blank=False
    )
    stars = DataValidation(type="list", formula1='"3,4,5"', allow_blank=True)
    ws.add_data_validation(kinds)
    ws.add_data_validation(stars)
    kinds.add(f"{letters['kind']}2:{letters['kind']}2000")
    stars.add(f"{letters['stars']}2:{letters['stars']}2000")
    for row in range(2, 2001):
        ws.cell(row=row, column=list(COLUMNS).index("recognised_on") + 1).number_format = "DD/MM/YYYY"
        ws.cell(row=row, column=list(COLUMNS).index("tax_code") + 1).number_format = "@"
        ws.cell(row=row, column=list(COLUMNS).index("decision") + 1).number_format = "@"

    help_ws = wb.create_sheet("Hướng dẫn")
    help_ws.column_dimensions["A"].width = 28
    help_ws.column_dimensions["B"].width = 90
    lines = [
        ("Cột", "Cách ghi"),
        (COLUMNS["name"], "Bắt buộc. Tên sản phẩm."),
        (COLUMNS["producer"], "Bắt buộc. Tên chủ thể (doanh nghiệp, HTX, tổ hợp tác, hộ sản xuất)."),
        (COLUMNS["kind"], "Bắt buộc. Một trong: " + ", ".join(KIND_LABELS.values()) + "."),
        (COLUMNS["tax_code"], "Không bắt buộc. Dùng để nhận ra chủ thể đã có."),
        (
            COLUMNS["commune"],
            "Bắt buộc. Ví dụ: Thị trấn Nam Phước hoặc Nam Phước (có dấu hay không dấu đều được).",
        ),
        (COLUMNS["district"], "Bắt buộc. Ví dụ: Huyện Duy Xuyên hoặc Duy Xuyên."),
        (COLUMNS["group"], "Bắt buộc. Mã nhóm (ví dụ 1.3) hoặc tên nhóm theo bộ tiêu chí áp dụng."),
        (COLUMNS["stars"], "Không bắt buộc. 3, 4 hoặc 5; khi có thì phải có Ngày công nhận."),
        (COLUMNS["decision"], "Không bắt buộc. Số quyết định công nhận, ví dụ 1234/QĐ-UBND."),
        (COLUMNS["recognised_on"], "Không bắt buộc. Dạng dd/mm/yyyy hoặc ô kiểu ngày."),
        ("", ""),
        (
            "Lưu ý",
            "Chỉ cần một dòng sai là cả tệp bị từ chối; không có gì được ghi. Nhập lại cùng tệp không tạo trùng.",
        ),
        ("", ""),
        ("Nhóm sản phẩm (QĐ 148/QĐ-TTg)", ""),
    ]
    for line in lines:
        help_ws.append(line)
    help_ws["A1"].font = bold
    help_ws["B1"].font = bold
    groups = ProductGroup.objects.filter(regulation__code=DEFAULT_REGULATION).order_by("code")
    for group in groups:
        help_ws.append((group.code, group.name))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
