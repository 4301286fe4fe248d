"""Text helpers for Vietnamese: accent folding for search and matching."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(value: str | None) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d), collapse white space.

    >>> fold("  Cà phê  Đắk ")
    'ca phe dak'
    """
    if not value:
        return ""
    value = value.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


_UNIT_PREFIXES = (
    "thanh pho ",
    "thi xa ",
    "thi tran ",
    "huyen ",
    "quan ",
    "phuong ",
    "xa ",
    "tinh ",
)


def fold_unit_name(value: str | None) -> str:
    """Fold a unit name and drop its type prefix: "Huyện Duy Xuyên" → "duy xuyen"."""
    folded = fold(value)
    for prefix in _UNIT_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded
