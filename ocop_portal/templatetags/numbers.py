"""``{% load numbers %}``: the portal's one number format in templates (ocop_portal/numbers.py)."""

from django import template

from ocop_portal import numbers

register = template.Library()


@register.filter
def number(value, places=-2):
    """``{{ sheet.total|number:2 }}`` → "33,34"; ``{{ x|number }}`` → "1.234,50", "5" (two decimals, none for a whole number)."""
    return numbers.format_number(value, places)


@register.filter
def percent(value, places=1):
    return numbers.percent(value, int(places))


@register.filter
def ratio(value, places=2):
    return numbers.ratio(value, int(places))


@register.filter
def vnd(value):
    return numbers.vnd(value)
