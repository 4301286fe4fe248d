"""Filters of the notification list (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ocop_portal.filtering import PortalFilterSet

from .models import Kind, Notification

USER_KINDS = [(k, label) for k, label in Kind.choices if k != Kind.RERATING_FLAG]


class NotificationFilter(PortalFilterSet):
    unread = django_filters.BooleanFilter(label=_("Unread only"), field_name="read_at", lookup_expr="isnull")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=USER_KINDS)

    class Meta:
        model = Notification
        fields = ["unread", "kind"]
