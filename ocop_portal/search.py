"""Accent-insensitive, typo-tolerant search.

On PostgreSQL: ``unaccent`` + trigram word similarity on the name, so "ca phe"
finds "Cà phê" and "nuoc mam" finds "Nước mắm" (and "nuoc mamm" still does).
On SQLite (embedded mode) the same: every folded word appears in the folded name, or the name is
word-similar to the query by pg_trgm's measure, computed in Python (:func:`word_similarity`, registered
as the SQL function ``ocop_word_similarity`` on every SQLite connection), so "sam ngoc lnh" and
"banh trangg" find their products on the demo too.

On an empty result, :func:`suggest` offers the closest name ("Có phải bạn muốn tìm …").

The filters use pg_trgm's operators (``%>`` word similarity, ``%`` similarity) rather than a
comparison on a computed similarity, so PostgreSQL can answer them from the GIN trigram indexes
on the folded name columns; the thresholds are session settings set on every new connection
(:func:`set_trigram_thresholds`). The computed similarity is only used to order the matches.
"""

from __future__ import annotations

import functools
import re

from django.db import connection, transaction
from django.db.models import Case, CharField, F, FloatField, Func, Q, QuerySet, Value, When
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual

from .text import fold

TRIGRAM_THRESHOLD = 0.45  # word similarity for search
DUPLICATE_THRESHOLD = 0.6  # similarity for the duplicate warning
SUGGEST_THRESHOLD = 0.3  # word similarity for "did you mean" on an empty result

_WORD = re.compile(r"[^\W_]+")
_ASCII_WORD = re.compile(r"[a-z0-9]")


@functools.lru_cache(maxsize=20_000)
def _word_trigrams(word: str) -> frozenset[str]:
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def trigrams(text: str) -> frozenset[str]:
    """pg_trgm's trigrams of ``text`` (lower case, each word padded with two spaces before, one after)."""
    out: set[str] = set()
    for word in _WORD.findall((text or "").lower()):
        out |= _word_trigrams(word)
    return frozenset(out)


def similarity(a: str, b: str) -> float:
    """pg_trgm's ``similarity(a, b)``: shared trigrams over all trigrams of both."""
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def word_similarity(query: str | None, text: str | None) -> float:
    """pg_trgm's ``word_similarity(query, text)``: the best similarity between the query's trigrams and
    those of any run of consecutive trigrams of ``text`` (shared / (query's + run's − shared)).
    The runs worth trying start and end on a trigram the query has."""
    q = trigrams(query or "")
    if not q:
        return 0.0
    seq = [
        t
        for word in _WORD.findall((text or "").lower())
        for t in sorted(_word_trigrams(word), key=_padded_order(word))
    ]
    hits = [i for i, t in enumerate(seq) if t in q]
    best = 0.0
    for n, i in enumerate(hits):
        run: set[str] = set()
        shared: set[str] = set()
        pos = i
        for j in hits[n:]:
            run.update(seq[pos : j + 1])
            pos = j + 1
            shared.add(seq[j])
            best = max(best, len(shared) / (len(q) + len(run) - len(shared)))
    return best


def _padded_order(word: str):
    padded = f"  {word} "
    index = {padded[i : i + 3]: i for i in range(len(padded) - 2)}
    return lambda t: index[t]


class WordSimilarity(Func):
    """``ocop_word_similarity(query, field)`` on SQLite (the function registered on the connection)."""

    function = "ocop_word_similarity"
    output_field = FloatField()


def set_trigram_thresholds(sender, connection, **kwargs):
    """``connection_created`` receiver: the pg_trgm operator thresholds this portal uses, no JIT, and
    the planner's price of an index probe for a database that fits in memory.

    JIT compilation is for long analytical queries; on this portal's short ones it only adds its
    compile time (≈ 100–300 ms, seen on the catalogue's count at 100 000 products) whenever a
    per-row subquery makes the estimated cost cross ``jit_above_cost``. ``random_page_cost`` 1.1
    (PostgreSQL's default 4 is for spinning disks): with 4 the planner read all 100 000 products to
    join the plan's 434 entries (the plan dashboard's 3★ share: 235 ms → 19 ms).
    """
    if connection.vendor == "sqlite":
        connection.connection.create_function("ocop_word_similarity", 2, word_similarity, deterministic=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SET pg_trgm.word_similarity_threshold = %s; SET pg_trgm.similarity_threshold = %s;"
                " SET jit = off; SET random_page_cost = 1.1",
                [TRIGRAM_THRESHOLD, DUPLICATE_THRESHOLD],
            )


def _contains_all(folded_field: str, words: list[str]) -> Q:
    """Every word appears in the folded name.

    Words of three letters or more are ``LIKE '%word%'`` (answerable from the trigram index); shorter
    ones are ``STRPOS(name, word) > 0``, the same test in a form the planner never takes to the index:
    a two-letter ``LIKE`` has no trigram, so the GIN index would return every row for it. When the
    query has only short words, they stay ``LIKE`` (nothing better to give the index).
    """
    has_long = any(len(w) >= 3 for w in words)
    out = Q()
    for word in words:
        if len(word) >= 3 or not has_long:
            out &= Q(**{f"{folded_field}__contains": word})
        else:
            out &= Q(GreaterThan(StrIndex(F(folded_field), Value(word)), 0))
    return out


