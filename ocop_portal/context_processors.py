"""Template context of every page: the agency that owns and runs the portal (the footer).

Owner and operator come from settings when set, otherwise from the data: the unit the portal serves
today and its standing agency of the programme (accounts/branding.py: "Ủy ban nhân dân thành phố Đà
Nẵng", "Sở Nông nghiệp và Môi trường thành phố Đà Nẵng"), so the footer follows the 2025 merger."""

from __future__ import annotations

from django.conf import settings


def agency(request):
    from accounts.branding import portal_authority

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
