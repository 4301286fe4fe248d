"""Template context of every page: the agency that owns and runs the portal (the footer)."""

from __future__ import annotations

from django.conf import settings


def agency(request):
    return {
        "portal_agency": {
            "owner": settings.OCOP_PORTAL_OWNER,
            "operator": settings.OCOP_PORTAL_OPERATOR,
            "address": settings.OCOP_PORTAL_ADDRESS,
            "hotline": settings.OCOP_PORTAL_HOTLINE,
            "email": settings.OCOP_PORTAL_EMAIL,
            "responsible": settings.OCOP_PORTAL_RESPONSIBLE,
        }
    }
