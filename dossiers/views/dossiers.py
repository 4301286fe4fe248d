"""Dossier list, creation, detail (checklist and documents) and the reviewer's page."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import access
from ocop_portal.workflow import TransitionRefused

from .. import checks, services, uploads
from .. import workflows as wf
from ..filters import DossierFilter
from ..forms import (
    DossierCreateForm,
    OnsiteCheckForm,
)
from ..models import (
    CommuneAssessment,
    CommuneReportItem,
    Dossier,
)
from ..tables import DossierTable
from .base import (
    ASSEMBLERS,
    DOSSIER_READERS,
    RolesMixin,
    visible_dossier,
)


class DossierListView(RolesMixin, SingleTableMixin, FilterView):
    roles = DOSSIER_READERS
    table_class = DossierTable
    filterset_class = DossierFilter
    template_name = "dossiers/dossier_list.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            access.visible(self.request.user, Dossier)
            .with_related()
            .annotate(document_count=Count("documents"))
            .order_by("-year", "product__name", "pk")
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_create"] = access.role_of(self.request.user) in ASSEMBLERS
        return ctx


class DossierCreateView(RolesMixin, FormView):
    roles = ASSEMBLERS
    form_class = DossierCreateForm
    template_name = "dossiers/dossier_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("product"):
            initial["product"] = self.request.GET["product"]
        calls = checks.calls_for(self.request.user).filter(year=timezone.localdate().year)
        if calls.count() == 1:
            initial["call"] = calls.first()
        return initial

    def form_valid(self, form):
        try:
            dossier = services.create_dossier(
                product=form.cleaned_data["product"], call=form.cleaned_data["call"], by=self.request.user
            )
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The dossier was opened: upload its documents."))
        return redirect(dossier)


def _commune_assessments(dossier: Dossier):
    """The submitted commune report items of this dossier with their answers (part of the dossier)."""
    return list(
        CommuneReportItem.objects.filter(dossier=dossier, report__status=wf.REPORT_SUBMITTED)
        .select_related("report", "report__commune")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=CommuneAssessment.objects.select_related("criterion", "option").order_by(
                    "criterion__order"
                ),
            )
        )
    )


class DossierContextMixin:
    def dossier_context(self, dossier: Dossier, *, with_forms: bool) -> dict:
        user = self.request.user
        documents = list(dossier.documents.select_related("kind", "uploaded_by"))
        lines = checklist = checks.checklist(dossier, documents=documents, with_reasons=True)
        can_change = access.can_change(user, dossier)
        role = access.role_of(user)
        reviewer = checks.is_evaluating_level(user, dossier.call)
        actions = []
        for t in wf.DOSSIER.available(dossier.status, role):
            if t.name in wf.ASSEMBLER_ACTIONS and can_change:
                actions.append(t)
            elif t.name in wf.REVIEWER_ACTIONS and reviewer:
                actions.append(t)
        used = sum(d.size for d in documents)
        required = [line for line in checklist if line.required]
        ctx = {
            "dossier": dossier,
            "lines": lines,
            "missing": [line.kind for line in checklist if line.missing],
            "required_total": len(required),
            "required_present": sum(1 for line in required if line.present),
            "last_return": checks.last_return(dossier) if dossier.status == wf.RETURNED else None,
            "ready": dossier.onsite_attested and not any(line.missing for line in checklist),
            "documents": documents,
            "can_change": can_change and dossier.is_editable_state,
            "actions": actions,
            "reviewer": reviewer,
            "transitions": list(dossier.transitions.select_related("by").order_by("-at", "-pk")),
            "commune_items": _commune_assessments(dossier),
            # what the producer said on their own pages: "complete" and replies to a return
            "producer_messages": list(
                dossier.producer_messages.select_related("by").prefetch_related("documents")
            ),
            "used_bytes": used,
            "limit_bytes": uploads.max_dossier_bytes(),
            "file_limit_bytes": uploads.max_file_bytes(),
        }
        if with_forms and ctx["can_change"]:
            ctx["onsite_form"] = OnsiteCheckForm(
                initial={
                    "checked_on": dossier.onsite_checked_on or timezone.localdate(),
                    "note": dossier.onsite_note,
                }
            )
        return ctx


class DossierDetailView(RolesMixin, DossierContextMixin, DetailView):
    """The district's working page: checklist with present/missing, uploads per kind, actions."""

    roles = DOSSIER_READERS
    template_name = "dossiers/dossier_detail.html"
    context_object_name = "dossier"

    def get_object(self, queryset=None):
        return visible_dossier(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(self.dossier_context(self.object, with_forms=True))
        return ctx


class DossierReviewView(DossierDetailView):
    """The reviewer's page: every document by kind with inline PDF and image preview."""

    template_name = "dossiers/dossier_review.html"

    def get_context_data(self, **kwargs):
        ctx = super(DossierDetailView, self).get_context_data(**kwargs)
        ctx.update(self.dossier_context(self.object, with_forms=False))
        return ctx
