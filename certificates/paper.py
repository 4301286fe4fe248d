"""Certificates issued on paper before the portal (historical certificates), and how they get in.

* DARD staff record one with the form of the certificates pages, or import a spreadsheet: a
  Certificate row marked ``recorded_from_paper``, with its issuing authority, decision number and date,
  validity, who recorded it and from where (:func:`record_paper_certificate`).
* A district officer's import only *proposes* it (:func:`propose_imported`): a pending
  :class:`~certificates.models.CertificateProposal` with its source file and row; the product shows no
  stars anywhere public until DARD confirms it on the review screen (:func:`confirm_proposal` → the
  certificate, through the same path) or rejects it with a reason (:func:`reject_proposal`).

:class:`CertificatesCertification` is what this app registers with :mod:`products.certification`: the
rule that a valid certificate backs a product's public rating, the current decision number (the staff
export), and the route of an imported rating.
"""

from __future__ import annotations

import bisect
import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.successions import today_unit
from evaluation import rules
from evaluation.models.profiles import RegulationProfile
from ocop_portal.bulk import create_objects, insert_history
from ocop_portal.workflow import TransitionRefused
from products.certification import ImportedRating, ImportSource, KnownRating
from products.models import Level, Product, RegulationVersion

from .models import Certificate, CertificateProposal
from .services import apply_certificate, apply_certificates, certificate_valid_until


def default_level(stars: int, decision_date: datetime.date | None) -> str:
    """The level that recognised ``stars`` under the rule set in force on the decision date (the
    evaluation app's level-authority table)."""
    level = rules.level_recognising(stars, decision_date) if decision_date else None
    return level or (Level.CENTRAL if stars == 5 else Level.PROVINCE)


def _unit_phrase(unit) -> str:
    """ "Huyện Duy Xuyên" → "huyện Duy Xuyên" (as in "UBND huyện Duy Xuyên")."""
    kind, _sep, rest = unit.name.partition(" ")
    return f"{kind.lower()} {rest}" if rest else unit.name


# The ministries of agriculture and of natural resources and environment merged into the Bộ Nông nghiệp
# và Môi trường, in office from 01/03/2025 (National Assembly Resolution 176/2025/QH15).
MINISTRY_MERGED_ON = datetime.date(2025, 3, 1)


def ministry_name(day: datetime.date | None = None) -> str:
    """The ministry that recognises 5★ products on ``day`` (today when ``day`` is None)."""
    day = day or timezone.localdate()
    if day >= MINISTRY_MERGED_ON:
        return "Bộ Nông nghiệp và Môi trường"
    return "Bộ Nông nghiệp và Phát triển nông thôn"


def default_authority(product: Product, level: str, day: datetime.date | None = None) -> str:
    """The usual issuing authority of a recognition at ``level`` for the product's area on ``day``: a
    provincial decision dated after the 2025 merger is the successor's (UBND thành phố Đà Nẵng for a
    product registered in a Quảng Nam commune)."""
    if level == Level.CENTRAL:
        return ministry_name(day)
    unit = product.commune.ancestor_at("district" if level == Level.DISTRICT else "province")
    if unit is None or level != Level.DISTRICT:
        unit = _issuer_on(product.commune.ancestor_at("province"), day)
    return f"UBND {_unit_phrase(unit)}" if unit else ""


def _issuer_on(province, day):
    """``province``, or the unit holding it on ``day`` (its successor after a merger)."""
    if province is None or day is None:
        return province
    return today_unit(province, day) or province


