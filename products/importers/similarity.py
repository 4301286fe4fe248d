"""The duplicate check of a large import as one read of the registry and a join in Python.

Asking PostgreSQL, for each new product, which registered names are ``%``-similar is one GIN probe per
product, and each probe walks the posting lists of the name's common trigrams ("  c", "ca ", " ph" …:
tens of thousands of products each on a provincial registry of alike names): 20–70 ms a product, 10 000
products ≈ 10–15 minutes (issue 15). Prefix filtering (a set-similarity join on the rarest trigrams) does
not help on such names either: the bench registry has 1 600 distinct trigrams over 100 000 names, and a
name's rarest trigrams are still shared by ~30 % of the registry.

So a large file (:data:`.duplicates.SET_JOIN_FROM` new products and more) is checked against the products
that a duplicate registration plausibly is: **the same folded name anywhere** in the province, and **a
similar name in the same commune** (pg_trgm similarity ≥ the threshold, computed here with pg_trgm's
trigrams and arithmetic) — each time of another producer, in the same top group, not revoked, with a
smaller id (the products that existed, then the earlier rows of the file); the best five by similarity
then id. A small file keeps the province-wide probe of :data:`.duplicates._SIMILAR_SQL`. One query reads
the candidates (id, folded name, producer, commune, top group): ≈ 100 000 short rows at most.

Trigrams are pg_trgm's (``generate_trgm``: lower-case words of alphanumeric characters, each padded with
two spaces before and one after; similarity = common ÷ union, compared exactly); names holding a
non-ASCII character after folding get their trigrams from PostgreSQL itself (``show_trgm``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from fractions import Fraction

from django.db import connection

_WORD = re.compile(r"[a-z0-9]+")

_CANDIDATES_SQL = """
SELECT p.id, p.name_ascii, p.producer_id, p.commune_id, COALESCE(g.parent_id, g.id)
FROM products_product p JOIN products_productgroup g ON g.id = p.group_id
WHERE p.state <> %(revoked)s AND COALESCE(g.parent_id, g.id) = ANY(%(tops)s)
  AND (p.commune_id = ANY(%(communes)s) OR p.name_ascii = ANY(%(names)s))
ORDER BY p.id
"""


def word_trigrams(word: str) -> frozenset[str]:
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def ascii_trigrams(name: str, words: dict | None = None) -> frozenset[str]:
    """pg_trgm's trigrams of an ASCII folded name (``show_trgm``); ``words`` caches them by word."""
    words = {} if words is None else words
    out = set()
    for word in _WORD.findall(name.lower()):
        trigrams = words.get(word)
        if trigrams is None:
            trigrams = words[word] = word_trigrams(word)
        out |= trigrams
    return frozenset(out)


def _masks(names: list[str]) -> list[int]:
    """Each name's trigrams as the bits of one integer (an intersection is then an AND and a bit
    count); the words' masks are cached, names are unions of them."""
    bit: dict[str, int] = {}  # trigram → its bit (1 << n), made once
    words: dict[str, int] = {}

    def mask_of(trigrams) -> int:
        mask = 0
        for trigram in trigrams:
            value = bit.get(trigram)
            if value is None:
                value = bit[trigram] = 1 << len(bit)
            mask |= value
        return mask

    masks = [0] * len(names)
    others = []
    for i, name in enumerate(names):
        if not name.isascii():
            others.append(i)
            continue
        mask = 0
        lowered = name.lower()
        # a folded name is mostly ASCII letters and digits between single spaces: split() then, the
        # regular expression (pg_trgm's word characters) only for a name with anything else in it
        split = lowered.split()
        for word in split if all(w.isalnum() for w in split) else _WORD.findall(lowered):
            word_mask = words.get(word)
            if word_mask is None:
                word_mask = words[word] = mask_of(word_trigrams(word))
            mask |= word_mask
        masks[i] = mask
    if others:  # PostgreSQL's own trigrams (multibyte ones are stored as hashes there)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT n.ord, show_trgm(n.name) FROM unnest(%s::text[]) WITH ORDINALITY AS n(name, ord)",
                [[names[i] for i in others]],
            )
            for ordinal, trigrams in cursor.fetchall():
                masks[others[ordinal - 1]] = mask_of(trigrams)
    return masks


def similar_ids(new: list[tuple[int, str, int, int, int]], threshold: float, revoked: str, limit: int = 5):
    """``{new id: [product id, …]}`` (best first) for ``new`` = [(id, folded name, producer id, commune
    id, top group id), …] already inserted: see the module docs. Two queries (three with non-ASCII
    names), whatever the number of rows."""
    if not new:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            _CANDIDATES_SQL,
            {
                "revoked": revoked,
                "tops": sorted({n[4] for n in new}),
                "communes": sorted({n[3] for n in new}),
                "names": sorted({n[1] for n in new}),
            },
        )
        candidates = cursor.fetchall()
    t = Fraction(str(threshold))
    num, den = t.numerator, t.denominator
    names = sorted({c[1] for c in candidates} | {n[1] for n in new})
    index_of = {name: i for i, name in enumerate(names)}
    masks = _masks(names)
    sizes = [mask.bit_count() for mask in masks]
    both = num + den  # common / (nx + ny − common) ≥ num / den  ⇔  common · (num + den) ≥ num · (nx + ny)
    in_commune: dict[tuple[int, int], list[tuple[int, int, int, int, int]]] = defaultdict(list)
    by_name: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for pk, name, producer_id, commune_id, top in candidates:  # by id: see the slices below
        y = index_of[name]
        in_commune[commune_id, top].append((pk, producer_id, masks[y], sizes[y], num * sizes[y]))
        by_name[y, top].append((pk, producer_id))
    bucket_ids = {key: [c[0] for c in bucket] for key, bucket in in_commune.items()}
    out: dict[int, list[int]] = {}
    for pk, name, producer_id, commune_id, top in new:
        x = index_of[name]
        xs, nx = masks[x], sizes[x]
        scored = {}
        if nx:
            key = (commune_id, top)
            bucket = in_commune[key]
            need = num * nx
            # the products with a smaller id (a slice of the bucket sorted by id), of another producer,
            # similar enough; one comprehension: the loop runs ~1 million times for 10 000 rows
            hits = [
                (other, common, ny)
                for other, other_producer, ys, ny, ny_num in bucket[
                    : bisect_left(bucket_ids.get(key, ()), pk)
                ]
                if other_producer != producer_id and (common := (xs & ys).bit_count()) * both >= need + ny_num
            ]
            for other, common, ny in hits:
                scored[other] = common / (nx + ny - common)  # equal ratios, equal floats
        for other, other_producer in by_name[x, top]:  # the same folded name anywhere
            if other < pk and other_producer != producer_id:
                scored[other] = 1.0
        if scored:
            out[pk] = sorted(scored, key=lambda other: (-scored[other], other))[:limit]
    return out
