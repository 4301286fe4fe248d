"""Organisers' views of a round: set-up, council, assignments, scoring state, forwarding, results."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from django_tables2 import SingleTableView

from accounts import access
from ocop_portal.workflow import TransitionRefused
from products.models import Product

from .. import eligibility, rules
from .. import services as rs
from ..forms import (
    AssignForm,
    DecisionForm,
    ForwardForm,
    MemberForm,
    ReasonForm,
    RoundForm,
)
from ..models import (
    CouncilMember,
    RecognitionDecision,
    Round,
    RoundProduct,
    ScoreSheet,
    ScoreSheetRevision,
)
from ..tables import RoundTable
from ..workflows import ROUND
from .base import ORGANISER_ROLES, RoundMixin, StaffMixin, _refused


class RoundListView(StaffMixin, SingleTableView):
    allowed_roles = ("province", "district", "department", "council", "admin")
    table_class = RoundTable
    template_name = "evaluation/round_list.html"
    paginate_by = 25

    # ``?status=in_progress``: the rounds the dashboard counts (being set up or open for scoring).
    STATUS_GROUPS = {"in_progress": ("setup", "scoring")}

    def get_queryset(self):
        rounds = access.visible(self.request.user, Round)
        group = self.STATUS_GROUPS.get(self.request.GET.get("status", ""))
        if group:
            rounds = rounds.filter(status__in=group)
        return (
            rounds.select_related("regulation", "profile", "unit")
            .annotate(entry_count=Count("entries"))
            .order_by("-year", "level", "name", "pk")
        )


class RoundCreateView(StaffMixin, FormView):
    allowed_roles = ORGANISER_ROLES
    form_class = RoundForm
    template_name = "pages/form.html"
    extra_context = {"title": gettext_lazy("New evaluation round")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        """Prefill from the year's published plan: the level's evaluation deadline closes scoring."""
        from django.utils import timezone

        year = timezone.localdate().year
        level = "district" if access.role_of(self.request.user) == "district" else "province"
        initial = {"year": year, "level": level, "unit": self.request.user.unit_id}
        deadline = rs.default_deadline(year, level)
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
        if form.out_of_force:
            profile, day = form.out_of_force
            messages.warning(
                self.request,
                _("Note: %(profile)s was not in force on %(date)s; the round follows it as chosen.")
                % {"profile": profile, "date": day.strftime("%d/%m/%Y")},
            )
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
                cells.append({"state": state, "value": value, "sheet_id": sheet.pk if sheet else None})
            progress.append({"entry": entry, "cells": cells})
        my_pk = getattr(me, "pk", None)
        revisions = [
            {"revision": r, "values": show_scores or r.sheet.member_id == my_pk}
            for r in access.visible(user, ScoreSheetRevision)
            .filter(sheet__entry__round=round_)
            .select_related("sheet", "sheet__member__user", "sheet__entry__product")
            .order_by("-revised_at", "-pk")
        ]
        revised = {}
        for row in revisions:
            revised.setdefault(row["revision"].sheet_id, []).append(row["revision"])
        for row in progress:
            for cell in row["cells"]:
                cell["revisions"] = revised.get(cell.pop("sheet_id", None), [])
        return super().get_context_data(
            revisions=revisions,
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
    template_name = "pages/form.html"

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
    template_name = "pages/form.html"

    def eligible(self):
        products = (
            access.visible(self.request.user, Product)
            .in_unit(self.round.unit)
            .filter(state__in=rs.ELIGIBLE_STATES)
            .exclude(round_entries__round=self.round)
            .select_related("producer", "commune")
            .order_by("commune__path", "name")
        )
        if eligibility.historical_allowed(self.round):
            return products  # a past year's round may also record products scored on paper
        return eligibility.with_evaluable_dossier(products, self.round.year)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "queryset": self.eligible(),
            "year": self.round.year,
            "historical": eligibility.historical_allowed(self.round),
        }

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
                rs.assign_product(
                    self.round,
                    product,
                    by=self.request.user,
                    historical_note=self._note(product, form.cleaned_data.get("historical_note", "")),
                )
                added += 1
            except TransitionRefused as exc:
                refused.append(exc.message)
        if added:
            messages.success(self.request, _("%(n)d products assigned.") % {"n": added})
        for msg in refused:
            messages.error(self.request, msg)
        return redirect(self.round)

    def _note(self, product, note: str) -> str:
        """The historical note applies only to products without their dossier of the round's year."""
        if not note or eligibility.evaluable_dossier(product, self.round.year) is not None:
            return ""
        return note


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
        from ..exports import round_minutes_workbook

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
    template_name = "pages/form.html"

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
