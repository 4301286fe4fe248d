"""Accent-insensitive, typo-tolerant search.

On PostgreSQL: ``unaccent`` + trigram word similarity on the name, so "ca phe"
finds "Cà phê" and "nuoc mam" finds "Nước mắm" (and "nuoc mamm" still does).
On SQLite (embedded mode): every folded word must appear in the folded name column.

The filters use pg_trgm's operators (``%>`` word similarity, ``%`` similarity) rather than a
comparison on a computed similarity, so PostgreSQL can answer them from the GIN trigram indexes
on the folded name columns; the thresholds are session settings set on every new connection
(:func:`set_trigram_thresholds`). The computed similarity is only used to order the matches.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet

from .text import fold

TRIGRAM_THRESHOLD = 0.45  # word similarity for search
DUPLICATE_THRESHOLD = 0.6  # similarity for the duplicate warning


def set_trigram_thresholds(sender, connection, **kwargs):
    """``connection_created`` receiver: the pg_trgm operator thresholds this portal uses."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SET pg_trgm.word_similarity_threshold = %s; SET pg_trgm.similarity_threshold = %s",
                [TRIGRAM_THRESHOLD, DUPLICATE_THRESHOLD],
            )


def search_queryset(qs: QuerySet, q: str, *, fields: tuple[str, ...], folded_field: str) -> QuerySet:
    q = (q or "").strip()[:100]
    if not q:
        return qs
    folded = fold(q)
    words = [w for w in folded.split() if w]
    exact = Q()
    for word in words:
        exact &= Q(**{f"{folded_field}__contains": word})
    for field in fields[1:]:
        exact |= Q(**{f"{field}__iexact": q})
    if connection.vendor != "postgresql":
        return qs.filter(exact)
    from django.contrib.postgres.search import TrigramWordSimilarity

    return (
        qs.filter(exact | Q(**{f"{folded_field}__trigram_word_similar": folded}))
        .annotate(_similarity=TrigramWordSimilarity(folded, folded_field))
        .order_by("-_similarity", *qs.query.order_by or qs.model._meta.ordering or ["pk"])
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
