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


# The footer as on a .gov.vn portal. Owner and operator come from settings when set, otherwise from the
# data: the unit the portal serves today and its standing agency of the programme ("Ủy ban nhân dân thành
# phố Đà Nẵng", "Sở Nông nghiệp và Môi trường thành phố Đà Nẵng"), so the footer follows the 2025 merger.
def contact(request):
    try:
        unit, standing = portal_authority()
    except Exception:  # the database is down (the 500 page renders this too): the configured province
        unit, standing = f"tỉnh {settings.OCOP_PROVINCE_NAME}", ""
    return {
        "portal_contact": {
            "owner": settings.OCOP_PORTAL_OWNER or f"Ủy ban nhân dân {unit}",
            "operator": settings.OCOP_PORTAL_OPERATOR or standing,
            "address": settings.OCOP_PORTAL_ADDRESS,
            "hotline": settings.OCOP_PORTAL_HOTLINE,
            "email": settings.OCOP_PORTAL_EMAIL,
            "responsible": settings.OCOP_PORTAL_RESPONSIBLE,
        }
    }
