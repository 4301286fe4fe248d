"""State changes on evidence dossiers and commune assessment reports.

One transaction each; a refused move raises :class:`ocop_portal.workflow.TransitionRefused`
(or its subclass :class:`dossiers.uploads.UploadRefused`) with a clear message, and leaves
nothing half-saved: no row, no stray file in storage.
"""

from __future__ import annotations

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Role
from ocop_portal.workflow import TransitionRefused
from products import services as product_services
from products import workflows as product_workflows
from products.models import Product

from . import checks, uploads
from . import workflows as wf
from .models import (
    CommuneAssessment,
    CommuneReport,
    CommuneReportItem,
    DocumentKind,
    Dossier,
    DossierCall,
    DossierDocument,
    DossierReturnReason,
    DossierTransition,
    LocalCriterion,
    LocalCriterionOption,
)

log = logging.getLogger(__name__)


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _lock(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("call", "call__regulation", "product", "product__group", "product__group__parent")
        .get(pk=dossier.pk)
    )


def _require_change(by, dossier: Dossier) -> None:
    if by is not None and not access.can_change(by, dossier):
        raise TransitionRefused(_("You may not change this dossier."))


def _require_contributor(by, dossier: Dossier) -> None:
    """Documents are added by whoever may change the dossier, or by a login of the product's own
    producer (the producer's self-service); the on-site check and the submission stay with staff."""
    if by is None or access.can_change(by, dossier):
        return
    if access.role_of(by) == Role.PRODUCER and access.can_view(by, dossier):
        return
    raise TransitionRefused(_("You may not change this dossier."))


def _require_editable_state(dossier: Dossier) -> None:
    if dossier.status not in wf.EDITABLE:
        raise TransitionRefused(
            _("The dossier is “%(state)s”: documents can only change while it is a draft or returned.")
            % {"state": dossier.status_label}
        )


# A product's dossier of the year is assembled while it implements its business plan (step 4) or is
# re-rated; a recognised, expired or not-reached product enters re-rating when its dossier is opened.
ASSEMBLY_STATES = (product_workflows.IN_DEVELOPMENT, product_workflows.RERATING)
RERATING_SOURCES = (product_workflows.RECOGNISED, product_workflows.EXPIRED, product_workflows.NOT_REACHED)
# Checks another app adds before a dossier goes back to the district: ``guard(dossier)`` returns a
# refusal message or "" (evaluation: the product already sits in a round of that year).
RETURN_GUARDS: list = []


def register_return_guard(guard) -> None:
    if guard not in RETURN_GUARDS:
        RETURN_GUARDS.append(guard)


def _product_follows(product: Product, name: str, *, by, reason: str = "") -> None:
    """Move the product with its dossier: the dossier and the product lifecycle never disagree.

    The move is taken ``via`` dossiers; if the product's state does not allow it the whole operation
    is refused (one transaction), rather than leaving a submitted dossier beside a product at step 3."""
    product.refresh_from_db(fields=["state"])
    move = product_workflows.LIFECYCLE.get(name)
    if product.state not in move.sources:
        message = (
            _(
                "%(product)s is “%(state)s”: its dossier can only be sent while the product is "
                "implementing its business plan or being re-rated (step 4)."
            )
            if name == "submit_dossier"
            else _("%(product)s is “%(state)s”, no longer waiting for its dossier to be reviewed.")
        )
        raise TransitionRefused(message % {"product": product, "state": product.state_label})
    product_services.transition(product, name, by=by, reason=reason, via="dossiers")


def _product_ready_for_dossier(product: Product, *, by, year: int) -> None:
    """Step 4 (or re-rating) before a dossier opens; a recognised product enters re-rating."""
    if product.state in RERATING_SOURCES:
        product_services.transition(
            product,
            "start_rerating",
            by=by,
            reason=_("Dossier of %(year)s opened for re-rating") % {"year": year},
        )
    elif product.state not in ASSEMBLY_STATES:
        raise TransitionRefused(
            _(
                "%(product)s is “%(state)s”: a dossier is opened once its business plan is approved "
                "and being implemented (step 4), or for re-rating."
            )
            % {"product": product, "state": product.state_label}
        )


# --- Dossiers ---------------------------------------------------------------------------------------


