"""Staff views of certificates: approving a decision (issues them), lists, inspections, revocation."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin, SingleTableView

from accounts import access
from evaluation.models import RecognitionDecision
from evaluation.views.base import ORGANISER_ROLES, StaffMixin, _refused
from ocop_portal import confirm
from ocop_portal.uploads.serving import file_response
from ocop_portal.workflow import TransitionRefused

from .. import services
from ..filters import CertificateFilter
from ..forms import InspectionForm, RevocationForm
from ..models import Certificate, Inspection, InspectionEvidence
from ..tables import CertificateTable, InspectionTable


class DecisionApproveView(StaffMixin, View):
    allowed_roles = ORGANISER_ROLES

    def post(self, request, pk):
        decision = get_object_or_404(access.editable(request.user, RecognitionDecision), pk=pk)
        if not confirm.is_confirmed(request):
            return confirm.confirm_page(
                request,
                title=_("Approve the decision?"),
                subject=str(decision),
                consequences=[
                    _("The decision is approved and can no longer be changed."),
                    _("A numbered certificate, valid 36 months, is issued for each product of the decision."),
                    _("The products appear in the public catalogue as certified."),
                ],
                back_url=reverse("evaluation:decision_detail", args=[pk]),
                button=_("Confirm: approve and issue the certificates"),
            )
        try:
            certs = services.approve_decision(decision, by=request.user)
            messages.success(request, _("Decision approved: %(n)d certificates issued.") % {"n": len(certs)})
        except TransitionRefused as exc:
            _refused(request, exc)
        return redirect("evaluation:decision_detail", pk=pk)


class CertificateListView(StaffMixin, SingleTableMixin, FilterView):
    allowed_roles = ("province", "district", "commune", "department", "admin", "producer")
    table_class = CertificateTable
    filterset_class = CertificateFilter
    template_name = "certificates/certificate_list.html"
    paginate_by = 50

    def get_queryset(self):
        return access.visible(self.request.user, Certificate).select_related(
            "product", "product__commune__parent"
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if access.is_provincial(self.request.user):
            ctx["create_url"] = reverse("certificates:paper_create")  # a certificate issued on paper
        return ctx


class CertificateDetailView(StaffMixin, DetailView):
    allowed_roles = ("province", "district", "commune", "department", "admin", "producer")
    template_name = "certificates/certificate_detail.html"
    context_object_name = "certificate"

    def get_queryset(self):
        return access.visible(self.request.user, Certificate).select_related(
            "product", "product__producer", "product__commune", "decision__issuing_unit"
        )


class InspectionListView(StaffMixin, SingleTableView):
    allowed_roles = ("province", "district", "department", "admin")
    table_class = InspectionTable
    template_name = "pages/list.html"
    extra_context = {"title": gettext_lazy("Inspections and revocations")}

    def get_queryset(self):
        return access.visible(self.request.user, Inspection).select_related(
            "certificate__product", "department"
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if access.role_of(self.request.user) in ("department", "province", "admin"):
            ctx["create_url"] = reverse("certificates:inspection_create")
        return ctx


class InspectionCreateView(StaffMixin, FormView):
    allowed_roles = ("department", "province", "admin")
    form_class = InspectionForm
    template_name = "pages/form.html"
    extra_context = {"title": gettext_lazy("Report an inspection")}

    def get_initial(self):
        return {"certificate": self.request.GET.get("certificate")}

    def form_valid(self, form):

        data = form.cleaned_data
        department = self.request.user.department
        if department is None:
            form.add_error(None, _("Your account is not attached to a department."))
            return self.form_invalid(form)
        try:
            inspection = services.report_inspection(
                data["certificate"],
                department=department,
                inspected_on=data["inspected_on"],
                finding=data["finding"],
                is_violation=data["is_violation"],
                evidence=data.get("evidence"),
                by=self.request.user,
            )
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Inspection reported to DARD."))
        return redirect("certificates:inspection_detail", pk=inspection.pk)


class InspectionDetailView(StaffMixin, DetailView):
    allowed_roles = ("province", "district", "department", "admin")
    template_name = "certificates/inspection_detail.html"
    context_object_name = "inspection"

    def get_queryset(self):
        return access.visible(self.request.user, Inspection).select_related(
            "certificate__product__commune",
            "certificate__decision__issuing_unit",
            "department",
            "reported_by",
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(is_dard=access.is_provincial(self.request.user), **kwargs)
        inspection = self.object
        if ctx["is_dard"] and inspection.status == Inspection.Status.PROPOSED:
            ctx.setdefault("revocation_form", revocation_form(inspection))
        return ctx


def revocation_form(inspection: Inspection, data=None) -> RevocationForm:
    return RevocationForm(
        data,
        initial=RevocationForm.initial_for(inspection.certificate),
        action=reverse("certificates:inspection_action", args=[inspection.pk, "revoke"]),
    )


class InspectionActionView(StaffMixin, View):
    allowed_roles = ("province", "admin")

    def post(self, request, pk, action):
        inspection = get_object_or_404(access.visible(request.user, Inspection), pk=pk)
        text = request.POST.get("text", "")
        try:
            if action == "propose":
                services.propose_revocation(inspection, proposal=text, by=request.user)
            elif action == "revoke":
                return self.revoke(request, inspection)
            elif action == "dismiss":
                services.dismiss_inspection(inspection, by=request.user)
            else:
                raise Http404
        except TransitionRefused as exc:
            _refused(request, exc)
        return redirect("certificates:inspection_detail", pk=pk)

    def revoke(self, request, inspection: Inspection):
        """The revocation decision form: valid → revoked; otherwise the inspection page with the errors."""
        form = revocation_form(inspection, request.POST)
        if form.is_valid():
            if not confirm.is_confirmed(request):
                return confirm.confirm_page(
                    request,
                    title=_("Revoke the certificate?"),
                    subject=str(inspection.certificate),
                    consequences=[
                        _("The certificate is revoked by the decision entered; this cannot be undone."),
                        _("The product leaves the public catalogue; the verification page shows it revoked."),
                    ],
                    back_url=reverse("certificates:inspection_detail", args=[inspection.pk]),
                    button=_("Confirm: revoke the certificate"),
                    danger=True,
                )
            try:
                services.decide_revocation(
                    inspection, decision=form.decision(), reason=form.cleaned_data["reason"], by=request.user
                )
            except TransitionRefused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("Certificate revoked: the product has left the public catalogue.")
                )
                return redirect("certificates:inspection_detail", pk=inspection.pk)
        view = InspectionDetailView(request=request, kwargs={"pk": inspection.pk}, args=())
        view.object = inspection
        context = view.get_context_data(object=inspection, revocation_form=form)
        return render(request, view.template_name, context, status=200)


class InspectionEvidenceView(StaffMixin, View):
    """Evidence downloads as an attachment, typed by its content (never by its name), nosniff."""

    def get(self, request, pk):
        evidence = get_object_or_404(InspectionEvidence, pk=pk)
        if not access.visible(request.user, Inspection).filter(pk=evidence.inspection_id).exists():
            raise Http404
        return file_response(evidence.file, filename=evidence.original_name)
