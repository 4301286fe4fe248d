"""Staff views of evaluation rounds: council, assignments, scoring, results, decisions, certificates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django_tables2 import SingleTableView

from accounts import access
from ocop_portal.workflow import TransitionRefused
from products.models import Product

from . import round_services as rs
from . import rules
from .forms_rounds import (
    AssignForm,
    DecisionForm,
    ForwardForm,
    InspectionForm,
    MemberForm,
    ReasonForm,
    RoundForm,
    score_form_fields,
)
from .models import (
    Certificate,
    ConflictDeclaration,
    CouncilMember,
    CriteriaSet,
    Inspection,
    InspectionEvidence,
    RecognitionDecision,
    Round,
    RoundProduct,
    ScoreSheet,
)
from .round_workflows import ROUND
from .tables_rounds import CertificateTable, DecisionTable, InspectionTable, RoundTable

ORGANISER_ROLES = ("province", "district", "admin")


def _refused(request, exc: TransitionRefused):
    messages.error(request, exc.message)


class StaffMixin(LoginRequiredMixin):
    allowed_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.allowed_roles and access.role_of(request.user) not in self.allowed_roles:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RoundMixin(StaffMixin):
    """Loads ``self.round`` from the URL through the access policy (404 outside the user's scope)."""

    edit = False

    def get_round(self):
        qs = (
            access.editable(self.request.user, Round)
            if self.edit
            else access.visible(self.request.user, Round)
        )
        return get_object_or_404(qs.select_related("regulation", "unit"), pk=self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if self.allowed_roles and access.role_of(request.user) not in self.allowed_roles:
                raise PermissionDenied
            self.round = self.get_round()
        return super().dispatch(request, *args, **kwargs)


class RoundListView(StaffMixin, SingleTableView):
    allowed_roles = ("province", "district", "department", "council", "admin")
    table_class = RoundTable
    template_name = "evaluation/round_list.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            access.visible(self.request.user, Round)
            .select_related("regulation", "unit")
            .annotate(entry_count=Count("entries"))
            .order_by("-year", "level", "name", "pk")
        )


class RoundCreateView(StaffMixin, FormView):
    allowed_roles = ORGANISER_ROLES
    form_class = RoundForm
    template_name = "evaluation/form.html"
    extra_context = {"title": _("New evaluation round")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        """Prefill from the year's published plan: the level's evaluation deadline closes scoring."""
        from django.utils import timezone

        year = timezone.localdate().year
        level = "district" if access.role_of(self.request.user) == "district" else "province"
        initial = {"year": year, "level": level, "unit": self.request.user.unit_id}
        deadline = rs.plan_deadline(year, level)
        if deadline:
            initial["scoring_closes_on"] = deadline
        return initial

    def form_valid(self, form):
        try:
            round_ = rs.create_round(by=self.request.user, **form.cleaned_data)
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Round created. Add the council members and the products."))
        return redirect(round_)


class RoundDetailView(RoundMixin, TemplateView):
    template_name = "evaluation/round_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        round_ = self.round
        members = list(round_.members.select_related("user", "department"))
        entries = list(
            round_.entries.select_related(
                "product", "product__producer", "product__commune", "criteria_set"
            ).prefetch_related(
                Prefetch(
                    "sheets",
                    queryset=ScoreSheet.objects.only("id", "entry_id", "member_id", "status", "total"),
                ),
                "conflicts",
            )
        )
        is_organiser = access.editable(user, Round).filter(pk=round_.pk).exists()
        me = next((m for m in members if m.user_id == user.pk), None)
        show_scores = round_.scores_visible_to_all or (is_organiser and me is None)
        progress = []
        for entry in entries:
            sheets = {s.member_id: s for s in entry.sheets.all()}
            submitted = [s.total for s in sheets.values() if s.status == ScoreSheet.Status.SUBMITTED]
            entry.live_count = len(submitted)
            entry.live_average = rules.average(submitted) if show_scores else None
            conflicts = {c.member_id for c in entry.conflicts.all()}
            cells = []
            for m in members:
                sheet = sheets.get(m.pk)
                state = "conflict" if m.pk in conflicts else (sheet.status if sheet else "none")
                value = sheet.total if sheet and (show_scores or m.pk == getattr(me, "pk", None)) else None
                cells.append({"state": state, "value": value})
            progress.append({"entry": entry, "cells": cells})
        return super().get_context_data(
            round=round_,
            members=members,
            progress=progress,
            me=me,
            is_organiser=is_organiser,
            show_scores=show_scores,
            actions=ROUND.available(round_.status, access.role_of(user)) if is_organiser else [],
            decisions=RecognitionDecision.objects.filter(entries__round_entry__round=round_).distinct(),
            forward_form=ForwardForm(round=round_, user=user)
            if is_organiser and round_.rule.next_level
            else None,
            **kwargs,
        )


class RoundTransitionView(RoundMixin, View):
    allowed_roles = ORGANISER_ROLES
    edit = True

    def post(self, request, pk, name):
        form = ReasonForm(request.POST)
        reason = form.data.get("reason", "")
        try:
            if name == "open_scoring":
                rs.open_scoring(self.round, by=request.user)
            elif name == "close_scoring":
                rs.close_scoring(self.round, by=request.user)
            elif name == "reopen_scoring":
                rs.reopen_scoring(self.round, by=request.user, reason=reason)
            else:
                raise Http404
            messages.success(request, _("Done: %(action)s.") % {"action": ROUND.get(name).label})
        except TransitionRefused as exc:
            _refused(request, exc)
        return redirect(self.round)


class MemberAddView(RoundMixin, FormView):
    allowed_roles = ORGANISER_ROLES
    edit = True
    form_class = MemberForm
    template_name = "evaluation/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "round": self.round}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Add a council member"), back=self.round.get_absolute_url(), **kwargs
        )

    def form_valid(self, form):
        try:
            rs.add_member(
                self.round, form.cleaned_data["user"], role=form.cleaned_data["role"], by=self.request.user
            )
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        return redirect(self.round)


