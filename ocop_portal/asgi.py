import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")
application = get_asgi_application()

from ocop_portal.site import refuse_bad_site_url  # noqa: E402 - needs the settings loaded

refuse_bad_site_url()  # production refuses to serve without its canonical address (SITE_URL)
