"""Menu entries and dashboard cards of sales points and fairs (registered in AppConfig.ready)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access

from . import services
from .models import Fair

MANAGERS = ("province", "admin", "department", "district")


def cards(user) -> list[dict]:
    role = access.role_of(user)
    if role not in MANAGERS:
        return []
    out = []
    coverage = services.local_coverage()
    if coverage["total"]:
        two_tier = coverage["two_tier"]
        out.append(
            {
                "title": (
                    _("Communes and wards with an OCOP sales point")
                    if two_tier
                    else _("Districts with an OCOP sales point")
                ),
                "value": f"{coverage['covered']}/{coverage['total']}",
                "text": (
                    _("Target: every commune and ward has at least one.")
                    if two_tier
                    else _("Target: every district has at least one.")
                ),
                "url": reverse("tradefairs:salespoint_manage"),
                "icon": "geo-alt",
                "order": 60,
            }
        )
    year = timezone.localdate().year
    out.append(
        {
            "title": _("Fairs held in %(year)s") % {"year": year},
            "value": services.fairs_held(year),
            "text": _("%(n)s upcoming or in progress") % {"n": Fair.objects.current_or_upcoming().count()},
            "url": reverse("tradefairs:fair_manage"),
            "icon": "shop",
            "order": 61,
        }
    )
    return out


def register():
    from ocop_portal import dashboard
    from ocop_portal.navigation import NavItem, add

    add(NavItem(gettext_lazy("Fairs"), "tradefairs:fair_manage", MANAGERS, "shop", order=60))
    add(NavItem(gettext_lazy("Sales points"), "tradefairs:salespoint_manage", MANAGERS, "geo-alt", order=61))
    dashboard.register(cards)