def next_paper_number(issued_on: datetime.date) -> str:
    """A portal number for a paper certificate recorded without its own: OCOP-QNA-<year>-G0001."""
    prefix = f"OCOP-QNA-{issued_on.year}-G"
    last = (
        Certificate.objects.select_for_update()
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[-1][1:]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def _require_dard(by) -> None:
    if not access.is_provincial(by):
        raise PermissionDenied(_("Only DARD staff may record a certificate issued on paper."))


def _check(stars, decision_number: str, decision_date) -> None:
    if not 3 <= int(stars) <= 5:
        raise TransitionRefused(_("Only 3★ to 5★ products are recognised and certified."))
    if not (decision_number or "").strip():
        raise TransitionRefused(_("The recognition decision's number is needed."))
    if decision_date is None:
        raise TransitionRefused(_("The recognition decision's date is needed."))
    if decision_date > timezone.localdate():
        raise TransitionRefused(_("The recognition decision's date is in the future."))


@transaction.atomic
def record_paper_certificate(
    product: Product,
    *,
    stars: int,
    decision_number: str,
    decision_date: datetime.date,
    by,
    level: str | None = None,
    issuing_authority: str = "",
    issued_on: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    number: str = "",
    source: str = "",
) -> Certificate:
    """Record a certificate issued on paper (DARD only). It becomes the product's current rating unless
    a later certificate is already recorded (then it is kept as history, superseded)."""
    _require_dard(by)
    _check(stars, decision_number, decision_date)
    issued_on = issued_on or decision_date
    valid_until = valid_until or certificate_valid_until(issued_on)
    if valid_until <= issued_on:
        raise TransitionRefused(_("The validity must end after the date of issue."))
    number = (number or "").strip()
    if number and Certificate.objects.filter(number__iexact=number).exists():
        raise TransitionRefused(_("A certificate with number %(n)s is already recorded.") % {"n": number})
    product = Product.objects.select_for_update().select_related("commune").get(pk=product.pk)
    level = level or default_level(int(stars), decision_date)
    later = Certificate.objects.filter(product=product, issued_on__gt=issued_on).exclude(
        status=Certificate.Status.SUPERSEDED
    )
    current = not later.exists()
    status = Certificate.Status.VALID if valid_until >= timezone.localdate() else Certificate.Status.EXPIRED
    if current:
        Certificate.objects.filter(product=product, status=Certificate.Status.VALID).update(
            status=Certificate.Status.SUPERSEDED
        )
    else:
        status = Certificate.Status.SUPERSEDED
    cert = Certificate.objects.create(
        product=product,
        number=number or next_paper_number(issued_on),
        stars=int(stars),
        level=level,
        issued_on=issued_on,
        valid_until=valid_until,
        status=status,
        recorded_from_paper=True,
        issuing_authority=(issuing_authority or default_authority(product, level, decision_date)).strip()[
            :150
        ],
        decision_number=decision_number.strip()[:60],
        decision_date=decision_date,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
        source=(source or _("entered by DARD"))[:255],
    )
    if current:
        apply_certificate(
            product,
            cert,
            by=by,
            reason=_("Paper certificate recorded: decision %(d)s") % {"d": cert.decision_number},
        )
    return cert


@transaction.atomic
def propose_imported(
    product: Product,
    *,
    stars: int,
    decision_number: str,
    decision_date: datetime.date,
    by,
    source: ImportSource | None = None,
) -> CertificateProposal:
    """A district officer's imported rating: a pending proposal for DARD (nothing public changes).
    The same rating proposed again is left as it is; a different one replaces the pending one."""
    _check(stars, decision_number, decision_date)
    product = Product.objects.select_for_update().select_related("commune").get(pk=product.pk)
    pending = CertificateProposal.objects.filter(product=product, status=CertificateProposal.Status.PENDING)
    same = pending.filter(
        stars=stars, decision_number=decision_number.strip(), decision_date=decision_date
    ).first()
    if same is not None:
        return same
    pending.update(status=CertificateProposal.Status.REPLACED, decided_at=timezone.now())
    level = default_level(int(stars), decision_date)
    return CertificateProposal.objects.create(
        product=product,
        stars=int(stars),
        level=level,
        issuing_authority=default_authority(product, level, decision_date),
        decision_number=decision_number.strip()[:60],
        decision_date=decision_date,
        source_file=(source.filename if source else "")[:255],
        source_sha256=source.sha256 if source else "",
        source_row=source.row if source else None,
        proposed_by=by if getattr(by, "is_authenticated", False) else None,
    )


@transaction.atomic
def confirm_proposal(
    proposal: CertificateProposal, *, by, issuing_authority: str = "", level: str = ""
) -> Certificate:
    """DARD confirms a proposal: the paper-recorded certificate; the product is recognised by it."""
    _require_dard(by)
    proposal = CertificateProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != CertificateProposal.Status.PENDING:
        raise TransitionRefused(_("This proposal has already been handled."))
    if level and level not in Level.values:
        raise TransitionRefused(_("Unknown level."))
    cert = record_paper_certificate(
        proposal.product,
        stars=proposal.stars,
        decision_number=proposal.decision_number,
        decision_date=proposal.decision_date,
        level=level or proposal.level,
        issuing_authority=issuing_authority.strip() or proposal.issuing_authority,
        by=by,
        source=_("proposed by %(who)s: %(source)s")
        % {"who": proposal.proposed_by or _("the import command"), "source": proposal.source or "—"},
    )
    proposal.status = CertificateProposal.Status.CONFIRMED
    proposal.certificate = cert
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "certificate", "decided_by", "decided_at"])
    return cert


