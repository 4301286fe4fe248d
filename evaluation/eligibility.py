"""Which products may enter an evaluation round: the evidence-dossier rule (issue 13).

A product enters a round only with its evidence dossier of the round's year that the district has
submitted (or the evaluating level accepted); a product forwarded from a lower level brings the
dossier that level evaluated; a round of a past year may record a product scored on paper as an
explicitly marked historical record. Read-only: the services call :func:`require_dossier`.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers import workflows as dossier_workflows
from dossiers.models import Dossier
from ocop_portal.workflow import TransitionRefused

from .models import RoundProduct


def evaluable_dossier(product, year: int) -> Dossier | None:
    """The product's dossier of ``year`` if it is with the evaluating level, else None."""
    return Dossier.objects.filter(
        product=product, year=year, status__in=dossier_workflows.WITH_EVALUATORS
    ).first()


def with_evaluable_dossier(products, year: int):
    """``products`` narrowed to those with a submitted/resubmitted/accepted dossier of ``year``."""
    return products.filter(
        Exists(
            Dossier.objects.filter(
                product=OuterRef("pk"), year=year, status__in=dossier_workflows.WITH_EVALUATORS
            )
        )
    )


def historical_allowed(round_) -> bool:
    return round_.year < timezone.localdate().year


def require_dossier(round_, product, forwarded_from=None, historical_note: str = "") -> None:
    """Refuse ``product`` in ``round_`` without the dossier the rule asks for (see the module)."""
    if forwarded_from is not None and forwarded_from.is_historical:
        return
    if historical_note:
        if not historical_allowed(round_):
            raise TransitionRefused(
                _(
                    "Only a round of a past year can take a product as a historical record without a "
                    "dossier; a %(year)s round needs the product's %(year)s dossier."
                )
                % {"year": round_.year}
            )
        return
    year = forwarded_from.round.year if forwarded_from is not None else round_.year
    if evaluable_dossier(product, year) is None:
        raise TransitionRefused(
            _(
                "%(product)s has no submitted or accepted evidence dossier for %(year)s: a product enters "
                "a round only with its dossier (submitted by the district or accepted by the evaluating "
                "level)."
            )
            % {"product": product, "year": year}
        )


def dossier_in_round(dossier) -> str:
    """A return guard for :mod:`dossiers.services`: a dossier whose product already sits in a round of
    the dossier's year stays with the council that scores it (remove the product from the round first)."""
    entry = (
        RoundProduct.objects.filter(product_id=dossier.product_id, round__year=dossier.year)
        .select_related("round")
        .first()
    )
    if entry is None:
        return ""
    return _(
        "%(product)s is already in “%(round)s”, whose council reads this dossier: remove it from the round "
        "before returning the dossier."
    ) % {"product": dossier.product, "round": entry.round}
