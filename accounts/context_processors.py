from django.conf import settings

from ocop_portal import navigation

from .access import role_of


def portal(request):
    role = role_of(getattr(request, "user", None))
    return {
        "nav_items": navigation.items_for(role),
        "user_role": role,
        "province_name": settings.OCOP_PROVINCE_NAME,
        "embedded_mode": settings.EMBEDDED,
    }
