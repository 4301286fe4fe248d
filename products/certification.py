"""What backs a product's rating: the certificates app (above products) answers, through this registry.

One truth for the public claim "certified": a product is shown as certified only while a valid
Certificate row backs it — same number, stars, issue date and validity as the product's denormalised
rating fields — so that every product the catalogue, open data or sitemap calls certified is one that
``/verify/`` confirms. Products cannot import the certificates app; it registers a
:class:`Certification` provider in its ``AppConfig.ready`` (as tradefairs extends the public pages).
Without a provider nothing is certified.

The rating fields (:data:`RATING_FIELDS`) are written only inside :func:`writing_ratings`, which only
the certificates services enter (``tests/products/test_rating_guard.py`` checks the code base):
``Product.save``, ``ProductQuerySet.update`` / ``bulk_update`` / ``bulk_create`` refuse any other write.
"""

from __future__ import annotations

import contextvars
import datetime
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

RATING_FIELDS = frozenset({"stars", "certificate_number", "certified_on", "valid_until"})

_writing = contextvars.ContextVar("ocop_rating_writes", default=False)


class RatingWriteRefused(RuntimeError):
    """A rating field was written outside the certificate services."""


@contextmanager
def writing_ratings():
    """The certificate services' permission to write a product's rating fields."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


def check_rating_write(fields) -> None:
    touched = RATING_FIELDS & set(fields)
    if touched and not _writing.get():
        raise RatingWriteRefused(
            f"{sorted(touched)} of a product change only through the certificate services "
            "(certificates.services / certificates.paper)"
        )


@dataclass(frozen=True)
class ImportSource:
    """Where an imported rating comes from: the file (name and SHA-256) and its row."""

    filename: str
    sha256: str
    row: int


@dataclass(frozen=True)
class ImportedRating:
    """One imported rating for :meth:`Certification.record_imported_many`."""

    product: object  # a saved Product
    stars: int
    decision_number: str
    recognised_on: datetime.date
    source: ImportSource


@dataclass(frozen=True)
class KnownRating:
    """A rating already known for a product: backed by a certificate, or proposed and awaiting DARD."""

    stars: int
    recognised_on: datetime.date
    decision_number: str
    pending: bool  # a proposal not yet confirmed


class Certification(Protocol):
    def backed(self, on: datetime.date):
        """A boolean expression on Product rows: a valid certificate backs the product's rating."""

    def decision_number(self):
        """An expression on Product rows: the decision number of the product's current certificate."""

    def route(self, user) -> str:
        """What an imported rating of ``user`` becomes: "certificate" (DARD) or "proposal"."""

    def known_ratings(self, product_ids) -> dict[int, list[KnownRating]]:
        """Ratings already recorded or proposed for these products (one query)."""

    def record_imported(
        self, product, *, stars: int, decision_number: str, recognised_on, by, source: ImportSource
    ) -> str:
        """Record an imported rating: a paper-recorded certificate or a pending proposal (the route)."""

    def record_imported_many(self, items: list[ImportedRating], *, by) -> str:
        """:meth:`record_imported` for a whole file, with a number of queries that does not grow with
        the rows; returns the route."""


_provider: list[Certification] = []


def register(provider: Certification) -> None:
    _provider[:] = [provider]


def provider() -> Certification | None:
    return _provider[0] if _provider else None


def backed(on: datetime.date):
    """The expression ``Product.objects.certified()`` filters on (never true without a provider)."""
    from django.db.models import Q

    found = provider()
    return found.backed(on) if found is not None else Q(pk__in=[])
