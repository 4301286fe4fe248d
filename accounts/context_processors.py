from django.conf import settings

from ocop_portal import navigation

from .access import role_of
from .branding import portal_authority, portal_province_name


def portal(request):
    role = role_of(getattr(request, "user", None))
    authority, agency = portal_authority()
    return {
        "nav_items": navigation.items_for(role),
        "user_role": role,
        "province_name": portal_province_name(),
        "portal_unit": authority,
        "portal_agency": agency,
        "embedded_mode": settings.EMBEDDED,
    }
