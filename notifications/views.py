"""The notification list and marking notifications read (POST only; htmx-aware)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import access

from . import services
from .filters import NotificationFilter
from .models import Notification
from .tables import NotificationTable


class NotificationListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    model = Notification
    filterset_class = NotificationFilter
    table_class = NotificationTable
    template_name = "notifications/list.html"
    paginate_by = 25

    def get_queryset(self):
        return access.visible(self.request.user, Notification)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "unread": services.unread_count(self.request.user)}


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


class MarkReadView(LoginRequiredMixin, View):
    """POST: mark one notification read. ``open=1`` then goes to its link; htmx gets the row back."""

    def post(self, request, pk):
        notification = get_object_or_404(access.editable(request.user, Notification), pk=pk)
        services.mark_read(notification, by=request.user)
        if request.htmx:
            return render(
                request,
                "notifications/_read_response.html",
                {"record": notification, "unread": services.unread_count(request.user)},
            )
        if request.POST.get("open") and notification.url.startswith("/"):
            return redirect(notification.url)
        return redirect(_safe_next(request, "notifications:list"))


class MarkAllReadView(LoginRequiredMixin, View):
    def post(self, request):
        count = services.mark_all_read(request.user)
        if request.htmx:
            response = render(request, "notifications/_bell.html", {"count": 0, "oob": False})
            response["HX-Refresh"] = "true"
            return response
        from django.contrib import messages

        messages.success(request, _("%(n)s notification(s) marked as read.") % {"n": count})
        return redirect(_safe_next(request, "notifications:list"))
