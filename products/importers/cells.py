"""The spreadsheet's format: its columns (found by their Vietnamese headers), the producer types, and
the parsing of one cell (text, type, stars, date, unit name, header)."""

from __future__ import annotations

import datetime
import re
import unicodedata

from ocop_portal.text import fold, fold_unit_name
from producers.models import ProducerKind

# Column key → the header in the spreadsheet (a data format: stays Vietnamese).
COLUMNS = {
    "name": "Tên sản phẩm",
    "producer": "Chủ thể",
    "kind": "Loại hình chủ thể",
    "tax_code": "Mã số doanh nghiệp",
    "commune": "Xã/Phường/Thị trấn",
    "district": "Huyện/Thị xã/Thành phố",
    "group": "Nhóm sản phẩm",
    "stars": "Hạng sao",
    "decision": "Số quyết định công nhận",
    "recognised_on": "Ngày công nhận",
}
REQUIRED = ("name", "producer", "kind", "commune", "district", "group")
HEADER_ALIASES = {
    "xa": "commune",
    "xa/phuong": "commune",
    "xa, phuong, thi tran": "commune",
    "huyen": "district",
    "huyen/thi xa": "district",
    "huyen, thi xa, thanh pho": "district",
    "ten chu the": "producer",
    "ma so thue": "tax_code",
    "so quyet dinh": "decision",
}
DEFAULT_REGULATION = "148-2023"
MAX_ROWS = 50_000
HEADER_SEARCH_ROWS = 20

# The canonical Vietnamese names of producer types (used by the template and exports).
KIND_LABELS = {
    ProducerKind.ENTERPRISE: "Doanh nghiệp",
    ProducerKind.COOPERATIVE: "Hợp tác xã",
    ProducerKind.COOP_GROUP: "Tổ hợp tác",
    ProducerKind.HOUSEHOLD: "Hộ sản xuất",
}
_KIND_ALIASES = [
    # order matters: the longer, more specific prefixes first
    (ProducerKind.COOP_GROUP, ("to hop tac", "tht", "cooperative group")),
    (ProducerKind.COOPERATIVE, ("hop tac xa", "htx", "cooperative", "lien hiep htx")),
    (
        ProducerKind.ENTERPRISE,
        ("doanh nghiep", "dn", "dntn", "cong ty", "cty", "enterprise"),
    ),
    (
        ProducerKind.HOUSEHOLD,
        ("ho san xuat", "ho kinh doanh", "ho gia dinh", "co so", "household", "registered household", "ho"),
    ),
]
_UNIT_ABBREVIATIONS = (
    (re.compile(r"^tt\.?\s+"), "thi tran "),
    (re.compile(r"^tx\.?\s+"), "thi xa "),
    (re.compile(r"^tp\.?\s+"), "thanh pho "),
    (re.compile(r"^h\.\s*"), "huyen "),
    (re.compile(r"^x\.\s*"), "xa "),
    (re.compile(r"^p\.\s*"), "phuong "),
)
GROUP_CODE = re.compile(r"^\s*(\d+(?:\.\d+)?)(?:[.\s]|$)")
_STARS = re.compile(r"^\s*(\d+)\s*(?:sao|★+|\*)?\s*$", re.IGNORECASE)
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    return re.sub(r"\s+", " ", str(value)).strip()


def parse_kind(text: str) -> str | None:
    folded = fold(text)
    if not folded:
        return None
    for kind, label in KIND_LABELS.items():
        if folded == fold(label):
            return kind
    for kind, aliases in _KIND_ALIASES:
        for alias in aliases:
            if folded == alias or folded.startswith(alias + " ") or folded.startswith(alias + "("):
                return kind
    return None


def parse_stars(value) -> int | None:
    """3–5, or None for an empty cell; raises ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        if float(value).is_integer():
            stars = int(value)
        else:
            raise ValueError
    else:
        match = _STARS.match(str(value))
        if not match:
            raise ValueError
        stars = int(match.group(1))
    if not 3 <= stars <= 5:
        raise ValueError
    return stars


def parse_date(value) -> datetime.date | None:
    """A date cell, or text dd/mm/yyyy; None for an empty cell; raises ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for fmt in _DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    raise ValueError


def unit_key(text: str) -> str:
    folded = fold(text)
    for pattern, replacement in _UNIT_ABBREVIATIONS:
        folded = pattern.sub(replacement, folded)
    return fold_unit_name(folded)


def prefer_exact(units: list, text: str) -> list:
    """Among units whose folded names match, keep those spelled exactly so (accents decide
    between "Xã Trà Dơn" and "Xã Trà Don" of the same district)."""
    if len(units) < 2:
        return units
    wanted = unicodedata.normalize("NFC", text).strip().lower()
    exact = []
    for unit in units:
        name = unicodedata.normalize("NFC", unit.name).lower()
        if name == wanted or name.endswith(" " + wanted):
            exact.append(unit)
    return exact or units


def header_key(value) -> str | None:
    text = fold(cell_text(value))
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"[\s*:(]+\)?$", "", text).strip()
    if not text:
        return None
    for key, header in COLUMNS.items():
        if text == re.sub(r"\s*/\s*", "/", fold(header)):
            return key
    return HEADER_ALIASES.get(text)
