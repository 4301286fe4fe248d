"""One number format for the whole portal: decimal comma, thousands dot ("1.234,5"; "66,7 %"; "1,57×").

Python code that builds a displayed string (measurements, messages, PDFs, e-mails) calls these
helpers; templates use the ``numbers`` filters (``{% load numbers %}``: ``|number:2``, ``|percent``,
``|ratio``, ``|vnd``); the score sheet's live totals use ``Intl.NumberFormat("vi-VN")``. Both
languages of the portal use the Vietnamese separators (``ocop_portal/formats``). Money stays in whole
VND ("12.345.678"). Spreadsheets keep numbers as numbers.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.template.defaultfilters import floatformat


def format_number(value, places: int | str = -2) -> str:
    """``value`` with the portal's separators; ``places`` as ``floatformat``: 2 → always two decimals
    ("33,34", "100,00"), -2 → two, or none for a whole number ("5", "2,50"). Thousands grouped.

    >>> format_number(1234.5, 1)
    '1.234,5'
    """
    if value is None or value == "":
        return ""
    try:
        Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return str(floatformat(value, f"{places}g"))


def percent(value, places: int = 1) -> str:
    """66.66 → "66,7 %"."""
    return "" if value is None else f"{format_number(value, places)} %"


def ratio(value, places: int = 2) -> str:
    """1.5749 → "1,57×"."""
    return "" if value is None else f"{format_number(value, places)}×"


def vnd(value) -> str:
    """12345678 → "12.345.678" (whole đồng); "—" for no value."""
    if value in (None, ""):
        return "—"
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return str(value)