class MemberRemoveView(RoundMixin, View):
    allowed_roles = ORGANISER_ROLES
    edit = True

    def post(self, request, pk, member_pk):
        member = get_object_or_404(CouncilMember, pk=member_pk, round=self.round)
        try:
            rs.remove_member(member, by=request.user)
        except TransitionRefused as exc:
            _refused(request, exc)
        return redirect(self.round)


class AssignView(RoundMixin, FormView):
    allowed_roles = ORGANISER_ROLES
    edit = True
    form_class = AssignForm
    template_name = "evaluation/form.html"

    def eligible(self):
        return (
            access.visible(self.request.user, Product)
            .in_unit(self.round.unit)
            .filter(state__in=rs.ELIGIBLE_STATES)
            .exclude(round_entries__round=self.round)
            .select_related("producer", "commune")
            .order_by("commune__path", "name")
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "queryset": self.eligible()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Assign products to %(round)s") % {"round": self.round},
            back=self.round.get_absolute_url(),
            **kwargs,
        )

    def form_valid(self, form):
        added, refused = 0, []
        for product in form.cleaned_data["products"]:
            try:
                rs.assign_product(self.round, product, by=self.request.user)
                added += 1
            except TransitionRefused as exc:
                refused.append(exc.message)
        if added:
            messages.success(self.request, _("%(n)d products assigned.") % {"n": added})
        for msg in refused:
            messages.error(self.request, msg)
        return redirect(self.round)


class EntryRemoveView(RoundMixin, View):
    allowed_roles = ORGANISER_ROLES
    edit = True

    def post(self, request, pk, entry_pk):
        entry = get_object_or_404(RoundProduct, pk=entry_pk, round=self.round)
        try:
            rs.remove_product(entry, by=request.user)
        except TransitionRefused as exc:
            _refused(request, exc)
        return redirect(self.round)


