from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("OCOP portal — back office")
admin.site.site_title = _("OCOP portal")

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
]

# Every app mounts its own paths (and namespace) at the root, lower apps first.
for app in (
    "producers",
    "products",
    "dossiers",
    "evaluation",
    "certificates",
    "plans",
    "tradefairs",
    "notifications",
):
    urlpatterns.append(path("", include(f"{app}.urls")))

handler403 = "ocop_portal.views.error_403"
handler404 = "ocop_portal.views.error_404"
handler500 = "ocop_portal.views.error_500"

if settings.DEBUG:
    urlpatterns.append(path("__errors__/500/", views.raise_error))
