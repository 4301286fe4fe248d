"""Council members' views: their sheets, scoring a product, declaring a conflict; all sheets of a product."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts import access
from ocop_portal.workflow import TransitionRefused

from .. import services as rs
from ..forms import (
    score_form_fields,
)
from ..models import (
    ConflictDeclaration,
    CouncilMember,
    Round,
    RoundProduct,
    ScoreSheet,
)
from .base import StaffMixin, _refused


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
    from dossiers.models import Dossier

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