class ForwardView(RoundMixin, View):
    allowed_roles = ORGANISER_ROLES
    edit = True

    def post(self, request, pk):
        form = ForwardForm(request.POST, round=self.round, user=request.user)
        if not form.is_valid():
            messages.error(request, _("Choose the next level's round."))
            return redirect(self.round)
        try:
            created = rs.forward(self.round, form.cleaned_data["target"], by=request.user)
            messages.success(request, _("%(n)d products forwarded.") % {"n": len(created)})
        except TransitionRefused as exc:
            _refused(request, exc)
        return redirect(self.round)


class RoundExportView(RoundMixin, View):
    """Results in the council minutes' layout (Excel)."""

    def get(self, request, pk):
        from .exports import round_minutes_workbook

        if not (
            self.round.scores_visible_to_all
            or access.editable(request.user, Round).filter(pk=self.round.pk).exists()
        ):
            raise PermissionDenied
        return round_minutes_workbook(self.round)


class DecisionCreateView(RoundMixin, FormView):
    allowed_roles = ORGANISER_ROLES
    edit = True
    form_class = DecisionForm
    template_name = "evaluation/form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Recognition decision for %(round)s") % {"round": self.round},
            back=self.round.get_absolute_url(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            decision = rs.create_decision(self.round, by=self.request.user, **form.cleaned_data)
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        return redirect("evaluation:decision_detail", pk=decision.pk)


class MySheetsView(StaffMixin, TemplateView):
    template_name = "evaluation/my_sheets.html"

    def get_context_data(self, **kwargs):
        seats = CouncilMember.objects.filter(user=self.request.user).select_related("round")
        entries = (
            RoundProduct.objects.filter(round__members__user=self.request.user)
            .select_related("round", "product", "product__producer", "criteria_set")
            .order_by("-round__year", "round__name", "product__name")
        )
        mine = {s.entry_id: s for s in ScoreSheet.objects.filter(member__user=self.request.user)}
        conflicts = set(
            ConflictDeclaration.objects.filter(member__user=self.request.user).values_list(
                "entry_id", flat=True
            )
        )
        rows = [{"entry": e, "sheet": mine.get(e.pk), "conflict": e.pk in conflicts} for e in entries]
        return super().get_context_data(seats=seats, rows=rows, **kwargs)


class EntryMixin(StaffMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.entry = get_object_or_404(
                access.visible(request.user, RoundProduct).select_related(
                    "round", "round__regulation", "product", "product__producer", "criteria_set"
                ),
                pk=kwargs["entry_pk"],
            )
            self.member = rs.member_for(self.entry.round, request.user)
        return super().dispatch(request, *args, **kwargs)


class ScoreSheetView(EntryMixin, View):
    """A member's own score sheet for one product."""

    template_name = "evaluation/score_sheet.html"

    def _context(self, sheet, answers, errors=None):
        parts = rs.sheet_structure(self.entry.criteria_set)
        return {
            "entry": self.entry,
            "round": self.entry.round,
            "sheet": sheet,
            "rows": score_form_fields(parts, answers),
            "editable": self.entry.round.status == Round.Status.SCORING and not self.conflict,
            "dossier": _dossier_for(self.request.user, self.entry),
            "conflict": self.conflict,
            "errors": errors or [],
        }

    def _guard(self):
        if self.member is None:
            raise PermissionDenied
        self.conflict = ConflictDeclaration.objects.filter(entry=self.entry, member=self.member).first()
        return ScoreSheet.objects.filter(entry=self.entry, member=self.member).first()

    def get(self, request, entry_pk):
        sheet = self._guard()
        answers = dict(sheet.answers.values_list("criterion_id", "option_id")) if sheet else {}
        return render(request, self.template_name, self._context(sheet, answers))

    def post(self, request, entry_pk):
        sheet = self._guard()
        answers, errors = {}, []
        for key, value in request.POST.items():
            if key.startswith("c") and key[1:].isdigit() and value:
                try:
                    answers[int(key[1:])] = int(value)
                except ValueError:
                    errors.append(_("An answer was not understood."))
        submit = "submit" in request.POST
        if not errors:
            try:
                rs.save_scores(
                    self.entry,
                    self.member,
                    answers,
                    submit=submit,
                    by=request.user,
                    comment=request.POST.get("comment", "")[:2000],
                )
                messages.success(request, _("Score sheet submitted.") if submit else _("Draft saved."))
                return redirect("evaluation:my_sheets") if submit else redirect(request.path)
            except TransitionRefused as exc:
                errors.append(exc.message)
        return render(request, self.template_name, self._context(sheet, answers, errors), status=400)


class ConflictView(EntryMixin, View):
    def post(self, request, entry_pk):
        if self.member is None:
            raise PermissionDenied
        try:
            rs.declare_conflict(
                self.entry, self.member, reason=request.POST.get("reason", ""), by=request.user
            )
            messages.success(request, _("Conflict of interest recorded: you will not score this product."))
        except TransitionRefused as exc:
            _refused(request, exc)
        return redirect("evaluation:my_sheets")


def _dossier_for(user, entry):
    """The product's evidence dossier of the round's year, if the user may open it."""
    from .models import Dossier

    return access.visible(user, Dossier).filter(product=entry.product, year=entry.round.year).first()


class EntryDetailView(EntryMixin, TemplateView):
    """All sheets of one product: for organisers, and for members once scoring is closed."""

    template_name = "evaluation/entry_detail.html"

    def get_context_data(self, **kwargs):
        sheets = (
            access.visible(self.request.user, ScoreSheet)
            .filter(entry=self.entry)
            .select_related("member__user")
        )
        return super().get_context_data(
            entry=self.entry, sheets=sheets, dossier=_dossier_for(self.request.user, self.entry), **kwargs
        )


class DecisionListView(StaffMixin, SingleTableView):
    allowed_roles = ("province", "district", "department", "admin")
    table_class = DecisionTable
    template_name = "evaluation/list.html"
    extra_context = {"title": _("Recognition decisions")}
    paginate_by = 25

    def get_queryset(self):
        return access.visible(self.request.user, RecognitionDecision).select_related(
            "issuing_unit", "regulation"
        )


class DecisionDetailView(StaffMixin, DetailView):
    allowed_roles = ("province", "district", "department", "admin")
    template_name = "evaluation/decision_detail.html"
    context_object_name = "decision"

    def get_queryset(self):
        return access.visible(self.request.user, RecognitionDecision).select_related(
            "issuing_unit", "regulation"
        )

    def get_context_data(self, **kwargs):
        entries = self.object.entries.select_related(
            "product", "product__producer", "product__commune", "certificate"
        )
        can_approve = (
            access.editable(self.request.user, RecognitionDecision).filter(pk=self.object.pk).exists()
        )
        return super().get_context_data(entries=entries, can_approve=can_approve, **kwargs)


class DecisionApproveView(StaffMixin, View):
    allowed_roles = ORGANISER_ROLES

    def post(self, request, pk):
        decision = get_object_or_404(access.editable(request.user, RecognitionDecision), pk=pk)
        try:
            certs = rs.approve_decision(decision, by=request.user)
            messages.success(request, _("Decision approved: %(n)d certificates issued.") % {"n": len(certs)})
        except TransitionRefused as exc:
            _refused(request, exc)
        return redirect("evaluation:decision_detail", pk=pk)


class CertificateListView(StaffMixin, SingleTableView):
    allowed_roles = ("province", "district", "commune", "department", "admin", "producer")
    table_class = CertificateTable
    template_name = "evaluation/list.html"
    extra_context = {"title": _("Certificates")}
    paginate_by = 50

    def get_queryset(self):
        qs = access.visible(self.request.user, Certificate).select_related(
            "product", "product__commune__parent"
        )
        status = self.request.GET.get("status")
        if status in Certificate.Status.values:
            qs = qs.filter(status=status)
        return qs


class CertificateDetailView(StaffMixin, DetailView):
    allowed_roles = ("province", "district", "commune", "department", "admin", "producer")
    template_name = "evaluation/certificate_detail.html"
    context_object_name = "certificate"

    def get_queryset(self):
        return access.visible(self.request.user, Certificate).select_related(
            "product", "product__producer", "decision"
        )


class InspectionListView(StaffMixin, SingleTableView):
    allowed_roles = ("province", "district", "department", "admin")
    table_class = InspectionTable
    template_name = "evaluation/list.html"
    extra_context = {"title": _("Inspections and revocations")}

    def get_queryset(self):
        return access.visible(self.request.user, Inspection).select_related(
            "certificate__product", "department"
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if access.role_of(self.request.user) in ("department", "province", "admin"):
            ctx["create_url"] = reverse("evaluation:inspection_create")
        return ctx


class InspectionCreateView(StaffMixin, FormView):
    allowed_roles = ("department", "province", "admin")
    form_class = InspectionForm
    template_name = "evaluation/form.html"
    extra_context = {"title": _("Report an inspection")}

    def get_initial(self):
        return {"certificate": self.request.GET.get("certificate")}

    def form_valid(self, form):
        from django.db import transaction

        data = form.cleaned_data
        department = self.request.user.department
        if department is None:
            form.add_error(None, _("Your account is not attached to a department."))
            return self.form_invalid(form)
        upload = data.get("evidence")
        if upload and not _is_pdf_or_image(upload):
            form.add_error("evidence", _("Evidence must be a PDF, JPEG or PNG file."))
            return self.form_invalid(form)
        try:
            with transaction.atomic():
                inspection = rs.report_inspection(
                    data["certificate"],
                    department=department,
                    inspected_on=data["inspected_on"],
                    finding=data["finding"],
                    is_violation=data["is_violation"],
                    by=self.request.user,
                )
                if upload:
                    InspectionEvidence.objects.create(
                        inspection=inspection, file=upload, original_name=upload.name[:255]
                    )
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Inspection reported to DARD."))
        return redirect("evaluation:inspection_detail", pk=inspection.pk)


def _is_pdf_or_image(upload) -> bool:
    head = upload.read(8)
    upload.seek(0)
    return (
        head.startswith(b"%PDF-") or head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")
    )


class InspectionDetailView(StaffMixin, DetailView):
    allowed_roles = ("province", "district", "department", "admin")
    template_name = "evaluation/inspection_detail.html"
    context_object_name = "inspection"

    def get_queryset(self):
        return access.visible(self.request.user, Inspection).select_related(
            "certificate__product", "department", "reported_by"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_dard=access.is_provincial(self.request.user), **kwargs)


class InspectionActionView(StaffMixin, View):
    allowed_roles = ("province", "admin")

    def post(self, request, pk, action):
        inspection = get_object_or_404(access.visible(request.user, Inspection), pk=pk)
        text = request.POST.get("text", "")
        try:
            if action == "propose":
                rs.propose_revocation(inspection, proposal=text, by=request.user)
            elif action == "revoke":
                rs.decide_revocation(inspection, reason=text, by=request.user)
                messages.success(
                    request, _("Certificate revoked: the product has left the public catalogue.")
                )
            elif action == "dismiss":
                rs.dismiss_inspection(inspection, by=request.user)
            else:
                raise Http404
        except TransitionRefused as exc:
            _refused(request, exc)
        return redirect("evaluation:inspection_detail", pk=pk)


class InspectionEvidenceView(StaffMixin, View):
    def get(self, request, pk):
        from django.http import FileResponse

        evidence = get_object_or_404(InspectionEvidence, pk=pk)
        if not access.visible(request.user, Inspection).filter(pk=evidence.inspection_id).exists():
            raise Http404
        return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)


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
