"""Who reads and changes dossiers, documents, calls and commune reports (registered with accounts.access)."""

from django.db.models import F, Q

from accounts import access
from accounts.models import UnitSuccession

from . import workflows as wf
from .models import (
    BusinessPlan,
    CommuneReport,
    Dossier,
    DossierCall,
    DossierDocument,
    IdeaRegistration,
    ProducerMessage,
)


def register():
    """Who reads and changes evidence dossiers.

    The chain: the product's district officers (read/write), its commune officials (read), provincial
    staff (all), producers (their own, read), council members — whatever their role, department staff
    included — the dossiers with the evaluating level (submitted, resubmitted, accepted) of products
    assigned to a round whose council they sit on, the dossier of the round's year (a forwarded product
    brings the lower round's dossier of the same year); nobody else.

    The round, its council and its entries belong to ``evaluation``, the app above: they are reached
    by a query path only (``round_entries`` is the related name evaluation gives the product), never
    imported.
    """

    def with_evaluators(prefix=""):
        """Council members (of any role) read the dossiers of products assigned to rounds they sit on."""
        return lambda user, qs: qs.filter(
            # one filter() call: the round that holds the member is the round whose year is the dossier's
            **{
                f"{prefix}status__in": wf.WITH_EVALUATORS,
                f"{prefix}product__round_entries__round__members__user": user,
                f"{prefix}product__round_entries__round__year": F(f"{prefix}year"),
            }
        ).distinct()

    access.register(
        Dossier,
        access.Policy(
            unit="product__commune",
            producer="product__producer",
            view={"council": with_evaluators(), "department": with_evaluators()},
        ),
    )
    access.register(
        DossierDocument,
        access.Policy(
            unit="dossier__product__commune",
            producer="dossier__product__producer",
            view={"council": with_evaluators("dossier__"), "department": with_evaluators("dossier__")},
        ),
    )
    nobody = lambda user, qs: qs.none()  # noqa: E731
    access.register(
        CommuneReport,
        access.Policy(
            unit="commune",
            commune_can_change=True,
            department_can_view=False,
            # a council member reads the submitted reports that assess a dossier they may read
            view={
                "council": lambda user, qs: qs.filter(
                    status=wf.REPORT_SUBMITTED,
                    items__dossier__in=access.visible(user, Dossier).values("pk"),
                ).distinct()
            },
            # the report is the commune's own statement: provincial and district staff read it
            change={"province": nobody, "district": nobody},
        ),
    )

    def calls_around(user, qs):
        """Calls issued by the user's unit, by a unit above it, by a unit that succeeded one of these
        (a Quảng Nam district's officer sees the merged city's call), or (district) by a unit below it."""
        if not user.unit_id:
            return qs.none()
        path = user.unit.path
        above = [path[: i + 1] for i in range(1, len(path)) if path[i] == "/"]
        succeeded_by = UnitSuccession.objects.filter(predecessor__path__in=[*above, path]).values(
            "successor_id"
        )
        return qs.filter(
            Q(issuing_unit__path__in=above)
            | Q(issuing_unit__path__startswith=path)
            | Q(issuing_unit_id__in=succeeded_by)
        )

    access.register(
        DossierCall,
        access.Policy(
            unit="issuing_unit",
            view={"district": calls_around, "commune": calls_around, "council": lambda user, qs: qs},
            change={"district": nobody},
        ),
    )
    # What producers send themselves: read by the product's chain (officers of its area, provincial
    # staff, departments) and by the producer's own logins; changed through producer_work only.
    for model, prefix in ((BusinessPlan, "product__"), (IdeaRegistration, "product__")):
        access.register(model, access.Policy(unit=f"{prefix}commune", producer=f"{prefix}producer"))
    access.register(
        ProducerMessage,
        access.Policy(unit="dossier__product__commune", producer="dossier__product__producer"),
    )
