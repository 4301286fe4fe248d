"""Round results in the layout of the council's minutes (Biên bản họp Hội đồng), as XLSX."""

from __future__ import annotations

import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .models import Round, ScoreSheet


def round_minutes_workbook(round_: Round) -> HttpResponse:
    wb = Workbook()
    ws = wb.active
    ws.title = "Kết quả"
    members = list(round_.members.select_related("user").order_by("role", "user__last_name"))
    ws.append([f"BIÊN BẢN TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP — {round_.name}"])
    ws.append(
        [
            f"Cấp đánh giá: {round_.get_level_display()} · Bộ tiêu chí: {round_.regulation.decision} · "
            f"Quy định áp dụng: {round_.profile} · Năm {round_.year}"
        ]
    )
    ws.append([])
    header = [
        "TT",
        "Tên sản phẩm",
        "Chủ thể",
        "Địa chỉ",
        "Nhóm",
        *[str(m.user) for m in members],
        "Số phiếu",
        "Điểm TB",
        "Hạng sao",
        "Kết quả",
    ]
    ws.append(header)
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws["A1"].font = Font(bold=True, size=13)
    sheets = {}
    for s in ScoreSheet.objects.filter(entry__round=round_, status=ScoreSheet.Status.SUBMITTED):
        sheets[(s.entry_id, s.member_id)] = s.total
    entries = round_.entries.select_related(
        "product", "product__producer", "product__commune", "criteria_set__group"
    )
    for i, e in enumerate(entries, start=1):
        ws.append(
            [
                i,
                e.product.name,
                e.product.producer.name,
                e.product.commune.name,
                e.criteria_set.group.name,
                *[float(sheets[(e.pk, m.pk)]) if (e.pk, m.pk) in sheets else None for m in members],
                e.submitted_count,
                float(e.average) if e.average is not None else None,
                e.stars,
                e.get_outcome_display(),
            ]
        )
    for col, width in zip("ABCDE", (5, 35, 30, 25, 20), strict=True):
        ws.column_dimensions[col].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="ket-qua-dot-{round_.pk}.xlsx"'
    return response