def search_queryset(qs: QuerySet, q: str, *, fields: tuple[str, ...], folded_field: str) -> QuerySet:
    """Rows whose folded name contains every word of ``q``, or (PostgreSQL) is word-similar to it,
    or whose exact-match field (``fields[1:]``: certificate number, tax code) equals ``q`` ignoring case.

    On PostgreSQL each alternative of the OR is answerable from an index — the name's GIN trigram
    index (``%>``, and ``LIKE`` for words of three letters or more) and the ``UPPER(field)`` indexes of
    the exact-match fields — so the planner can combine them (BitmapOr) instead of reading every row.
    """
    q = (q or "").strip()[:100]
    if not q:
        return qs
    folded = fold(q)
    words = [w for w in folded.split() if w]
    match = _contains_all(folded_field, words)
    for field in fields[1:]:
        match |= Q(**{f"{field}__iexact": q})
    ordering = tuple(qs.query.order_by or qs.model._meta.ordering or ["pk"])
    if connection.vendor != "postgresql":
        similar = WordSimilarity(Value(folded), F(folded_field))
        return (
            qs.annotate(_similarity=similar)
            .filter(match | Q(GreaterThanOrEqual(F("_similarity"), TRIGRAM_THRESHOLD)))
            .order_by("-_similarity", *ordering)
        )
    return (
        qs.filter(match | Q(**{f"{folded_field}__trigram_word_similar": folded}))
        .annotate(_similarity=relevance(folded, folded_field))
        .order_by("-_similarity", *ordering)
    )


def relevance(folded: str, folded_field: str):
    """PostgreSQL: ``word_similarity(folded, field)``, the search's relevance, computed only where needed.

    A name holding the query as whole words (``' ' || name || ' '`` contains ``' ' || query || ' '``)
    has a run of trigrams equal to the query's own: its word similarity is exactly 1, the highest.
    Those rows take 1 from a ``STRPOS`` (≈ 0.2 µs a row) instead of the trigram computation (≈ 15 µs);
    the others are computed. Same values, so the same order: at 100 000 products "ca phe" matches
    5 037 names, 5 025 of them in whole words (EXPLAIN ANALYZE, serial: 180 → 128 ms).
    A query without an ASCII letter or digit may have no trigram at all (similarity 0): computed.
    """
    from django.contrib.postgres.search import TrigramWordSimilarity

    similar = TrigramWordSimilarity(folded, folded_field)
    if not _ASCII_WORD.search(folded):
        return similar
    padded = Func(F(folded_field), template="(' ' || %(expressions)s || ' ')", output_field=CharField())
    return Case(
        When(GreaterThan(StrIndex(padded, Value(f" {folded} ")), 0), then=Value(1.0)),
        default=similar,
        output_field=FloatField(),
    )


def suggest(qs: QuerySet, q: str, *, folded_field: str, name_field: str = "name") -> str | None:
    """The name in ``qs`` closest to ``q`` ("Có phải bạn muốn tìm …"), or None: for an empty result.

    On PostgreSQL the ``%>`` operator at a lower threshold (``SET LOCAL`` in a transaction of its own)
    keeps the GIN trigram index in use; on SQLite the registered similarity function."""
    folded = fold((q or "").strip()[:100])
    if len(folded) < 3:
        return None
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity

        with transaction.atomic(), connection.cursor() as cursor:
            # SET LOCAL lasts to the end of the outermost transaction (a request's, a test's): put the
            # search threshold back once the suggestion is found
            cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [SUGGEST_THRESHOLD])
            best = (
                qs.filter(**{f"{folded_field}__trigram_word_similar": folded})
                .annotate(_similarity=TrigramWordSimilarity(folded, folded_field))
                .order_by("-_similarity", name_field)
                .values_list(name_field, flat=True)
                .first()
            )
            cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [TRIGRAM_THRESHOLD])
        return best
    similar = WordSimilarity(Value(folded), F(folded_field))
    return (
        qs.annotate(_similarity=similar)
        .filter(_similarity__gte=SUGGEST_THRESHOLD)
        .order_by("-_similarity", name_field)
        .values_list(name_field, flat=True)
        .first()
    )


def similarity_matches(
    qs: QuerySet, name: str, *, folded_field: str, threshold: float, limit: int = 5
) -> list:
    """The rows whose folded name closely matches ``name`` (best first)."""
    folded = fold(name)
    if not folded:
        return []
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        # the % operator (index-assisted) pre-selects at DUPLICATE_THRESHOLD; the exact threshold asked
        # for is then applied on the few candidates
        return list(
            qs.filter(**{f"{folded_field}__trigram_similar": folded})
            .annotate(_similarity=TrigramSimilarity(folded_field, folded))
            .filter(_similarity__gte=threshold)
            .order_by("-_similarity")[:limit]
        )
    import difflib

    candidates = qs.filter(**{f"{folded_field}__contains": folded.split()[0]})[:500]
    scored = [
        (difflib.SequenceMatcher(None, folded, getattr(p, folded_field)).ratio(), p) for p in candidates
    ]
    return [p for score, p in sorted(scored, key=lambda s: -s[0]) if score >= threshold][:limit]
