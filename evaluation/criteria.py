"""Loading score sheets (criteria sets) from data, and the sample sheets shipped with the portal.

File format (JSON)::

    {"regulation": "148-2023", "group": "1", "code": "148-food", "name": "...", "is_sample": false,
     "source": "Phụ lục III, QĐ 148/QĐ-TTg",
     "parts": [{"code": "A", "name": "...", "criteria": [
         {"code": "A1", "text": "...", "options": [{"text": "...", "points": 2}, ...]}, ...]}, ...]}

A sheet is valid when it has parts A, B and C, and in each part the sum over criteria of the best
option's points equals the regulation's maximum for that part (35/25/40 under 1048, 40/25/35 under 148).
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction


class CriteriaError(ValueError):
    pass


def _part_maxima(regulation) -> dict[str, Decimal]:
    return {
        "A": Decimal(regulation.part_a_max),
        "B": Decimal(regulation.part_b_max),
        "C": Decimal(regulation.part_c_max),
    }


def validate(data: dict, regulation) -> list[str]:
    errors = []
    maxima = _part_maxima(regulation)
    parts = {p.get("code"): p for p in data.get("parts", [])}
    if set(parts) != {"A", "B", "C"}:
        return [f"parts must be A, B and C (got {sorted(parts)})"]
    for code, part in parts.items():
        best_sum = Decimal(0)
        for criterion in part.get("criteria", []):
            options = criterion.get("options") or []
            if not options:
                errors.append(f"{criterion.get('code')}: no answer options")
                continue
            try:
                points = [Decimal(str(o["points"])) for o in options]
            except (KeyError, InvalidOperation):
                errors.append(f"{criterion.get('code')}: option without valid points")
                continue
            if min(points) < 0:
                errors.append(f"{criterion.get('code')}: negative points")
            best_sum += max(points)
        if best_sum != maxima[code]:
            errors.append(
                f"part {code}: criteria add up to {best_sum}, the regulation's maximum is {maxima[code]}"
            )
    return errors


@transaction.atomic
def load_criteria_set(data: dict):
    """Create or replace a criteria set from ``data``. Refuses sets already used for scoring."""
    from products.models import ProductGroup, RegulationVersion

    from .models import CriteriaPart, CriteriaSet, Criterion, CriterionOption

    try:
        regulation = RegulationVersion.objects.get(code=data["regulation"])
        group = ProductGroup.objects.get(regulation=regulation, code=str(data["group"]))
    except (KeyError, RegulationVersion.DoesNotExist, ProductGroup.DoesNotExist) as exc:
        raise CriteriaError(f"unknown regulation or group: {exc}") from exc
    errors = validate(data, regulation)
    if errors:
        raise CriteriaError("; ".join(errors))
    existing = CriteriaSet.objects.filter(regulation=regulation, code=data["code"]).first()
    if existing is not None:
        if existing.roundproduct_set.exists():
            raise CriteriaError(
                f"criteria set {data['code']} is already used by a round; load it under a new code"
            )
        existing.delete()
    cs = CriteriaSet.objects.create(
        regulation=regulation,
        group=group,
        code=data["code"],
        name=data["name"],
        is_sample=bool(data.get("is_sample", False)),
        source=data.get("source", ""),
    )
    maxima = _part_maxima(regulation)
    for part_data in data["parts"]:
        part = CriteriaPart.objects.create(
            criteria_set=cs,
            code=part_data["code"],
            name=part_data["name"],
            max_points=maxima[part_data["code"]],
        )
        for i, crit in enumerate(part_data["criteria"]):
            criterion = Criterion.objects.create(part=part, code=crit["code"], text=crit["text"], order=i)
            CriterionOption.objects.bulk_create(
                CriterionOption(
                    criterion=criterion, text=o["text"], points=Decimal(str(o["points"])), order=j
                )
                for j, o in enumerate(crit["options"])
            )
    return cs


def load_file(path: Path):
    with open(path, encoding="utf-8") as fh:
        payload = json.load(fh)
    sets = payload if isinstance(payload, list) else [payload]
    return [load_criteria_set(d) for d in sets]


# --- Sample sheets ------------------------------------------------------------------------------
# The official Annex III sheets are not in the source documents. These samples keep the real part
# structure and maxima and are always labelled as samples in the UI and on printouts.

SAMPLE_CRITERIA = {
    "A": (
        "Sản phẩm và sức mạnh cộng đồng",
        [
            "Nguồn nguyên liệu và vùng nguyên liệu",
            "Gia tăng giá trị (chế biến, đóng gói tại địa phương)",
            "Sử dụng lao động địa phương",
            "Liên kết sản xuất và hợp tác",
            "Loại hình tổ chức sản xuất và quản trị",
            "Kế hoạch kinh doanh và kết quả sản xuất kinh doanh",
        ],
    ),
    "B": (
        "Khả năng tiếp thị",
        [
            "Bao bì và nhãn sản phẩm",
            "Truy xuất nguồn gốc sản phẩm",
            "Hệ thống phân phối và thị trường",
            "Quảng bá sản phẩm và câu chuyện sản phẩm",
        ],
    ),
    "C": (
        "Chất lượng sản phẩm",
        [
            "Chỉ tiêu cảm quan và tính độc đáo",
            "Tiêu chuẩn sản phẩm và công bố chất lượng",
            "An toàn thực phẩm / an toàn cho người sử dụng",
            "Hệ thống quản lý chất lượng (GAP, HACCP, ISO …)",
            "Tiềm năng xuất khẩu hoặc thị trường mục tiêu",
        ],
    ),
}
LEVEL_TEXT = ["Không đáp ứng", "Đáp ứng một phần", "Đáp ứng cơ bản", "Đáp ứng tốt"]


def _split(total: int, n: int) -> list[int]:
    base, extra = divmod(total, n)
    return [base + (1 if i < extra else 0) for i in range(n)]


def sample_sheet(regulation, group) -> dict:
    maxima = {"A": regulation.part_a_max, "B": regulation.part_b_max, "C": regulation.part_c_max}
    parts = []
    for code, (name, texts) in SAMPLE_CRITERIA.items():
        criteria = []
        for i, (text, pts) in enumerate(zip(texts, _split(maxima[code], len(texts)), strict=True), start=1):
            steps = [Decimal(0), Decimal(pts) / 3, Decimal(pts) * 2 / 3, Decimal(pts)]
            options = [
                {"text": LEVEL_TEXT[k], "points": str(steps[k].quantize(Decimal("0.01")))} for k in range(4)
            ]
            options[-1]["points"] = str(pts)
            criteria.append({"code": f"{code}{i}", "text": text, "options": options})
        parts.append({"code": code, "name": name, "criteria": criteria})
    return {
        "regulation": regulation.code,
        "group": group.code,
        "code": f"mau-{regulation.code}-nhom-{group.code}",
        "name": f"Phiếu mẫu — nhóm {group.code}. {group.name}",
        "is_sample": True,
        "source": "Phiếu mẫu của cổng (không phải văn bản chính thức); cấu trúc phần A/B/C theo quyết định",
        "parts": parts,
    }


def load_samples():
    """One sample sheet per top product group of every regulation version (idempotent)."""
    from products.models import ProductGroup

    from .models import CriteriaSet

    created = 0
    for group in ProductGroup.objects.filter(parent__isnull=True).select_related("regulation"):
        data = sample_sheet(group.regulation, group)
        if not CriteriaSet.objects.filter(regulation=group.regulation, code=data["code"]).exists():
            load_criteria_set(data)
            created += 1
    return created


def sheet_for(product):
    return sheet_for_group(product.group)


def sheet_for_group(group):
    """The criteria set for a group: its subgroup's official sheet, else its group's, else a sample."""
    from .models import CriteriaSet

    candidates = CriteriaSet.objects.filter(regulation=group.regulation, group__in=[group, group.top])
    official = candidates.filter(is_sample=False)
    return (
        official.filter(group=group).first()
        or official.first()
        or candidates.filter(group=group).first()
        or candidates.first()
    )
