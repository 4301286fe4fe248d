"""Reading administrative units from the ``vietnam-provinces`` package data.

The pinned 2025.x versions ship the two-tier tree in force since 1 July 2025 (province → commune/ward);
the pre-2025 three-tier shape (province → district → ward, the package's old 0.6.0 data, no longer
installed) is still read from a ``--file``. The levels that exist are whatever the data has.

Official codes collide between the trees (the 2025 communes reuse the code of one of the communes they
merged, and the new Đà Nẵng keeps 48), so units of the two-tier tree get the portal key
``2025-<official code>`` and keep the official code in ``official_code``; the pre-2025 units keep their
plain official codes (the committed Quảng Nam fixture, ``accounts/fixtures/units_quang_nam_2023.json``).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REFORM_DATE = datetime.date(2025, 7, 1)  # two-tier local government in force
TWO_TIER_PREFIX = "2025-"


def two_tier_code(official_code: str | int) -> str:
    """The portal key of a unit of the 2025 two-tier tree."""
    return f"{TWO_TIER_PREFIX}{official_code}"


@dataclass
class UnitRow:
    code: str
    name: str
    level: str  # province | district | commune
    parent_code: str | None
    division_type: str
    official_code: str = ""
    valid_from: datetime.date | None = None


def package_data_path() -> Path:
    import vietnam_provinces

    return Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH)


def iter_units(data: list[dict], province_codes: set[str] | None = None) -> Iterator[UnitRow]:
    for province in data:
        pcode = str(province["code"])
        if province_codes and pcode not in province_codes:
            continue
        if "districts" in province:  # three-tier (pre-2025)
            yield UnitRow(pcode, province["name"], "province", None, province.get("division_type", ""))
            for district in province["districts"]:
                dcode = str(district["code"])
                yield UnitRow(dcode, district["name"], "district", pcode, _dtype(district["name"]))
                for ward in district.get("wards", []):
                    yield UnitRow(str(ward["code"]), ward["name"], "commune", dcode, _dtype(ward["name"]))
        else:  # two-tier (2025 reform): keys apart from the pre-2025 tree's
            key = two_tier_code(pcode)
            yield UnitRow(
                key, province["name"], "province", None, province.get("division_type", ""), pcode, REFORM_DATE
            )
            for ward in province.get("wards", []):
                yield UnitRow(
                    two_tier_code(ward["code"]),
                    ward["name"],
                    "commune",
                    key,
                    ward.get("division_type") or _dtype(ward["name"]),
                    str(ward["code"]),
                    REFORM_DATE,
                )


def _dtype(name: str) -> str:
    for prefix in ("Thành phố", "Thị xã", "Thị trấn", "Huyện", "Quận", "Phường", "Xã", "Đặc khu"):
        if name.startswith(prefix):
            return prefix.lower()
    return ""


def load_json(path: Path | None = None) -> list[dict]:
    with open(path or package_data_path(), encoding="utf-8") as fh:
        return json.load(fh)
