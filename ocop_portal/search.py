"""Accent-insensitive, typo-tolerant search.

On PostgreSQL: ``unaccent`` + trigram word similarity on the name, so "ca phe"
finds "Cà phê" and "nuoc mam" finds "Nước mắm" (and "nuoc mamm" still does).
On SQLite (embedded mode): every folded word must appear in the folded name column.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet

from .text import fold

TRIGRAM_THRESHOLD = 0.45


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
        qs.annotate(_similarity=TrigramWordSimilarity(folded, folded_field))
        .filter(exact | Q(_similarity__gte=TRIGRAM_THRESHOLD))
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

        return list(
            qs.annotate(_similarity=TrigramSimilarity(folded_field, folded))
            .filter(_similarity__gte=threshold)
            .order_by("-_similarity")[:limit]
        )
    import difflib

    candidates = qs.filter(**{f"{folded_field}__contains": folded.split()[0]})[:500]
    scored = [
        (difflib.SequenceMatcher(None, folded, getattr(p, folded_field)).ratio(), p) for p in candidates
    ]
    return [p for score, p in sorted(scored, key=lambda s: -s[0]) if score >= threshold][:limit]