@transaction.atomic
def reject_proposal(proposal: CertificateProposal, *, by, reason: str) -> CertificateProposal:
    _require_dard(by)
    if not (reason or "").strip():
        raise TransitionRefused(_("Give the reason for rejecting the proposal."))
    proposal = CertificateProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != CertificateProposal.Status.PENDING:
        raise TransitionRefused(_("This proposal has already been handled."))
    proposal.status = CertificateProposal.Status.REJECTED
    proposal.rejection_reason = reason.strip()
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
    return proposal


# --- A whole imported file at once (products.importers) ---------------------------------------------


class _Levels:
    """:func:`default_level` and :func:`default_authority` without a query per row."""

    def __init__(self, products):
        from accounts.models import AdministrativeUnit, UnitSuccession

        self._levels: dict[tuple[int, int], str] = {}
        self._issuers: dict = {}
        # the level depends on the day only through the regulation version and the rule set in force
        # then (rules.level_recognising): a file with 900 different days asks once per interval between
        # the days on which either changes
        days = set(RegulationVersion.objects.values_list("effective_from", flat=True))
        for start, end in RegulationProfile.objects.values_list("valid_from", "valid_to"):
            days.add(start)
            if end:
                days.add(end + datetime.timedelta(days=1))
        self._boundaries = sorted(d for d in days if d)
        codes = {code for p in products for code in p.commune.ancestor_codes()}
        self.units = {
            (u.code, u.level.code): u
            for u in AdministrativeUnit.objects.filter(code__in=codes).select_related("level")
        }
        # the unit holding the province on a day (accounts.successions.today_unit) changes only on a
        # succession's date or the day after a unit closes: asked once per interval between those days,
        # not once per recognition date (a file of 900 dates sent 400 queries)
        changes = set(UnitSuccession.objects.values_list("date", flat=True).distinct())
        changes.update(
            u.valid_to + datetime.timedelta(days=1) for u in self.units.values() if u.valid_to is not None
        )
        self._succession_days = sorted(d for d in changes if d)

    def level(self, stars: int, day: datetime.date) -> str:
        """:func:`default_level`, read once per (stars, interval of days with the same regulation version and
        rule set) from the level-authority table."""
        key = (stars, bisect.bisect_right(self._boundaries, day) if day else -1)
        if key not in self._levels:
            self._levels[key] = default_level(stars, day)
        return self._levels[key]

    def authority(self, product, level: str, day: datetime.date | None = None) -> str:
        if level == Level.CENTRAL:
            return ministry_name(day)
        codes = product.commune.ancestor_codes()

        def at(level_code):
            return next((self.units[(c, level_code)] for c in codes if (c, level_code) in self.units), None)

        unit = at("district") if level == Level.DISTRICT else None
        if unit is None:
            province = at("province")
            key = (
                province.pk if province else None,
                bisect.bisect_right(self._succession_days, day) if day else None,
            )
            if key not in self._issuers:
                self._issuers[key] = _issuer_on(province, day)
            unit = self._issuers[key]
        return f"UBND {_unit_phrase(unit)}" if unit else ""


def _next_paper_numbers(days) -> dict[int, int]:
    """The last sequence number of the paper certificates of each year (one locked query per year)."""
    out = {}
    for year in sorted({day.year for day in days}):
        last = next_paper_number(datetime.date(year, 1, 1))
        out[year] = int(last.rsplit("-", 1)[-1][1:]) - 1
    return out


