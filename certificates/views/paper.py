"""Certificates issued on paper before the portal: DARD's form to record one, and the review screen of
the ratings that district imports propose (confirm → a paper-recorded certificate; reject with a reason)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView

from accounts import access
from evaluation.views.base import StaffMixin
from ocop_portal.workflow import TransitionRefused

from .. import paper
from ..forms import PaperCertificateForm, ProposalDecisionForm
from ..models import CertificateProposal

DARD = ("province", "admin")


class PaperCertificateCreateView(StaffMixin, FormView):
    allowed_roles = DARD
    form_class = PaperCertificateForm
    template_name = "pages/form.html"
    extra_context = {"title": gettext_lazy("Record a certificate issued on paper")}

    def get_initial(self):
        return {"product": self.request.GET.get("product")}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            cert = paper.record_paper_certificate(
                data["product"],
                stars=data["stars"],
                level=data["level"] or None,
                issuing_authority=data["issuing_authority"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                issued_on=data["issued_on"],
                valid_until=data["valid_until"],
                number=data["number"],
                by=self.request.user,
            )
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Certificate %(n)s recorded from paper.") % {"n": cert.number})
        return redirect("certificates:certificate_detail", pk=cert.pk)


class ProposalListView(StaffMixin, ListView):
    """The review screen: proposals with their source file and row (pending first); DARD acts on them."""

    allowed_roles = ("province", "district", "admin")
    template_name = "certificates/proposal_list.html"
    context_object_name = "proposals"
    paginate_by = 50

    def get_queryset(self):
        status = self.request.GET.get("status") or CertificateProposal.Status.PENDING
        qs = access.visible(self.request.user, CertificateProposal).select_related(
            "product__producer", "product__commune__parent", "proposed_by", "decided_by", "certificate"
        )
        if status in CertificateProposal.Status.values:
            qs = qs.filter(status=status)
        self.status = status
        return qs.order_by("proposed_at", "pk")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["status"] = self.status
        ctx["statuses"] = CertificateProposal.Status.choices
        ctx["can_decide"] = access.is_provincial(self.request.user)
        ctx["levels"] = CertificateProposal._meta.get_field("level").choices
        return ctx


class ProposalActionView(StaffMixin, View):
    allowed_roles = DARD

    def post(self, request, pk, action):
        proposal = get_object_or_404(access.editable(request.user, CertificateProposal), pk=pk)
        form = ProposalDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Check the form."))
            return redirect("certificates:proposal_list")
        data = form.cleaned_data
        try:
            if action == "confirm":
                cert = paper.confirm_proposal(
                    proposal,
                    by=request.user,
                    issuing_authority=data["issuing_authority"],
                    level=data["level"],
                )
                messages.success(
                    request,
                    _("Confirmed: certificate %(n)s recorded from paper for %(product)s.")
                    % {"n": cert.number, "product": proposal.product.name},
                )
            elif action == "reject":
                paper.reject_proposal(proposal, by=request.user, reason=data["reason"])
                messages.success(
                    request, _("Proposal rejected: %(product)s.") % {"product": proposal.product.name}
                )
            else:
                raise Http404
        except TransitionRefused as exc:
            messages.error(request, exc.message)
        except PermissionDenied:
            raise
        return redirect("certificates:proposal_list")