@transaction.atomic
def create_dossier(*, product: Product, call: DossierCall, by) -> Dossier:
    """Open the dossier of ``product`` for ``call`` (one per product and year)."""
    if by is not None and not access.can_change(by, product):
        raise TransitionRefused(_("You may not open a dossier for this product."))
    if by is not None and access.role_of(by) not in wf.ASSEMBLERS:
        raise TransitionRefused(_("Only district officers and provincial staff assemble dossiers."))
    if not call.covers(product.commune):
        raise TransitionRefused(
            _("%(product)s is not inside %(unit)s, the area of this call.")
            % {"product": product, "unit": call.issuing_unit}
        )
    if Dossier.objects.filter(product=product, year=call.year).exists():
        raise TransitionRefused(
            _("%(product)s already has a dossier for %(year)s.") % {"product": product, "year": call.year}
        )
    _product_ready_for_dossier(product, by=by, year=call.year)
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                product=product,
                year=call.year,
                call=call,
                created_by=by if getattr(by, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise TransitionRefused(
            _("%(product)s already has a dossier for %(year)s.") % {"product": product, "year": call.year}
        ) from None
    DossierTransition.record(dossier, "create", "", wf.DRAFT, by=by)
    return dossier


def add_documents(dossier: Dossier, *, kind: DocumentKind, files, by) -> list[DossierDocument]:
    """Add uploaded ``files`` of ``kind`` to the dossier — all of them or none.

    Each file is read once in chunks (size, SHA-256, magic bytes) before anything is stored.
    Stored files are removed again if anything fails before the rows are committed.
    """
    files = [f for f in files if f is not None]
    if not files:
        raise uploads.UploadRefused(_("Choose at least one file to upload."))
    _require_contributor(by, dossier)
    _require_editable_state(dossier)
    if not kind.is_uploaded:
        raise uploads.UploadRefused(_("“%(kind)s” is filled online, not uploaded.") % {"kind": kind.name})
    if kind.pk not in checks.applicable_kind_ids(dossier):
        raise uploads.UploadRefused(
            _("“%(kind)s” is not part of this product's checklist.") % {"kind": kind.name}
        )
    inspected = [uploads.inspect_upload(f) for f in files]
    batch_total = sum(item.size for item in inspected)
    seen: dict[str, str] = {}
    for item in inspected:
        if item.sha256 in seen:
            raise uploads.UploadRefused(
                _("“%(a)s” and “%(b)s” are the same file.")
                % {"a": seen[item.sha256], "b": item.original_name}
            )
        seen[item.sha256] = item.original_name

    stored: list = []  # FieldFiles written to storage, removed again on failure
    try:
        with transaction.atomic():
            locked = _lock(dossier)
            _require_editable_state(locked)
            duplicate = (
                DossierDocument.objects.filter(dossier=locked, sha256__in=list(seen))
                .values_list("original_name", flat=True)
                .first()
            )
            if duplicate:
                raise uploads.UploadRefused(
                    _("This file is already in the dossier as “%(name)s”.") % {"name": duplicate}
                )
            used = DossierDocument.objects.filter(dossier=locked).aggregate(total=Sum("size"))["total"] or 0
            limit = uploads.max_dossier_bytes()
            if used + batch_total > limit:
                raise uploads.UploadRefused(
                    _(
                        "The dossier would hold %(total)s, over the %(limit)s limit per dossier "
                        "(%(used)s already used)."
                    )
                    % {
                        "total": uploads.human_size(used + batch_total),
                        "limit": uploads.human_size(limit),
                        "used": uploads.human_size(used),
                    }
                )
            documents = []
            for item in inspected:
                doc = DossierDocument(
                    dossier=locked,
                    kind=kind,
                    original_name=item.original_name,
                    size=item.size,
                    sha256=item.sha256,
                    content_type=item.type.content_type,
                    uploaded_by=by if getattr(by, "is_authenticated", False) else None,
                )
                doc.file.save(f"upload.{item.type.canonical_extension}", item.upload, save=False)
                stored.append(doc.file)
                doc.save()
                documents.append(doc)
            locked.save(update_fields=["updated_at"])
    except BaseException:
        for fieldfile in stored:
            _delete_stored(fieldfile)
        raise
    return documents


def _delete_stored(fieldfile) -> None:
    try:
        fieldfile.storage.delete(fieldfile.name)
    except Exception:  # pragma: no cover - storage outage: log, never mask the original error
        log.exception("Could not remove stored file %s", fieldfile.name)


@transaction.atomic
def delete_document(document: DossierDocument, *, by) -> None:
    """Remove a document while the dossier is editable; its file goes once the removal commits."""
    dossier = _lock(document.dossier)
    _require_change(by, dossier)
    _require_editable_state(dossier)
    document.delete()  # the stored file goes once this commits (post_delete signal in the model)


@transaction.atomic
def attest_onsite_check(dossier: Dossier, *, by, checked_on: datetime.date, note: str = "") -> Dossier:
    """The district officer attests that the on-site check was done (2023 letter)."""
    locked = _lock(dossier)
    _require_change(by, locked)
    _require_editable_state(locked)
    today = timezone.localdate()
    if checked_on > today:
        raise TransitionRefused(_("The on-site check date cannot be in the future."))
    locked.onsite_checked_on = checked_on
    locked.onsite_note = note.strip()
    locked.onsite_checked_by = by if getattr(by, "is_authenticated", False) else None
    locked.onsite_attested_at = timezone.now()
    locked.save()
    DossierTransition.record(
        locked,
        "attest_onsite",
        locked.status,
        locked.status,
        by=by,
        reason=_("On-site check on %(date)s. %(note)s")
        % {"date": _d(checked_on), "note": locked.onsite_note},
    )
    return locked


def _check_ready(dossier: Dossier) -> None:
    missing = checks.missing_required(dossier)
    problems = []
    if missing:
        problems.append(checks.missing_message(missing))
    if not dossier.onsite_attested:
        problems.append(_("The on-site check has not been attested."))
    if problems:
        raise TransitionRefused(" ".join(problems))


@transaction.atomic
def submit_dossier(dossier: Dossier, *, by, now: datetime.datetime | None = None) -> Dossier:
    """Submit to the evaluating level: complete, attested, in the earliest open batch."""
    locked = _lock(dossier)
    if locked.status != wf.DRAFT and locked.submitted_at:
        raise TransitionRefused(
            _("This dossier was already submitted on %(date)s.")
            % {"date": date_format(timezone.localtime(locked.submitted_at), "d/m/Y H:i")}
        )
    role = access.role_of(by) if by is not None else None
    t = wf.DOSSIER.check(locked.status, "submit", role=role)
    _require_change(by, locked)
    _check_ready(locked)
    now = now or timezone.now()
    today = timezone.localdate(now)
    batch, late = checks.pick_batch(list(locked.call.batches.all()), today)
    if late and locked.call.late_policy == DossierCall.LatePolicy.REFUSE:
        raise TransitionRefused(
            _("The last deadline of this call (%(date)s) has passed: late submissions are refused.")
            % {"date": _d(batch.deadline)}
        )
    previous = locked.status
    locked.status = t.target
    locked.submitted_at = now
    locked.submitted_on = today
    locked.batch = batch
    locked.is_late = late
    locked.save()
    if batch is None:
        note = ""
    elif late:
        note = _("Late: after the last deadline (%(date)s).") % {"date": _d(batch.deadline)}
    else:
        note = str(batch)
    DossierTransition.record(locked, t.name, previous, t.target, by=by, reason=note, at=now)
    _product_follows(locked.product, "submit_dossier", by=by, reason=_("Dossier submitted"))
    return locked


@transaction.atomic
def resubmit_dossier(dossier: Dossier, *, by) -> Dossier:
    """Send a returned dossier back, completed. The batch of the first submission is kept."""
    locked = _lock(dossier)
    role = access.role_of(by) if by is not None else None
    t = wf.DOSSIER.check(locked.status, "resubmit", role=role)
    _require_change(by, locked)
    _check_ready(locked)
    previous = locked.status
    locked.status = t.target
    locked.save()
    DossierTransition.record(locked, t.name, previous, t.target, by=by)
    _product_follows(locked.product, "submit_dossier", by=by, reason=_("Dossier resubmitted"))
    return locked


def _require_reviewer(by, dossier: Dossier) -> None:
    if by is not None and not (access.can_view(by, dossier) and checks.is_evaluating_level(by, dossier.call)):
        raise TransitionRefused(_("Only the evaluating level of this call may do this."))


@transaction.atomic
def return_dossier(dossier: Dossier, *, by, reasons: dict | None = None, general: str = "") -> Dossier:
    """Return for completion with reasons per document kind (``{kind_id: text}``) and/or in general."""
    locked = _lock(dossier)
    reasons = {k: (v or "").strip() for k, v in (reasons or {}).items() if (v or "").strip()}
    general = (general or "").strip()
    summary = "\n".join(
        [general] * bool(general) + [f"{kind}: {text}" for kind, text in _kind_names(reasons).items()]
    )
    role = access.role_of(by) if by is not None else None
    t = wf.DOSSIER.check(locked.status, "return", role=role, reason=summary)
    _require_reviewer(by, locked)
    for guard in RETURN_GUARDS:
        refusal = guard(locked)
        if refusal:
            raise TransitionRefused(refusal)
    applicable = checks.applicable_kind_ids(locked)
    unknown = set(reasons) - applicable
    if unknown:
        raise TransitionRefused(_("A reason names a document kind that is not in this dossier's checklist."))
    previous = locked.status
    locked.status = t.target
    locked.save()
    transition = DossierTransition.record(locked, t.name, previous, t.target, by=by, reason=summary)
    rows = [DossierReturnReason(transition=transition, kind_id=k, reason=v) for k, v in reasons.items()]
    if general:
        rows.append(DossierReturnReason(transition=transition, kind=None, reason=general))
    DossierReturnReason.objects.bulk_create(rows)
    _product_follows(locked.product, "return_dossier", by=by, reason=summary)
    return locked


def _kind_names(reasons: dict) -> dict:
    names = dict(DocumentKind.objects.filter(pk__in=list(reasons)).values_list("pk", "name"))
    return {names.get(k, k): v for k, v in reasons.items()}


@transaction.atomic
def accept_dossier(dossier: Dossier, *, by, reason: str = "") -> Dossier:
    locked = _lock(dossier)
    role = access.role_of(by) if by is not None else None
    t = wf.DOSSIER.check(locked.status, "accept", role=role)
    _require_reviewer(by, locked)
    missing = checks.missing_required(locked)
    if missing:
        raise TransitionRefused(checks.missing_message(missing))
    previous = locked.status
    locked.status = t.target
    locked.accepted_at = timezone.now()
    locked.save()
    DossierTransition.record(locked, t.name, previous, t.target, by=by, reason=reason)
    return locked


ACTIONS = {"submit": submit_dossier, "resubmit": resubmit_dossier, "accept": accept_dossier}


def run_action(dossier: Dossier, name: str, *, by) -> Dossier:
    """Dispatch a button press (submit, resubmit, accept); return has its own form."""
    try:
        service = ACTIONS[name]
    except KeyError:
        raise TransitionRefused(_("Unknown action “%(name)s”.") % {"name": name}) from None
    return service(dossier, by=by)


# --- Commune assessment reports --------------------------------------------------------------------


def _require_report_change(by, report: CommuneReport) -> None:
    if by is not None and not access.can_change(by, report):
        raise TransitionRefused(_("You may not change this commune report."))


def _assessable_dossiers(commune, call):
    """Dossiers of the commune's products in the call not yet covered by a submitted report: those
    registered in the commune and in the communes it succeeded (a product certified in an old commune
    is re-rated after the 2025 reform with the report of today's commune)."""
    from accounts.successions import were_within_q

    return (
        Dossier.objects.filter(were_within_q("product__commune", commune), call=call)
        .exclude(commune_items__report__status=wf.REPORT_SUBMITTED)
        .order_by("product__name", "pk")
    )


def sync_report_items(report: CommuneReport) -> int:
    """Add the commune's dossiers of the call that this draft does not list yet. → number added."""
    if report.status != wf.REPORT_DRAFT:
        return 0
    have = set(report.items.values_list("dossier_id", flat=True))
    new = [
        CommuneReportItem(report=report, dossier=d)
        for d in _assessable_dossiers(report.commune, report.call)
        if d.pk not in have
    ]
    CommuneReportItem.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def start_commune_report(*, commune, call: DossierCall, by) -> CommuneReport:
    """Open (or return the open) draft report of ``commune`` for ``call``."""
    role = access.role_of(by) if by is not None else None
    if by is not None and not (role == Role.ADMIN or (role == Role.COMMUNE and by.unit_id == commune.pk)):
        raise TransitionRefused(_("Only the commune's officials file its assessment report."))
    if not call.regulation.has_commune_step:
        raise TransitionRefused(
            _("Under %(reg)s the commune does not assess local criteria.") % {"reg": call.regulation}
        )
    if not call.covers(commune):
        raise TransitionRefused(_("This commune is outside the area of the call."))
    existing = CommuneReport.objects.filter(commune=commune, call=call, status=wf.REPORT_DRAFT).first()
    if existing:
        sync_report_items(existing)
        return existing
    if not _assessable_dossiers(commune, call).exists():
        raise TransitionRefused(
            _("No product of this commune has a dossier waiting for the commune's assessment in this call.")
        )
    report = CommuneReport.objects.create(
        commune=commune,
        call=call,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    sync_report_items(report)
    return report


@transaction.atomic
def save_commune_report(
    report: CommuneReport,
    *,
    by,
    meeting_date=None,
    chair_name: str = "",
    chair_title: str = "",
    participants: str = "",
    conclusion: str = "",
    answers: dict | None = None,
    minutes=None,
) -> CommuneReport:
    """Save the draft: meeting details and ``answers`` ``{(item_id, criterion_id): (option_id|None, comment)}``;
    ``minutes``, an uploaded scan of the signed and stamped minutes, replaces the stored one (checked by
    the upload policy; stored last, so a refused save stores no file)."""
    report = CommuneReport.objects.select_for_update().get(pk=report.pk)
    _require_report_change(by, report)
    if report.status != wf.REPORT_DRAFT:
        raise TransitionRefused(_("A submitted report can no longer be changed."))
    if meeting_date and meeting_date > timezone.localdate():
        raise TransitionRefused(_("The meeting date cannot be in the future."))
    report.meeting_date = meeting_date
    report.chair_name = chair_name.strip()
    report.chair_title = chair_title.strip()
    report.participants = participants.strip()
    report.conclusion = conclusion.strip()
    report.save()
    items = {i.pk: i for i in report.items.all()}
    criteria = {c.pk: c for c in LocalCriterion.objects.filter(regulation=report.call.regulation)}
    options = {o.pk: o for o in LocalCriterionOption.objects.filter(criterion__in=list(criteria.values()))}
    existing = {(a.item_id, a.criterion_id): a for a in CommuneAssessment.objects.filter(item__report=report)}
    for (item_id, criterion_id), (option_id, comment) in (answers or {}).items():
        if item_id not in items or criterion_id not in criteria:
            raise TransitionRefused(_("An answer refers to a product or criterion outside this report."))
        current = existing.get((item_id, criterion_id))
        if not option_id:
            if current:
                current.delete()
            continue
        option = options.get(int(option_id))
        if option is None or option.criterion_id != criterion_id:
            raise TransitionRefused(_("An answer is not one of the criterion's options."))
        if current:
            current.option = option
            current.comment = (comment or "").strip()
            current.save()
        else:
            CommuneAssessment.objects.create(
                item_id=item_id, criterion_id=criterion_id, option=option, comment=(comment or "").strip()
            )
    if minutes is not None:
        name = uploads.sanitize_filename(getattr(minutes, "name", "") or "bien-ban.pdf")
        report.minutes.save(name, minutes, save=False)  # the policy inspects it (PolicyFileField)
        report.minutes_name = name
        report.save(update_fields=["minutes", "minutes_name", "updated_at"])
    return report


@transaction.atomic
def submit_commune_report(report: CommuneReport, *, by) -> CommuneReport:
    """Submit: meeting details complete and every product answered on every criterion."""
    report = CommuneReport.objects.select_for_update().select_related("call", "commune").get(pk=report.pk)
    if report.status == wf.REPORT_SUBMITTED:
        raise TransitionRefused(
            _("This report was already submitted on %(date)s.")
            % {"date": date_format(timezone.localtime(report.submitted_at), "d/m/Y H:i")}
        )
    role = access.role_of(by) if by is not None else None
    t = wf.COMMUNE_REPORT.check(report.status, "submit", role=role)
    _require_report_change(by, report)
    refusal = checks.commune_report_refusal(report)
    if refusal:
        raise TransitionRefused(refusal)
    items = list(report.items.select_related("dossier__product"))
    report.status = t.target
    report.submitted_at = timezone.now()
    report.submitted_by = by if getattr(by, "is_authenticated", False) else None
    report.save()
    for item in items:
        DossierTransition.record(
            item.dossier,
            "commune_report",
            item.dossier.status,
            item.dossier.status,
            by=by,
            reason=_("Commune assessment report of %(commune)s submitted.") % {"commune": report.commune},
            at=report.submitted_at,
        )
    return report