def record_paper_certificates(items: list[ImportedRating], *, by, now=None) -> list[Certificate]:
    """:func:`record_paper_certificate` for a whole imported file (DARD only), in bulk: each rating a
    certificate with its portal number, the product's current rating unless a later certificate is
    recorded. A product appears once (the importer refuses the same product twice)."""
    _require_dard(by)
    now = now or timezone.now()
    today = timezone.localdate()
    for item in items:
        _check(item.stars, item.decision_number, item.recognised_on)
    ids = [item.product.pk for item in items]
    locked = {
        p.pk: p for p in Product.objects.select_for_update().select_related("commune").filter(pk__in=ids)
    }
    latest: dict[int, datetime.date] = {}
    for product_id, issued_on in (
        Certificate.objects.filter(product_id__in=ids)
        .exclude(status=Certificate.Status.SUPERSEDED)
        .values_list("product_id", "issued_on")
    ):
        latest[product_id] = max(issued_on, latest.get(product_id, issued_on))
    levels = _Levels(locked.values())
    sequences = _next_paper_numbers([item.recognised_on for item in items])
    recorded_by = by if getattr(by, "is_authenticated", False) else None
    certificates, current = [], []
    for item in items:  # in row order, as row by row
        product = locked[item.product.pk]
        issued_on = item.recognised_on
        valid_until = certificate_valid_until(issued_on)
        is_current = not (latest.get(product.pk) and latest[product.pk] > issued_on)
        status = Certificate.Status.VALID if valid_until >= today else Certificate.Status.EXPIRED
        level = levels.level(int(item.stars), issued_on)
        sequences[issued_on.year] += 1
        cert = Certificate(
            product=product,
            number=f"OCOP-QNA-{issued_on.year}-G{sequences[issued_on.year]:04d}",
            stars=int(item.stars),
            level=level,
            issued_on=issued_on,
            valid_until=valid_until,
            status=status if is_current else Certificate.Status.SUPERSEDED,
            recorded_from_paper=True,
            issuing_authority=levels.authority(product, level, issued_on).strip()[:150],
            decision_number=item.decision_number.strip()[:60],
            decision_date=issued_on,
            recorded_by=recorded_by,
            source=(
                _("imported from %(file)s, row %(row)s")
                % {"file": item.source.filename, "row": item.source.row}
            )[:255],
            created_at=now,
        )
        certificates.append(cert)
        if is_current:
            current.append((product, cert))
    if current:
        Certificate.objects.filter(
            product_id__in=[p.pk for p, _c in current], status=Certificate.Status.VALID
        ).update(status=Certificate.Status.SUPERSEDED)
    create_objects(Certificate, certificates, batch=2_000)
    insert_history(Certificate, certificates, user=recorded_by, date=now)
    apply_certificates(
        current,
        by=by,
        now=now,
        reasons={
            cert.pk: _("Paper certificate recorded: decision %(d)s") % {"d": cert.decision_number}
            for _p, cert in current
        },
    )
    for item in items:  # the caller's objects carry the rating written
        product = locked[item.product.pk]
        for field in ("stars", "certificate_number", "certified_on", "valid_until", "state", "updated_at"):
            item.product.__dict__[field] = product.__dict__[field]
        item.product._loaded_rating = dict(getattr(product, "_loaded_rating", {}))
    return certificates


