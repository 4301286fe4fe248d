"""Rows of the authorization matrix for project-level and accounts URLs.

A row: URL name → {"url": str | callable(world) -> str, "method": "get"|"post",
"expect": {role: status}, "default": status}. Roles not in "expect" get "default".
Every app adds its rows in ``tests/<app>/authz.py`` (``ROWS`` and optionally
``build(world)`` to create the objects its URLs need).
"""

LOGIN = 302  # anonymous users are sent to the login page

ROWS = {
    "home": {"url": "/", "default": 200},
    "healthz": {"url": "/healthz", "default": 200},
    "login": {"url": "/accounts/login/", "default": 302, "expect": {"anonymous": 200}},
    "logout": {"url": "/accounts/logout/", "method": "post", "default": 302},
    "password_change": {"url": "/accounts/password/", "default": 200, "expect": {"anonymous": LOGIN}},
    "password_change_done": {
        "url": "/accounts/password/done/",
        "default": 200,
        "expect": {"anonymous": LOGIN},
    },
    "profile": {"url": "/accounts/profile/", "default": 200, "expect": {"anonymous": LOGIN}},
    # a producer's landing is their own home (/my/): the dashboard sends them there
    "dashboard": {"url": "/dashboard/", "default": 200, "expect": {"anonymous": LOGIN, "producer": 302}},
    "set_language": {"url": "/i18n/setlang/", "method": "post", "default": 302},
}

# URL names that are not pages a role opens (documented why).
EXCLUDED_PREFIXES = ("admin:",)  # Django admin: staff-only, guarded by is_staff (tested separately)
