"""The producer's own work (issue 18): register an idea, send the business plan, add evidence to their
dossier, report it complete, reply to a return.

Every step goes through the services the officers' screens already use (products' registration and
lifecycle, the dossier's upload service), so what a producer sends shows on the officer's lists and
dossier page like anything else. A producer never submits a dossier: the local officer checks it,
attests the on-site visit and submits. One transaction each; a refusal raises
:class:`ocop_portal.workflow.TransitionRefused` with a clear message and leaves nothing half-saved.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Role
from accounts.successions import today_commune
from ocop_portal.workflow import TransitionRefused
from products import services as product_services
from products import workflows as pw
from products.models import Product

from . import checks, services, uploads
from . import workflows as wf
from .models import (
    BusinessPlan,
    DocumentKind,
    Dossier,
    DossierDocument,
    DossierTransition,
    IdeaRegistration,
    ProducerMessage,
)

log = logging.getLogger(__name__)

# The states in which the producer (re)sends the business plan, and the one in which it waits.
PLAN_OPEN = (pw.IDEA_ACCEPTED, pw.PLAN_RETURNED)


def own_producer(user):
    """The producer the login belongs to (None for staff and for a producer login not yet linked)."""
    if access.role_of(user) != Role.PRODUCER:
        return None
    account = getattr(user, "producer_account", None)
    return account.producer if account else None


def _require_producer(by):
    producer = own_producer(by)
    if producer is None:
        raise TransitionRefused(_("Only a producer's own login may do this."))
    return producer


def _require_own(by, obj) -> None:
    _require_producer(by)
    if not access.can_view(by, obj):
        raise TransitionRefused(_("This belongs to another producer."))


def _when(dt) -> str:
    return timezone.localtime(dt).strftime("%d/%m/%Y %H:%M")


# --- Step 2: the idea (form 01 new product / 02 existing product) ------------------------------------


@transaction.atomic
def register_idea(
    *,
    by,
    name: str,
    group,
    origin: str,
    idea: str,
    raw_materials: str = "",
    market: str = "",
    expected_output: str = "",
    duplicate_reason: str = "",
) -> Product:
    """Register the producer's product idea: a product at "idea registered" (step 2) in the producer's
    commune as it is today (the commune that succeeded it, when the producer's address is in a commune
    closed by the 2025 reform), on the officers' lists like any idea, with the form's content kept beside it.

    Raises :class:`products.services.DuplicateWarning` (nothing saved) when other producers have
    closely matching products and no reason is given."""
    producer = _require_producer(by)
    name, idea = (name or "").strip(), (idea or "").strip()
    if not name:
        raise TransitionRefused(_("Give the product's name."))
    if not idea:
        raise TransitionRefused(_("Describe the product idea."))
    if origin not in Product.Origin.values:
        raise TransitionRefused(_("Choose form 01 (new product) or form 02 (existing product)."))
    product = product_services.register_product(
        by=by,
        duplicate_reason=duplicate_reason,
        name=name,
        producer=producer,
        commune=today_commune(producer.commune),
        group=group,
        origin=origin,
        description=idea,
        registered_year=timezone.localdate().year,
    )
    IdeaRegistration.objects.create(
        product=product,
        idea=idea,
        raw_materials=(raw_materials or "").strip(),
        market=(market or "").strip(),
        expected_output=(expected_output or "").strip(),
        submitted_by=by,
    )
    return product


# --- Step 3: the business plan (form 03) --------------------------------------------------------------


def submit_business_plan(
    product: Product,
    *,
    by,
    summary: str,
    production: str,
    market: str,
    raw_materials: str = "",
    capital_vnd: int | None = None,
    revenue_vnd: int | None = None,
    upload=None,
) -> BusinessPlan:
    """Send (or send again, after a return) the business plan of an accepted idea: the product moves
    to "business plan submitted" (step 3) and waits for the district's agreement on the product page."""
    _require_own(by, product)
    summary, production, market = (summary or "").strip(), (production or "").strip(), (market or "").strip()
    if not (summary and production and market):
        raise TransitionRefused(
            _("Fill in the summary, the production organisation and the market of the plan.")
        )
    inspected = uploads.inspect_upload(upload) if upload is not None else None  # before anything is stored
    stored = None
    try:
        with transaction.atomic():
            locked = Product.objects.select_for_update().get(pk=product.pk)
            existing = BusinessPlan.objects.filter(product=locked).first()
            if locked.state == pw.PLAN_SUBMITTED and existing:
                raise TransitionRefused(
                    _("The business plan was already sent on %(date)s and waits for the district's answer.")
                    % {"date": _when(existing.submitted_at)}
                )
            if locked.state not in PLAN_OPEN:
                raise TransitionRefused(
                    _("%(product)s is “%(state)s”: a business plan is sent once the idea is accepted.")
                    % {"product": locked, "state": locked.state_label}
                )
            plan = existing or BusinessPlan(product=locked, times_submitted=0)
            plan.summary, plan.production, plan.market = summary, production, market
            plan.raw_materials = (raw_materials or "").strip()
            plan.capital_vnd, plan.revenue_vnd = capital_vnd, revenue_vnd
            plan.submitted_by = by
            plan.submitted_at = timezone.now()
            plan.times_submitted += 1
            old_file = plan.file.name if existing else ""
            if inspected is not None:
                plan.file.save(f"plan.{inspected.type.canonical_extension}", inspected.upload, save=False)
                stored = plan.file
                plan.original_name = inspected.original_name
                plan.content_type = inspected.type.content_type
            plan.save()
            product_services.transition(
                product,
                "submit_plan",
                by=by,
                reason=_("Business plan (form 03) sent by the producer: %(summary)s")
                % {"summary": summary[:300]},
            )
            if stored is not None and old_file:
                storage = plan.file.storage
                transaction.on_commit(lambda: storage.delete(old_file))
    except BaseException:
        if stored is not None:
            services._delete_stored(stored)
        raise
    return plan


