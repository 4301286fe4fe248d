"""Menu entry and dashboard cards of the products registry (registered in AppConfig.ready)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access

ROLES = ("province", "district", "commune", "department", "admin")
EXPIRING_MONTHS = 6


def cards(user):
    from .models import Product

    if access.role_of(user) not in ROLES:
        return []
    products = access.visible(user, Product)
    list_url = reverse("products:list")
    return [
        {
            # Every product registered in the user's area, whatever its state (the products list).
            "title": _("All products (every state)"),
            "value": products.count(),
            "text": _("%(n)s with a valid certificate") % {"n": products.certified().count()},
            "url": list_url,
            "icon": "box-seam",
            "order": 10,
        },
        {
            "title": _("Certificates expiring within %(n)s months") % {"n": EXPIRING_MONTHS},
            "value": products.expiring_within(EXPIRING_MONTHS).count(),
            "text": _("Remind the producers to register for re-rating."),
            "url": f"{list_url}?expiring={EXPIRING_MONTHS}",
            "icon": "hourglass-split",
            "order": 11,
        },
    ]


def register():
    from ocop_portal import dashboard
    from ocop_portal.navigation import NavItem, add

    add(NavItem(gettext_lazy("Products"), "products:list", ROLES, "box-seam", order=10))
    dashboard.register(cards)
