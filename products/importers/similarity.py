"""The duplicate check of a large import as one set-similarity join, in Python, with pg_trgm's arithmetic.

Asking PostgreSQL, for each new product, which registered names are ``%``-similar is one GIN probe per
product, and each probe walks the posting lists of the name's common trigrams ("  c", "ca ", " ph" …:
tens of thousands of products each on a provincial registry of alike names): 20–70 ms a product, 10 000
products ≈ 10 minutes (issue 15). Here the registry is read once (id, folded name, producer, group: one
query) and the pairs are found by **prefix filtering** (Chaudhuri et al. 2006; Bayardo et al.'s
All-Pairs): with the trigrams of every name sorted rarest first, two names whose similarity
``|x ∩ y| / |x ∪ y|`` reaches ``t`` share at least ``⌈t·|x|⌉`` trigrams, so the first shared trigram is
among the first ``|x| − ⌈t·|x|⌉ + 1`` of each — an inverted index of those few *rare* trigrams gives
every candidate, each then checked exactly. Identical names are joined once (the registry's names repeat
per producer).

The answer is the one of :data:`.duplicates._SIMILAR_SQL` (the tests compare both): same threshold
compared exactly (``5·common ≥ 3·union`` for 0.6, as pg_trgm's ``similarity() >= 0.6`` on float4 with
these small counts), same candidates (another producer, not revoked, same top group, a smaller id), the
best five by similarity then id. Trigrams are pg_trgm's (``generate_trgm``: lower-case words of
alphanumeric characters, each padded with two spaces before and one after); the names holding a
non-ASCII character after folding (where PostgreSQL's idea of a letter and a multibyte trigram's
encoding matter) get their trigrams from PostgreSQL itself (``show_trgm``).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from fractions import Fraction

from django.db import connection

_WORD = re.compile(r"[a-z0-9]+")

_REGISTRY_SQL = """
SELECT p.id, p.name_ascii, p.producer_id, COALESCE(g.parent_id, g.id)
FROM products_product p JOIN products_productgroup g ON g.id = p.group_id
WHERE p.state <> %(revoked)s AND COALESCE(g.parent_id, g.id) = ANY(%(tops)s)
"""


def ascii_trigrams(name: str) -> frozenset[str]:
    """pg_trgm's trigrams of an ASCII folded name (``show_trgm``)."""
    out = set()
    for word in _WORD.findall(name.lower()):
        padded = f"  {word} "
        out.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(out)


def _trigram_sets(names: list[str]) -> list[frozenset]:
    sets: list[frozenset | None] = [None] * len(names)
    others = []
    for i, name in enumerate(names):
        if name.isascii():
            sets[i] = ascii_trigrams(name)
        else:
            others.append(i)
    if others:  # PostgreSQL's own trigrams (multibyte ones are stored as hashes there)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT n.ord, show_trgm(n.name) FROM unnest(%s::text[]) WITH ORDINALITY AS n(name, ord)",
                [[names[i] for i in others]],
            )
            for ordinal, trigrams in cursor.fetchall():
                sets[others[ordinal - 1]] = frozenset(trigrams)
    return sets


def similar_ids(new: list[tuple[int, str, int, int]], threshold: float, revoked: str, limit: int = 5):
    """``{new id: [registered id, …]}`` (best first) for ``new`` = [(id, folded name, producer id, top
    group id), …] already inserted: the products of other producers in the same top group, not
    ``revoked``, with a smaller id, at least ``threshold`` similar. Two queries (three with non-ASCII
    names), whatever the number of rows."""
    if not new:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_REGISTRY_SQL, {"revoked": revoked, "tops": sorted({n[3] for n in new})})
        registry = cursor.fetchall()
    t = Fraction(str(threshold))
    # distinct names: the registry's (index side) and the new products' (probe side)
    by_name: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for pk, name, producer_id, top in registry:
        by_name[name].append((pk, producer_id, top))
    names = list(by_name)
    index_of = {name: i for i, name in enumerate(names)}
    probe_names = sorted({n[1] for n in new} - index_of.keys())  # a new row that is revoked? never
    for name in probe_names:
        index_of[name] = len(names)
        names.append(name)
    sets = _trigram_sets(names)
    # the global order: rarest trigram first (over the distinct names), ties by the trigram itself
    frequency: dict[str, int] = defaultdict(int)
    for trigrams in sets:
        for trigram in trigrams:
            frequency[trigram] += 1
    rank = {g: r for r, g in enumerate(sorted(frequency, key=lambda g: (frequency[g], g)))}
    ordered = [sorted(rank[g] for g in trigrams) for trigrams in sets]

    def prefix(i: int) -> list[int]:
        size = len(ordered[i])
        return ordered[i][: size - math.ceil(t * size) + 1] if size else []

    inverted: dict[int, list[int]] = defaultdict(list)
    for i in range(len(by_name)):
        for r in prefix(i):
            inverted[r].append(i)
    num, den = t.numerator, t.denominator
    matches_of_name: dict[int, list[tuple[float, int]]] = {}
    for name in {n[1] for n in new}:
        x = index_of[name]
        xs, nx = sets[x], len(sets[x])
        if not nx:
            matches_of_name[x] = []
            continue
        low, high = num * nx, den * nx  # |y| outside [t·|x|, |x|/t] cannot reach t
        seen = set()
        found = []
        for r in prefix(x):
            for y in inverted.get(r, ()):
                if y in seen:
                    continue
                seen.add(y)
                ny = len(sets[y])
                if ny * den < low or ny * num > high:
                    continue
                common = len(xs & sets[y])
                union = nx + ny - common
                if common * den >= num * union:
                    found.append((common / union, y))  # equal ratios, equal floats
        found.sort(key=lambda m: m[0], reverse=True)
        matches_of_name[x] = found
    out: dict[int, list[int]] = {}
    for pk, name, producer_id, top in new:
        chosen: list[int] = []
        level, level_ids = None, []
        for score, y in matches_of_name[index_of[name]]:
            if score != level:
                chosen.extend(sorted(level_ids)[: limit - len(chosen)])
                if len(chosen) >= limit:
                    break
                level, level_ids = score, []
            level_ids.extend(
                other for other, other_producer, other_top in by_name[names[y]]
                if other < pk and other_producer != producer_id and other_top == top
            )
        else:
            chosen.extend(sorted(level_ids)[: limit - len(chosen)])
        if chosen:
            out[pk] = chosen
    return out
