"""Text helpers for Vietnamese: accent folding for search and matching."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


class _Unaccented(dict):
    """``str.translate`` table: each character (by code point) to its NFKD decomposition without the
    combining marks (đ → d), computed once per character. NFKD only decomposes, character by
    character, and the marks it would reorder are the ones dropped: the same result as normalising
    the whole string, without a Python step per character (the import folds ~140 000 names)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in "đĐ":
            out = "d" if char == "đ" else "D"
        else:
            out = "".join(ch for ch in unicodedata.normalize("NFKD", char) if not unicodedata.combining(ch))
        self[code] = out
        return out


_UNACCENTED = _Unaccented()


def fold(value: str | None) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d), collapse white space.

    >>> fold("  Cà phê  Đắk ")
    'ca phe dak'
    """
    if not value:
        return ""
    stripped = value.translate(_UNACCENTED) if not value.isascii() else value
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
