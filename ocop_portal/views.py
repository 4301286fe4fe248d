"""Project-level views: the public home page, health check and error pages."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .site import absolute_url


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok"
    except Exception as exc:  # noqa: BLE001 - report any failure
        return f"error: {exc.__class__.__name__}"


def check_cache() -> str:
    try:
        cache.set("healthz", "1", 10)
        return "ok" if cache.get("healthz") == "1" else "error: cache did not return the value"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from ocop_portal.celery import app

    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"


@never_cache
def healthz(request):
    status = {"database": check_database(), "cache": check_cache(), "broker": check_broker()}
    healthy = all(v in ("ok", "eager") for v in status.values())
    return JsonResponse(status, status=200 if healthy else 503)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    """The portal's 500 page, rendered without the request's context processors: whatever broke (the
    database, the cache) must not break the error page too."""
    from accounts.branding import portal_province_name
    from accounts.context_processors import contact

    try:
        province = portal_province_name()
    except Exception:  # the database is down: the configured name
        province = settings.OCOP_PROVINCE_NAME
    context = {"province_name": province, **contact(request)}
    return HttpResponse(loader.render_to_string("500.html", context), status=500)


def robots_txt(request):
    """``/robots.txt``: staff areas are kept out of search engines; the sitemap lists the public pages."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in settings.OCOP_ROBOTS_DISALLOW)]
    lines += ["", f"Sitemap: {absolute_url(reverse('catalog:sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


class HomeView(TemplateView):
    """The public landing page. Apps add sections through ``home_sections``."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        from products.views.catalog import home_context  # the catalogue's cached sections

        return {
            **super().get_context_data(**kwargs),
            **home_context(self.request),
            "canonical_url": absolute_url("/"),
        }


def raise_error(request):  # pragma: no cover - DEBUG only, to look at the 500 page
    raise RuntimeError("Deliberate error to preview the 500 page")
