"""Recognition decisions (list, detail) and the criteria sets (score sheets as data)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView
from django_tables2 import SingleTableView

from accounts import access

from .. import services as rs
from ..models import (
    CriteriaSet,
    RecognitionDecision,
)
from ..tables import DecisionTable
from .base import StaffMixin


class DecisionListView(StaffMixin, SingleTableView):
    allowed_roles = ("province", "district", "department", "admin")
    table_class = DecisionTable
    template_name = "pages/list.html"
    extra_context = {"title": gettext_lazy("Recognition decisions")}
    paginate_by = 25

    def get_queryset(self):
        return access.visible(self.request.user, RecognitionDecision).select_related(
            "issuing_unit", "regulation", "profile"
        )


class DecisionDetailView(StaffMixin, DetailView):
    allowed_roles = ("province", "district", "department", "admin")
    template_name = "evaluation/decision_detail.html"
    context_object_name = "decision"

    def get_queryset(self):
        return access.visible(self.request.user, RecognitionDecision).select_related(
            "issuing_unit", "regulation", "profile"
        )

    def get_context_data(self, **kwargs):
        entries = self.object.entries.select_related(
            "product", "product__producer", "product__commune", "certificate"
        )
        can_approve = (
            access.editable(self.request.user, RecognitionDecision).filter(pk=self.object.pk).exists()
        )
        return super().get_context_data(entries=entries, can_approve=can_approve, **kwargs)


class CriteriaListView(StaffMixin, TemplateView):
    template_name = "evaluation/criteria_list.html"

    def get_context_data(self, **kwargs):
        sets = access.visible(self.request.user, CriteriaSet).select_related("regulation", "group")
        return super().get_context_data(sets=sets, **kwargs)


class CriteriaDetailView(StaffMixin, DetailView):
    template_name = "evaluation/criteria_detail.html"
    context_object_name = "criteria_set"

    def get_queryset(self):
        return access.visible(self.request.user, CriteriaSet).select_related("regulation", "group")

    def get_context_data(self, **kwargs):
        return super().get_context_data(parts=rs.sheet_structure(self.object), **kwargs)
