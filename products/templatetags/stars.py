"""Star ratings that screen readers read: ``{% load stars %}`` then ``{% stars product.stars %}``.

The stars (★★★★) are hidden from assistive technology and a visually hidden text says the rating in
words ("4 sao"): an ``aria-label`` on a plain ``<span>`` is ignored by screen readers, which would read
the symbols instead. ``{% stars n label="product" %}`` says "Sản phẩm OCOP 4 sao".
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import ngettext

register = template.Library()


def rating_text(n: int, label: str = "") -> str:
    if label == "product":
        return ngettext("%(stars)s star OCOP product", "%(stars)s star OCOP product", n) % {"stars": n}
    return ngettext("%(stars)s star", "%(stars)s stars", n) % {"stars": n}


@register.simple_tag
def stars(n, label="", css=""):
    """``<span class="stars">`` with n stars for the eye and the rating in words for the ear; nothing
    for an unrated (0 or None) product."""
    n = int(n or 0)
    if n <= 0:
        return ""
    return format_html(
        '<span class="stars{}"><span aria-hidden="true">{}</span><span class="visually-hidden">{}</span></span>',
        f" {css}" if css else "",
        "★" * n,
        rating_text(n, label),
    )
