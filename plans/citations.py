"""A plan's own years versus the dates of the documents it cites.

Moving a plan's text to another year (copying it, or the demo writing this year's plan from the 2023
seed) changes the plan's own years — "năm 2023", "trước ngày 30/10/2023", "triển khai nhiệm vụ năm
2024" — and never a cited document: "Quyết định số 148/QĐ-TTg ngày 24/02/2023" was signed on that day
whatever the plan's year, and so was "Công văn số 425/UBND-KTN ngày 19/01/2023 về việc … năm 2023".
A citation runs from a document number (``148/QĐ-TTg``, ``07/2021/NQ-HĐND``) to the end of its clause
(``,`` ``;`` ``:`` ``.`` ``)`` or the end of the line); a programme period ("giai đoạn 2021 - 2025") is
kept as well.
"""

from __future__ import annotations

import re

# A Vietnamese document number and symbol: 148/QĐ-TTg, 07/2021/NQ-HĐND, 425/UBND-KTN, 43/2017/NĐ-CP.
_NUMBER = r"\d+(?:/\d{4})?/[A-ZĐ][A-Za-zĐđ&]*(?:-[A-Za-zĐđ&]+)*"
_CITATION = re.compile(rf"(?<![\w/]){_NUMBER}[^,;:.)\n]*")
_PERIOD = re.compile(r"giai đoạn\s+\d{4}\s*[-–]\s*\d{4}", re.IGNORECASE)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every citation and programme period in ``text``."""
    spans = [m.span() for m in _CITATION.finditer(text)] + [m.span() for m in _PERIOD.finditer(text)]
    return sorted(spans)


def shift_year_text(text: str, old: int, new: int) -> str:
    """``text`` of a plan for ``old`` rewritten for ``new``: the years ``old`` and ``old + 1`` move
    by ``new - old`` outside citations; citations and programme periods stay as they are."""
    if not text or old == new:
        return text
    mapping = {str(old): str(new), str(old + 1): str(new + 1)}
    year = re.compile(rf"(?<!\d)({old}|{old + 1})(?!\d)")
    out, pos = [], 0
    for start, end in [*protected_spans(text), (len(text), len(text))]:
        if start < pos:  # overlapping spans
            pos = max(pos, end)
            continue
        out.append(year.sub(lambda m: mapping[m.group(1)], text[pos:start]))
        out.append(text[start:end])
        pos = end
    return "".join(out)
