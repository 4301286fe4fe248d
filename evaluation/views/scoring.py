"""Council members' views: their sheets, scoring a product, revising a submitted sheet, declaring a
conflict; all sheets of a product."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts import access
from ocop_portal.numbers import format_number
from ocop_portal.workflow import TransitionRefused

from .. import services as rs
from .. import sheets
from ..forms import ScoreSheetForm, read_only_rows
from ..models import (
    ConflictDeclaration,
    CouncilMember,
    Round,
    RoundProduct,
    ScoreSheet,
    ScoreSheetRevision,
)
from .base import StaffMixin, _refused


def _points(value) -> str:
    return format_number(value, 2)


def _dossiers_for(user, entries) -> dict:
    """(product id, dossier year) → the dossier the user may open, for many entries in one query."""
    from dossiers.models import Dossier

    wanted = {(e.product_id, e.dossier_year) for e in entries}
    found = access.visible(user, Dossier).filter(
        product_id__in={p for p, _y in wanted}, year__in={y for _p, y in wanted}
    )
    return {(d.product_id, d.year): d for d in found}


class MySheetsView(StaffMixin, TemplateView):
    """The products a member has to score first (the dashboard's count), then every other seat."""

    template_name = "evaluation/my_sheets.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        seats = CouncilMember.objects.filter(user=user).select_related("round")
        entries = list(
            RoundProduct.objects.filter(round__members__user=user)
            .select_related("round", "product", "product__producer", "criteria_set", "forwarded_from__round")
            .order_by("-round__year", "round__name", "product__name")
        )
        todo = set(sheets.to_score(user).values_list("pk", flat=True))
        mine = {s.entry_id: s for s in ScoreSheet.objects.filter(member__user=user)}
        conflicts = set(
            ConflictDeclaration.objects.filter(member__user=user).values_list("entry_id", flat=True)
        )
        dossiers = _dossiers_for(user, entries)
        rows = [
            {
                "entry": e,
                "sheet": mine.get(e.pk),
                "conflict": e.pk in conflicts,
                "dossier": dossiers.get((e.product_id, e.dossier_year)),
            }
            for e in entries
        ]
        return super().get_context_data(
            seats=seats,
            to_score=[r for r in rows if r["entry"].pk in todo],
            others=[r for r in rows if r["entry"].pk not in todo],
            **kwargs,
        )


class EntryMixin(StaffMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.entry = get_object_or_404(
                access.visible(request.user, RoundProduct).select_related(
                    "round",
                    "round__profile",
                    "round__regulation",
                    "product",
                    "product__producer",
                    "criteria_set",
                    "forwarded_from__round",
                ),
                pk=kwargs["entry_pk"],
            )
            self.member = rs.member_for(self.entry.round, request.user)
        return super().dispatch(request, *args, **kwargs)


class ScoreSheetView(EntryMixin, View):
    """A member's own score sheet for one product: a form while it is a draft, read-only once
    submitted (revising it is :class:`ScoreSheetReviseView`)."""

    template_name = "evaluation/score_sheet.html"
    revise = False

    def _guard(self):
        if self.member is None:
            raise PermissionDenied
        self.conflict = ConflictDeclaration.objects.filter(entry=self.entry, member=self.member).first()
        self.parts = rs.sheet_structure(self.entry.criteria_set)
        self.open = self.entry.round.status == Round.Status.SCORING and not self.conflict
        return (
            ScoreSheet.objects.filter(entry=self.entry, member=self.member)
            .prefetch_related(Prefetch("revisions", queryset=ScoreSheetRevision.objects.order_by("-number")))
            .first()
        )

    def _form(self, sheet, data=None, *, complete=False):
        initial = {"version": sheet.version if sheet else 0, "comment": sheet.comment if sheet else ""}
        if sheet:
            initial.update({f"c{c}": o for c, o in sheet.answers.values_list("criterion_id", "option_id")})
        return ScoreSheetForm(data, initial=initial, parts=self.parts, complete=complete, revise=self.revise)

    def _render(self, sheet, form=None, errors=(), status=200):
        locked = sheet is not None and sheet.is_submitted
        editable = self.open and (self.revise if locked else True)
        answers = dict(sheet.answers.values_list("criterion_id", "option_id")) if sheet else {}
        form = form or (self._form(sheet) if editable else None)
        ctx = {
            "entry": self.entry,
            "round": self.entry.round,
            "sheet": sheet,
            "editable": editable,
            "revise": self.revise,
            "can_revise": self.open and locked and not self.revise,
            "form": form,
            "rows": form.rows() if editable else None,
            "read_only": None if editable else read_only_rows(self.parts, answers),
            "revisions": list(sheet.revisions.all()) if sheet else [],
            "dossier": _dossier_for(self.request.user, self.entry),
            "conflict": self.conflict,
            "errors": list(errors),
        }
        return render(self.request, self.template_name, ctx, status=status)

    def get(self, request, entry_pk):
        sheet = self._guard()
        if self.revise and not (self.open and sheet and sheet.is_submitted):
            return redirect("evaluation:score", entry_pk=self.entry.pk)
        return self._render(sheet)

    @staticmethod
    def _version(form) -> int:
        try:
            return int(form.data.get("version") or 0)  # no token: opened before any sheet existed
        except ValueError:
            return -1

    def _stale_or_locked(self, sheet, form) -> str | None:
        """The refusal the service would give this post for its version or the lock, if any — said
        instead of field errors, as nothing of a stale form counts."""
        try:
            sheets.check_version(sheet, self._version(form))
        except sheets.StaleSheet as exc:
            return exc.message
        if not self.revise and sheet is not None and sheet.is_submitted:
            return sheets.locked_message(sheet)
        return None

    def post(self, request, entry_pk):
        sheet = self._guard()
        if not self.open:
            messages.error(
                request,
                _("You declared a conflict of interest for this product and cannot score it.")
                if self.conflict
                else _("Scoring is not open for this round."),
            )
            return redirect("evaluation:score", entry_pk=self.entry.pk)
        submit = self.revise or "submit" in request.POST
        form = self._form(sheet, request.POST, complete=submit)
        if not form.is_valid():
            refusal = self._stale_or_locked(sheet, form)
            if refusal:
                messages.error(request, refusal)
                return redirect("evaluation:score", entry_pk=self.entry.pk)
            return self._render(sheet, form, status=400)
        try:
            saved = self._save(sheet, form, submit)
        except (sheets.StaleSheet, sheets.SheetLocked) as exc:
            _refused(request, exc)
            return redirect("evaluation:score", entry_pk=self.entry.pk)
        except TransitionRefused as exc:
            return self._render(sheet, form, errors=[exc.message], status=400)
        return redirect("evaluation:score", entry_pk=saved.entry_id)

    def _save(self, sheet, form, submit):
        request, data = self.request, form.cleaned_data
        saved = rs.save_scores(
            self.entry,
            self.member,
            form.answers(),
            submit=submit,
            by=request.user,
            comment=data.get("comment", ""),
            expected_version=data.get("version") or 0,
        )
        if submit:
            messages.success(
                request,
                _("Score sheet submitted at %(when)s: total %(total)s points.")
                % {"when": sheets.when(saved.submitted_at), "total": _points(saved.total)},
            )
        else:
            messages.success(request, _("Draft saved at %(when)s.") % {"when": sheets.when(saved.updated_at)})
        return saved


class ScoreSheetReviseView(ScoreSheetView):
    """“Revise the sheet”: change a submitted sheet before scoring closes, with a reason; the replaced
    version is kept and shown to the organiser."""

    revise = True

    def _save(self, sheet, form, submit):
        request, data = self.request, form.cleaned_data
        before = sheet.total
        saved = rs.revise_scores(
            self.entry,
            self.member,
            form.answers(),
            reason=data["reason"],
            by=request.user,
            comment=data.get("comment", ""),
            expected_version=data.get("version") or 0,
        )
        messages.success(
            request,
            _("Revised sheet submitted at %(when)s: total %(total)s points (before: %(before)s).")
            % {
                "when": sheets.when(saved.submitted_at),
                "total": _points(saved.total),
                "before": _points(before),
            },
        )
        return saved


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
    """The product's evidence dossier this entry is scored on, if the user may open it."""
    return _dossiers_for(user, [entry]).get((entry.product_id, entry.dossier_year))


class EntryDetailView(EntryMixin, TemplateView):
    """All sheets of one product: for organisers, and for members once scoring is closed."""

    template_name = "evaluation/entry_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        sheets_ = (
            access.visible(user, ScoreSheet)
            .filter(entry=self.entry)
            .select_related("member__user")
            .prefetch_related(
                Prefetch(
                    "revisions",
                    queryset=access.visible(user, ScoreSheetRevision).order_by("number"),
                )
            )
        )
        return super().get_context_data(
            entry=self.entry, sheets=sheets_, dossier=_dossier_for(user, self.entry), **kwargs
        )
