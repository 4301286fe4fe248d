"""Reading administrative units from the ``vietnam-provinces`` package data.

Version 0.6.0 ships the pre-2025 three-tier tree (province → district → ward);
the 2025.x versions ship the two-tier tree (province → ward). Both shapes are read
here; the levels that exist are whatever the data has.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass
class UnitRow:
    code: str
    name: str
    level: str  # province | district | commune
    parent_code: str | None
    division_type: str


def package_data_path() -> Path:
    import vietnam_provinces

    return Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH)


def iter_units(data: list[dict], province_codes: set[str] | None = None) -> Iterator[UnitRow]:
    for province in data:
        pcode = str(province["code"])
        if province_codes and pcode not in province_codes:
            continue
        yield UnitRow(pcode, province["name"], "province", None, province.get("division_type", ""))
        if "districts" in province:  # three-tier (pre-2025)
            for district in province["districts"]:
                dcode = str(district["code"])
                yield UnitRow(dcode, district["name"], "district", pcode, _dtype(district["name"]))
                for ward in district.get("wards", []):
                    yield UnitRow(str(ward["code"]), ward["name"], "commune", dcode, _dtype(ward["name"]))
        else:  # two-tier (2025 reform)
            for ward in province.get("wards", []):
                yield UnitRow(str(ward["code"]), ward["name"], "commune", pcode, _dtype(ward["name"]))


def _dtype(name: str) -> str:
    for prefix in ("Thành phố", "Thị xã", "Thị trấn", "Huyện", "Quận", "Phường", "Xã"):
        if name.startswith(prefix):
            return prefix.lower()
    return ""


def load_json(path: Path | None = None) -> list[dict]:
    with open(path or package_data_path(), encoding="utf-8") as fh:
        return json.load(fh)