# --- Step 4–5: the producer's part of the evidence dossier --------------------------------------------


def add_documents(dossier: Dossier, *, kind: DocumentKind, files, by) -> list[DossierDocument]:
    """Add evidence to the producer's own dossier while it is a draft or returned (the dossier's upload
    policy and checklist apply); the dossier's history records who added what."""
    _require_own(by, dossier)
    with transaction.atomic():
        documents = services.add_documents(dossier, kind=kind, files=files, by=by)
        DossierTransition.record(
            dossier,
            "producer_upload",
            dossier.status,
            dossier.status,
            by=by,
            reason=_("The producer added to “%(kind)s”: %(names)s")
            % {"kind": kind.name, "names": ", ".join(d.original_name for d in documents)},
        )
    return documents


@transaction.atomic
def delete_document(document: DossierDocument, *, by) -> None:
    """Remove a document the producer's logins uploaded (to replace it) while the dossier is editable."""
    dossier = services._lock(document.dossier)
    _require_own(by, dossier)
    services._require_editable_state(dossier)
    producer = own_producer(by)
    uploader = getattr(getattr(document.uploaded_by, "producer_account", None), "producer_id", None)
    if uploader != producer.pk:
        raise TransitionRefused(_("This document was added by the officer: ask them to replace it."))
    DossierTransition.record(
        dossier,
        "producer_remove",
        dossier.status,
        dossier.status,
        by=by,
        reason=_("The producer removed “%(name)s”.") % {"name": document.original_name},
    )
    document.delete()  # the stored file goes once this commits


def last_ready(dossier: Dossier) -> ProducerMessage | None:
    return dossier.producer_messages.filter(kind=ProducerMessage.Kind.READY).order_by("-at", "-pk").first()


@transaction.atomic
def mark_ready(dossier: Dossier, *, by, note: str = "") -> ProducerMessage:
    """ "Báo cán bộ xã/huyện: hồ sơ đã đủ" — tell the officer the dossier is complete.

    The officer still checks it, attests the on-site visit and submits; nothing moves by itself."""
    locked = services._lock(dossier)
    _require_own(by, locked)
    if locked.status not in wf.EDITABLE:
        raise TransitionRefused(
            _("The dossier is “%(state)s”: it is with the evaluating level, nothing to report.")
            % {"state": locked.status_label}
        )
    missing = [m for m in checks.missing_required(locked) if m.is_uploaded]
    if missing:
        raise TransitionRefused(checks.missing_message(missing))
    previous = last_ready(locked)
    if previous is not None:
        changed = (
            locked.transitions.filter(at__gt=previous.at).exclude(name="producer_ready").exists()
            or locked.documents.filter(uploaded_at__gt=previous.at).exists()  # the officer's uploads too
        )
        if not changed:
            raise TransitionRefused(
                _("You already reported this dossier complete on %(date)s; nothing changed since.")
                % {"date": _when(previous.at)}
            )
    message = ProducerMessage.objects.create(
        dossier=locked, kind=ProducerMessage.Kind.READY, text=(note or "").strip(), by=by
    )
    DossierTransition.record(
        locked,
        "producer_ready",
        locked.status,
        locked.status,
        by=by,
        reason=_("The producer reports the dossier complete.") + (f" {message.text}" if message.text else ""),
    )
    return message


def reply_to_return(
    dossier: Dossier, *, by, text: str, kind: DocumentKind | None = None, files=()
) -> ProducerMessage:
    """Answer the remarks of a returned dossier: a message, with new files if any (all or none)."""
    _require_own(by, dossier)
    text = (text or "").strip()
    files = [f for f in files or () if f is not None]
    if dossier.status != wf.RETURNED:
        raise TransitionRefused(
            _("The dossier is “%(state)s”: only a returned dossier is answered.")
            % {"state": dossier.status_label}
        )
    if not text:
        raise TransitionRefused(_("Write your reply to the remarks."))
    if files and kind is None:
        raise TransitionRefused(_("Choose which document the new files are."))
    with transaction.atomic():
        message = ProducerMessage.objects.create(
            dossier=dossier, kind=ProducerMessage.Kind.REPLY, text=text, by=by
        )
        documents = services.add_documents(dossier, kind=kind, files=files, by=by) if files else []
        message.documents.set(documents)
        reason = _("Reply from the producer: %(text)s") % {"text": text}
        if documents:
            reason += " " + _("New files: %(names)s") % {
                "names": ", ".join(d.original_name for d in documents)
            }
        DossierTransition.record(
            dossier, "producer_reply", dossier.status, dossier.status, by=by, reason=reason
        )
    return message
