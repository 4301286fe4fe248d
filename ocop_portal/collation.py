"""Vietnamese alphabetical order, the same on PostgreSQL and on the embedded SQLite default.

The alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z of loan words
in their Latin places); the tone marks only break ties between words with the same letters, in the
order ngang, huyền, hỏi, ngã, sắc, nặng; lower case before upper case. So "Đại Lộc" sorts after
"Duy Xuyên" and "Ánh Dương" with the A.

- PostgreSQL: the ICU collation ``vietnamese`` (provider icu, locale ``vi``), created by the migration
  ``accounts/0004_vietnamese_collation`` and set as ``db_collation`` on the name columns, so every
  ``ORDER BY name`` — lists, selects, exports — uses it.
- SQLite: a collation of the same name registered on every new connection (:func:`register_collation`,
  a ``connection_created`` receiver) comparing :func:`sort_key`.
- Python: ``sorted(rows, key=lambda r: sort_key(r.name))`` for lists built in memory.
"""

from __future__ import annotations

import functools
import unicodedata

COLLATION = "vietnamese"

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER = {ch: i for i, ch in enumerate(_ALPHABET)}
# combining marks that make a letter of their own (ă â ê ô ơ ư) — recomposed before ranking
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# the tone marks, in Vietnamese dictionary order (ICU's vi tailoring: ̀ < ̉ < ̃ < ́ < ̣)
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _primary(ch: str) -> int:
    if ch in _LETTER:
        return 1000 + _LETTER[ch]
    if ch.isdigit():
        return 500 + unicodedata.digit(ch, 0)
    if ch.isspace():
        return 1
    if ch.isalpha():  # other scripts, after the Latin letters
        return 2000 + ord(ch)
    return 10 + min(ord(ch), 480)  # punctuation and symbols, before digits


@functools.lru_cache(maxsize=50_000)
def sort_key(value: str | None) -> tuple:
    """The Vietnamese collation key of ``value``: letters first, then tones, then case, then the text.

    >>> sorted(["Đại Lộc", "Duy Xuyên", "Ánh Dương", "Bắc Trà My"], key=sort_key)
    ['Ánh Dương', 'Bắc Trà My', 'Duy Xuyên', 'Đại Lộc']
    """
    if not value:
        return ((), (), (), "")
    primary, tones, cases = [], [], []
    for ch in unicodedata.normalize("NFD", value):
        if ch in _TONES:
            if tones:
                tones[-1] = _TONES[ch]
            continue
        if ch in _LETTER_MARKS and primary:
            # recompose the letter with its mark (a + ̆ → ă); the key of the previous char is replaced
            prev = _ALPHABET[primary[-1] - 1000] if 1000 <= primary[-1] < 1000 + len(_ALPHABET) else ""
            composed = unicodedata.normalize("NFC", prev + ch)
            if composed in _LETTER:
                primary[-1] = _primary(composed)
            continue
        if unicodedata.combining(ch):
            continue
        lower = ch.lower()
        primary.append(_primary("đ" if lower == "đ" else lower))
        tones.append(0)
        cases.append(0 if ch == lower else 1)
    return (tuple(primary), tuple(tones), tuple(cases), value)


def compare(a: str | None, b: str | None) -> int:
    """-1, 0 or 1 as ``a`` sorts before, with or after ``b`` (SQLite's collation callback)."""
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


def register_collation(sender, connection, **kwargs):
    """``connection_created`` receiver: the ``vietnamese`` collation on SQLite connections (on
    PostgreSQL the ICU collation is a database object, created by a migration)."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, compare)
