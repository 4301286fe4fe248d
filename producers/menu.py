"""Menu entry and dashboard card of the producers registry (registered in AppConfig.ready)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access

ROLES = ("province", "district", "commune", "department", "admin")


def cards(user):
    from .models import OrganisationEvent, Producer

    if access.role_of(user) not in ROLES:
        return []
    from .models import AccountRequest

    year = timezone.localdate().year
    pending = access.visible(user, AccountRequest).pending().count()
    producers = access.visible(user, Producer)
    events = access.visible(user, OrganisationEvent).filter(year=year).count()
    return [
        {
            "title": _("Producers"),
            "value": producers.count(),
            "text": _("%(n)s founded or consolidated in %(year)s") % {"n": events, "year": year},
            "url": reverse("producers:list"),
            "icon": "people",
            "order": 12,
        },
        *(
            [
                {
                    "title": _("Producer sign-ups"),
                    "value": pending,
                    "text": _("waiting for confirmation"),
                    "url": reverse("producers:request_list"),
                    "icon": "person-check",
                    "order": 13,
                }
            ]
            if pending
            else []
        ),
    ]


def register():
    from ocop_portal import dashboard
    from ocop_portal.navigation import NavItem, add

    add(NavItem(gettext_lazy("Producers"), "producers:list", ROLES, "people", order=15))
    add(
        NavItem(
            gettext_lazy("Producer sign-ups"),
            "producers:request_list",
            ("province", "district", "admin"),
            "person-check",
            order=16,
        )
    )
    dashboard.register(cards)
