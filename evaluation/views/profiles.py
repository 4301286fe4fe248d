"""The rule sets (regulation profiles) and their level-authority tables, readable by every staff user."""

from __future__ import annotations

from django.db.models import Prefetch
from django.views.generic import TemplateView

from ..models import ProfileLevel, RegulationProfile
from .base import StaffMixin


class ProfileListView(StaffMixin, TemplateView):
    template_name = "evaluation/profile_list.html"

    def get_context_data(self, **kwargs):
        profiles = RegulationProfile.objects.select_related("regulation").prefetch_related(
            Prefetch("levels", queryset=ProfileLevel.objects.order_by("order", "pk"))
        )
        user = self.request.user
        can_edit = user.is_staff and user.has_perm("evaluation.change_regulationprofile")
        return super().get_context_data(profiles=profiles, can_edit=can_edit, **kwargs)