def propose_imported_many(items: list[ImportedRating], *, by, now=None) -> list[CertificateProposal]:
    """:func:`propose_imported` for a whole imported file, in bulk: a pending proposal per rating; the
    same rating already pending is left as it is, a different one replaced."""
    now = now or timezone.now()
    for item in items:
        _check(item.stars, item.decision_number, item.recognised_on)
    ids = [item.product.pk for item in items]
    locked = {
        p.pk: p for p in Product.objects.select_for_update().select_related("commune").filter(pk__in=ids)
    }
    pending = CertificateProposal.objects.filter(
        product_id__in=ids, status=CertificateProposal.Status.PENDING
    )
    same = {
        (p.product_id, p.stars, p.decision_number, p.decision_date)
        for p in pending.only("product_id", "stars", "decision_number", "decision_date")
    }
    wanted = [
        item
        for item in items
        if (item.product.pk, int(item.stars), item.decision_number.strip(), item.recognised_on) not in same
    ]
    if not wanted:
        return []
    pending.filter(product_id__in=[item.product.pk for item in wanted]).update(
        status=CertificateProposal.Status.REPLACED, decided_at=now
    )
    levels = _Levels(locked.values())
    proposed_by = by if getattr(by, "is_authenticated", False) else None
    proposals = []
    for item in wanted:
        product = locked[item.product.pk]
        level = levels.level(int(item.stars), item.recognised_on)
        proposals.append(
            CertificateProposal(
                product=product,
                stars=int(item.stars),
                level=level,
                issuing_authority=levels.authority(product, level, item.recognised_on),
                decision_number=item.decision_number.strip()[:60],
                decision_date=item.recognised_on,
                source_file=item.source.filename[:255],
                source_sha256=item.source.sha256,
                source_row=item.source.row,
                proposed_by=proposed_by,
            )
        )
    CertificateProposal.objects.bulk_create(proposals, batch_size=2_000)
    insert_history(CertificateProposal, proposals, user=proposed_by, date=now)
    return proposals


# --- What certificates tell products (registered in CertificatesConfig.ready) ---------------------


class BackedExists(Exists):
    """``EXISTS`` (a valid certificate matching the product's rating) that PostgreSQL keeps as a
    per-row probe of the certificate's product index instead of pulling it up into a join.

    Pulled up, its five equalities (product, number, stars, issue date, validity) are multiplied as
    if independent and the planner expects one public product where there are 33 000; every join
    after it (the catalogue's select_related) then becomes a nested loop over whole tables (≈ 4 s at
    100 000 products, EXPLAIN ANALYZE). ``OFFSET 0`` keeps the subquery from being pulled up; the
    filter is then estimated as an ordinary predicate (about half the rows).
    """

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="EXISTS(%(subquery)s OFFSET 0)", **extra_context)


class CertificatesCertification:
    """The :class:`products.certification.Certification` provider of this app."""

    def backed(self, on: datetime.date):
        return BackedExists(
            Certificate.objects.filter(
                product=OuterRef("pk"),
                number=OuterRef("certificate_number"),
                stars=OuterRef("stars"),
                issued_on=OuterRef("certified_on"),
                valid_until=OuterRef("valid_until"),
                status=Certificate.Status.VALID,
                valid_until__gte=on,
            )
        )

    def decision_number(self):
        return Subquery(
            Certificate.objects.filter(product=OuterRef("pk"), number=OuterRef("certificate_number"))
            .annotate(recognition=Coalesce("decision__number", "decision_number"))
            .values("recognition")[:1]
        )

    def route(self, user) -> str:
        return "certificate" if access.is_provincial(user) else "proposal"

    def known_ratings(self, product_ids) -> dict[int, list[KnownRating]]:
        out: dict[int, list[KnownRating]] = {}
        certificates = Certificate.objects.filter(product_id__in=product_ids).select_related("decision")
        for cert in certificates:
            out.setdefault(cert.product_id, []).append(
                KnownRating(cert.stars, cert.issued_on, cert.recognition_number, pending=False)
            )
        proposals = CertificateProposal.objects.filter(
            product_id__in=product_ids, status=CertificateProposal.Status.PENDING
        )
        for p in proposals:
            out.setdefault(p.product_id, []).append(
                KnownRating(p.stars, p.decision_date, p.decision_number, pending=True)
            )
        return out

    def record_imported(
        self, product, *, stars: int, decision_number: str, recognised_on, by, source: ImportSource
    ) -> str:
        if self.route(by) == "certificate":
            record_paper_certificate(
                product,
                stars=stars,
                decision_number=decision_number,
                decision_date=recognised_on,
                by=by,
                source=_("imported from %(file)s, row %(row)s")
                % {"file": source.filename, "row": source.row},
            )
            return "certificate"
        propose_imported(
            product,
            stars=stars,
            decision_number=decision_number,
            decision_date=recognised_on,
            by=by,
            source=source,
        )
        return "proposal"

    def record_imported_many(self, items: list[ImportedRating], *, by) -> str:
        if self.route(by) == "certificate":
            record_paper_certificates(items, by=by)
            return "certificate"
        propose_imported_many(items, by=by)
        return "proposal"
