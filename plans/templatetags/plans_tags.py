"""Small template helpers for the plans pages."""

from django import template
from django.urls import NoReverseMatch, reverse

from ocop_portal import numbers

register = template.Library()


@register.filter
def vnd(value):
    """12345678 → "12.345.678" (Vietnamese thousands separator): ocop_portal/numbers.py."""
    return numbers.vnd(value)


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def product_url(product):
    """The staff page of a product when the registry exposes one, else an empty string."""
    try:
        return reverse("products:detail", args=[product.pk])
    except NoReverseMatch:
        return ""


@register.filter
def ontrack_css(value):
    return {True: "success", False: "danger"}.get(value, "secondary")
