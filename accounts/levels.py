"""What the levels of the administrative tree are called, derived from the tree, not hard-coded.

The local officer (stored role value ``"district"``) binds to the unit directly under the province:
a district (Phòng NN&PTNT / Phòng Kinh tế huyện) in a three-tier tree, the commune or ward's economic
office (Phòng Kinh tế xã/phường) in a two-tier one. Labels follow the unit's level.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Column and filter labels that follow the unit levels that exist: a district is history since the
# 2025 reform (records keep it), the units directly under a two-tier province are communes and wards.
DISTRICT_BEFORE_REFORM = gettext_lazy("District (before 7/2025)")
LOCAL_UNIT = gettext_lazy("District (before 7/2025) or commune/ward")

PROVINCE, DISTRICT, COMMUNE = "province", "district", "commune"

_LEVEL_CODES: dict[int, str] = {}


def level_code(unit) -> str:
    """``unit.level.code`` without a query per page: the three levels are immutable reference data."""
    if unit is None or not unit.level_id:
        return ""
    if "level" in unit._state.fields_cache:
        return unit.level.code
    if unit.level_id not in _LEVEL_CODES:
        levels = unit._meta.get_field("level").related_model
        _LEVEL_CODES.clear()
        _LEVEL_CODES.update(levels.objects.values_list("pk", "code"))
    return _LEVEL_CODES.get(unit.level_id, "")


def local_office_label(unit) -> str:
    """The name of the local officer's office for ``unit`` (a unit directly under a province)."""
    code = level_code(unit)
    if code == DISTRICT:
        return _("District officer")
    if code == COMMUNE:
        return _("Commune/ward economic office")
    return _("Local officer")


def local_level_label(province, day=None) -> str:
    """What the rows of a board or quota table are per, in ``province``: districts or communes/wards."""
    return _("Commune/ward") if province is not None and is_two_tier(province, day) else _("District")


def is_two_tier(province, day=None) -> bool:
    """True when ``province`` has communes directly under it (the tree after the 2025 reform)."""
    return type(province).objects.filter(parent=province, level__code=COMMUNE).valid_on(day).exists()


def former_district(commune):
    """The district of a record's commune in a three-tier tree (history since the 2025 reform), or
    None for a commune directly under its province (two-tier: there is no district). No query when
    the commune's parent is loaded."""
    if commune is None or commune.parent_id is None or commune.local_unit_id == commune.pk:
        return None
    parent = commune.parent
    return parent if level_code(parent) == DISTRICT else None


def former_district_name(commune) -> str:
    """The district column of a row in ``commune``: its district (three-tier, before the reform), or
    "—" for a commune directly under its province (two-tier: there is no district). No query."""
    if commune is None or commune.parent_id is None or commune.local_unit_id == commune.pk:
        return "—"
    return commune.parent.name
