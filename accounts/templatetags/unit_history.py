"""Show a record's unit as it is today and as it was: ``{% load unit_history %}``.

``{% unit_history product.commune %}`` renders a definition-list row "Đơn vị hiện nay: Xã Duy Xuyên,
Thành phố Đà Nẵng (trước đây: Xã Duy Sơn, Huyện Duy Xuyên, Tỉnh Quảng Nam)" when the unit has been
succeeded, and nothing while it is current. ``{{ unit|today_unit }}`` gives today's unit,
``{{ unit|unit_label }}`` its name marked "(trước 7/2025)" when it is history.
"""

from django import template

from accounts.successions import today_unit as _today_unit

register = template.Library()


@register.filter
def today_unit(unit):
    return _today_unit(unit)


@register.filter
def unit_label(unit):
    """The unit's name, "(trước 7/2025)" added when it is history (a district closed by the reform)."""
    from accounts.territory import labelled

    return labelled(unit) if unit is not None else ""


@register.filter
def place_on(commune, day):
    """Where a record made in ``commune`` lies on ``day``, as a list line names it: the district (three-
    tier) or the commune/ward (two-tier) in force then, e.g. at a fair of 2023 "Huyện Duy Xuyên", at one
    of 2026 "Xã Duy Xuyên" (or "Huyện Hiệp Đức (trước 7/2025)" when the commune's successor is unknown)."""
    from accounts.levels import former_district
    from accounts.territory import labelled, territory

    if commune is None:
        return ""
    t = territory(day)
    district = former_district(commune)
    if not t.is_history(commune.pk):
        return district.name if district is not None else commune.name
    return t.now_name(commune.pk) or (
        labelled(district, day) if district is not None else labelled(commune, day)
    )


@register.inclusion_tag("accounts/_unit_history.html")
def unit_history(unit, dt_class="col-sm-4", dd_class="col-sm-8"):
    now = _today_unit(unit)
    return {
        "changed": now is not None and unit is not None and now.pk != unit.pk,
        "now": now,
        "then": unit,
        "dt_class": dt_class,
        "dd_class": dd_class,
    }
