"""Which reminders are due on a given day, computed from data. Reads only: nothing here writes.

Every reminder has a *moment* (a deadline: batch deadline, milestone, ``valid_until``, task due
date, end of scoring, the ISO week) and a ladder of *lead times* (30/14/7/1 days, 6/3/1 months…).

Catch-up window (after downtime): the reminder for lead time L is due from ``moment − L`` until
the day before the next shorter lead time's moment, or until the moment itself for the shortest
lead. A run inside that window sends it (once; "late" when the run day is after ``moment − L``);
a run after the window skips it: either a shorter-lead reminder has taken over, or the deadline has
passed. Relevance is re-checked on the run day (deadline passed, dossier already submitted, task
done, certificate renewed or revoked, sheet scored → no reminder).

Rules, one function each, all returning :class:`Reminder` objects:

* :func:`dossier_batches` — each ``SubmissionBatch`` deadline, per district of the call: quota
  progress and the dossiers still to complete; plan milestones of kind ``dossier_batch`` not
  covered by a call's batch get the same reminder computed from the plan's product list;
* :func:`certificates_expiring` — 6/3/1 months before ``valid_until``, to the producer and the
  district officers (grouped per producer / district and date);
* :func:`certificates_expired` — after expiry, to DARD and the district: the product left the
  catalogue and is a re-rating candidate;
* :func:`tasks_due`, :func:`tasks_overdue` — before/at the due date to the lead (and cooperating)
  units, the day after to the lead unit's head and DARD;
* :func:`scoring` — council members with unscored products before ``Round.scoring_closes_on``;
* :func:`weekly_digest` — once per ISO week for DARD.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef
from django.urls import NoReverseMatch, reverse

from accounts.models import AdministrativeUnit, Role, User
from certificates.models import Certificate
from dossiers import checks
from dossiers import workflows as dwf
from dossiers.models import CallDistrictQuota, Dossier, SubmissionBatch
from evaluation.models import ConflictDeclaration, Round, ScoreSheet
from plans import workflows as pwf
from plans.models import LeadGroup, Milestone, PlanProduct, ProgressReport, Task
from producers.models import ProducerAccount

from . import conf
from .models import Kind

ONE_DAY = datetime.timedelta(days=1)


# --- building blocks --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Recipient:
    """A portal user, or a bare e-mail address (a producer without an account)."""

    user: User | None = None
    email: str = ""
    display_name: str = ""  # how a bare address is greeted (the producer's name)

    @property
    def key(self) -> str:
        return f"u:{self.user.pk}" if self.user is not None else f"e:{self.email.strip().lower()}"

    @property
    def name(self) -> str:
        if self.user is not None:
            return self.user.get_full_name() or self.user.username
        return self.display_name or self.email

    @property
    def label(self) -> str:
        return self.user.username if self.user is not None else self.email

    @property
    def address(self) -> str:
        return (self.user.email if self.user is not None else self.email).strip()

    @property
    def wants_email(self) -> bool:
        if self.user is not None:
            return bool(self.user.email_notifications and self.address)
        return bool(self.address)


@dataclass
class Reminder:
    """One reminder (to one or more recipients). ``build`` computes the template context lazily:
    only when at least one recipient still has to receive it."""

    kind: str
    object_type: str
    object_id: int
    moment: datetime.date
    lead: str
    due_on: datetime.date
    template: str
    recipients: list[Recipient]
    build: Callable[[], dict]
    url: str = ""
    label: str = ""
    _context: dict | None = field(default=None, repr=False)

    @property
    def key(self) -> dict:
        return dict(
            kind=self.kind,
            object_type=self.object_type,
            object_id=self.object_id,
            moment=self.moment,
            lead=self.lead,
        )

    def context(self) -> dict:
        if self._context is None:
            self._context = self.build()
        return self._context


def rung(today: datetime.date, moment: datetime.date, leads: Iterable[int], unit: str = "days"):
    """The ladder step active on ``today`` → (lead, due_on), or None.

    Leads sorted from the longest; step i is due from ``moment − lead_i`` until the day before
    ``moment − lead_{i+1}``; the last step until ``moment``.
    """

    def back(n: int) -> datetime.date:
        return moment - (relativedelta(months=n) if unit == "months" else datetime.timedelta(days=n))

    ordered = sorted(set(leads), reverse=True)
    for i, lead in enumerate(ordered):
        due = back(lead)
        end = back(ordered[i + 1]) - ONE_DAY if i + 1 < len(ordered) else moment
        if due <= today <= end:
            return lead, due
    return None


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # pragma: no cover - an app without that page
        return ""


def _d(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _users(**filters) -> list[User]:
    return list(User.objects.filter(is_active=True, **filters).order_by("username"))


def district_officers(district_ids) -> dict[int, list[Recipient]]:
    out: dict[int, list[Recipient]] = defaultdict(list)
    district_ids = list(district_ids)
    if not district_ids:
        return out
    for user in _users(role=Role.DISTRICT, unit_id__in=list(district_ids)):
        out[user.unit_id].append(Recipient(user))
    return out


def province_staff() -> list[Recipient]:
    return [Recipient(u) for u in _users(role=Role.PROVINCE)]


def producer_recipients(producer_ids) -> dict[int, list[Recipient]]:
    """The producer's portal accounts; without one, its e-mail address (plain e-mail)."""
    out: dict[int, list[Recipient]] = defaultdict(list)
    producer_ids = list(producer_ids)
    if not producer_ids:
        return out
    for account in (
        ProducerAccount.objects.filter(producer_id__in=list(producer_ids), user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    ):
        out[account.producer_id].append(Recipient(account.user))
    return out


def _dedupe(recipients: Iterable[Recipient]) -> list[Recipient]:
    seen, out = set(), []
    for r in recipients:
        if r.key not in seen:
            seen.add(r.key)
            out.append(r)
    return out


def districts_of(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    if unit.level.code == "district":
        return [unit]
    return list(AdministrativeUnit.objects.districts().within(unit).order_by("code"))


def product_district(product) -> AdministrativeUnit | None:
    """The district of a product's commune (None in a two-tier province). Uses ``commune__parent__level``."""
    parent = product.commune.parent
    return parent if parent is not None and parent.level.code == "district" else None


# --- dossier batches --------------------------------------------------------------------------------
@dataclass
class PendingProduct:
    name: str
    commune: str
    status: str
    missing: list[str]


def _dossier_gaps(dossier: Dossier) -> list[str]:
    missing = [str(kind) for kind in checks.missing_required(dossier)]
    if not dossier.onsite_attested:
        missing.append("Chưa xác nhận kiểm tra thực tế tại cơ sở")
    if dossier.status == dwf.RETURNED:
        missing.insert(0, "Hồ sơ bị trả lại để bổ sung")
    return missing or ["Đã đủ thành phần: cần bấm nộp hồ sơ"]


def _pending_rows(dossiers) -> list[PendingProduct]:
    return [
        PendingProduct(d.product.name, d.product.commune.name, d.status_label, _dossier_gaps(d))
        for d in dossiers
    ]


def batch_progress(
    batch: SubmissionBatch, districts, on: datetime.date, *, count_late: bool = False
) -> dict[int, checks.QuotaProgress]:
    """Per district: registered products vs. dossiers submitted by ``min(on, deadline)`` (by ``on``
    with ``count_late``: late submissions count toward catching up). Two queries."""
    call = batch.call
    by_day = on if count_late else min(on, batch.deadline)
    counts: dict[int, dict] = defaultdict(lambda: {"registered": 0, "submitted": 0})
    for district_id, status, submitted_on in Dossier.objects.filter(
        call=call, product__commune__parent__in=districts
    ).values_list("product__commune__parent_id", "status", "submitted_on"):
        counts[district_id]["registered"] += 1
        if status in dwf.SUBMITTED_AT_LEAST_ONCE and submitted_on and submitted_on <= by_day:
            counts[district_id]["submitted"] += 1
    planned = dict(
        CallDistrictQuota.objects.filter(call=call, district__in=districts).values_list(
            "district_id", "registered_count"
        )
    )
    out = {}
    for d in districts:
        registered = planned.get(d.pk, counts[d.pk]["registered"])
        out[d.pk] = checks.quota_progress(registered, counts[d.pk]["submitted"], batch.quota_percent)
    return out


def _unsubmitted(call, district):
    return (
        Dossier.objects.filter(call=call, status__in=dwf.EDITABLE)
        .in_unit(district)
        .with_related()
        .order_by("product__name", "pk")
    )


def dossier_batches(today: datetime.date) -> Iterator[Reminder]:
    leads = conf.get("OCOP_REMINDER_LEAD_DAYS")
    if not leads:
        return
    batches = (
        SubmissionBatch.objects.filter(
            deadline__gte=today, deadline__lte=today + datetime.timedelta(days=max(leads))
        )
        .select_related("call", "call__issuing_unit", "call__issuing_unit__level")
        .order_by("deadline", "call_id", "number")
    )
    for batch in batches:
        step = rung(today, batch.deadline, leads)
        if step is None:
            continue
        lead, due = step
        call = batch.call
        districts = districts_of(call.issuing_unit)
        progress = batch_progress(batch, districts, today)
        officers = district_officers([d.pk for d in districts])
        is_last = not call.batches.filter(deadline__gt=batch.deadline).exists()
        waiting = Counter(
            Dossier.objects.filter(
                call=call, status__in=dwf.EDITABLE, product__commune__parent__in=districts
            ).values_list("product__commune__parent_id", flat=True)
        )
        for district in districts:
            recipients = officers.get(district.pk)
            p = progress[district.pk]
            if not recipients:
                continue
            # Relevant while the quota is not met; for the last batch, also while dossiers wait.
            if p.met and (not is_last or not waiting[district.pk]):
                continue
            pending = _unsubmitted(call, district)
            yield Reminder(
                kind=Kind.DOSSIER_BATCH,
                object_type="batch",
                object_id=batch.pk,
                moment=batch.deadline,
                lead=f"{lead}d",
                due_on=due,
                template="dossier_batch",
                recipients=recipients,
                build=_batch_context(batch, call, district, p, pending, lead, is_last),
                url=_url("dossiers:call_detail", call.pk),
                label=f"Lô {batch.number} hạn {_d(batch.deadline)} · {district.display_name}",
            )


def _batch_context(batch, call, district, progress, pending, lead, is_last):
    def build():
        rows = _pending_rows(pending)
        submitted_or_pending = progress.submitted + len(rows)
        return {
            "call_title": str(call),
            "batch_number": batch.number,
            "deadline": batch.deadline,
            "quota_percent": batch.quota_percent,
            "is_last_batch": is_last,
            "district": district.name,
            "days_left": lead,
            "progress": progress,
            "pending": rows,
            "without_dossier": max(progress.registered - submitted_or_pending, 0),
        }

    return build


def _covered_by_a_call(milestone: Milestone) -> bool:
    return SubmissionBatch.objects.filter(
        call__year=milestone.plan.year,
        call__issuing_unit=milestone.plan.province,
        deadline=milestone.due_date,
    ).exists()


def plan_milestone_batches(today: datetime.date) -> Iterator[Reminder]:
    """Dossier-batch milestones of published plans that no call's batch covers (same year, same date)."""
    leads = conf.get("OCOP_REMINDER_LEAD_DAYS")
    if not leads:
        return
    milestones = (
        Milestone.objects.filter(
            kind=Milestone.Kind.DOSSIER_BATCH,
            plan__status=pwf.PUBLISHED,
            due_date__gte=today,
            due_date__lte=today + datetime.timedelta(days=max(leads)),
        )
        .select_related("plan", "plan__province")
        .order_by("due_date", "pk")
    )
    for m in milestones:
        step = rung(today, m.due_date, leads)
        if step is None or _covered_by_a_call(m):
            continue
        lead, due = step
        plan = m.plan
        entries = list(
            PlanProduct.objects.filter(plan=plan)
            .select_related("product", "product__commune")
            .order_by("product__name")
        )
        dossiers = {
            d.product_id: d
            for d in Dossier.objects.filter(
                year=plan.year, product__in=[e.product_id for e in entries]
            ).with_related()
        }
        by_district: dict[int, list] = defaultdict(list)
        for e in entries:
            by_district[e.product.commune.parent_id].append(e.product)
        is_last = (m.quota_percent or 100) >= 100 or not plan.milestones.filter(
            kind=Milestone.Kind.DOSSIER_BATCH, due_date__gt=m.due_date
        ).exists()
        districts = [d for d in plan.districts() if by_district.get(d.pk)]
        officers = district_officers([d.pk for d in districts])
        for district in districts:
            products = by_district[district.pk]
            submitted = [
                p
                for p in products
                if p.pk in dossiers
                and dossiers[p.pk].status in dwf.SUBMITTED_AT_LEAST_ONCE
                and dossiers[p.pk].submitted_on
                and dossiers[p.pk].submitted_on <= today
            ]
            waiting = [p for p in products if p not in submitted]
            progress = checks.quota_progress(len(products), len(submitted), m.quota_percent or 100)
            recipients = officers.get(district.pk)
            if not recipients or (progress.met and (not is_last or not waiting)):
                continue
            yield Reminder(
                kind=Kind.DOSSIER_BATCH,
                object_type="milestone",
                object_id=m.pk,
                moment=m.due_date,
                lead=f"{lead}d",
                due_on=due,
                template="dossier_batch",
                recipients=recipients,
                build=_milestone_context(m, district, progress, waiting, dossiers, lead, is_last),
                url=_url("plans:detail", plan.pk),
                label=f"{m.label} hạn {_d(m.due_date)} · {district.display_name}",
            )


def _milestone_context(m, district, progress, waiting, dossiers, lead, is_last):
    def build():
        rows = []
        for p in waiting:
            d = dossiers.get(p.pk)
            if d is None:
                rows.append(
                    PendingProduct(p.name, p.commune.name, "Chưa lập hồ sơ", ["Chưa lập hồ sơ minh chứng"])
                )
            else:
                rows.append(PendingProduct(p.name, p.commune.name, d.status_label, _dossier_gaps(d)))
        return {
            "call_title": str(m.plan),
            "batch_number": m.batch_number or "",
            "milestone_label": m.label,
            "deadline": m.due_date,
            "quota_percent": m.quota_percent or 100,
            "is_last_batch": is_last,
            "district": district.name,
            "days_left": lead,
            "progress": progress,
            "pending": rows,
            "without_dossier": 0,
        }

    return build


# --- certificates -----------------------------------------------------------------------------------
def _cert_queryset():
    return Certificate.objects.select_related(
        "product", "product__producer", "product__commune", "product__commune__parent__level"
    )


def _cert_row(cert: Certificate) -> dict:
    return {
        "number": cert.number,
        "product": cert.product.name,
        "producer": cert.product.producer.name,
        "stars": cert.stars,
        "valid_until": cert.valid_until,
        "commune": cert.product.commune.name,
    }


def certificates_expiring(today: datetime.date) -> Iterator[Reminder]:
    months = conf.get("OCOP_CERTIFICATE_REMINDER_MONTHS")
    if not months:
        return
    certs = (
        _cert_queryset()
        .filter(
            status=Certificate.Status.VALID,
            valid_until__gte=today,
            # Month arithmetic is not symmetric (30/04 + 6 months = 30/10, 31/10 − 6 months = 30/04):
            # fetch a few days more and let the ladder decide.
            valid_until__lte=today + relativedelta(months=max(months), days=4),
        )
        .order_by("valid_until", "number")
    )
    by_producer: dict[tuple, list[Certificate]] = defaultdict(list)
    by_district: dict[tuple, list[Certificate]] = defaultdict(list)
    steps = {}
    for cert in certs:
        step = rung(today, cert.valid_until, months, unit="months")
        if step is None:
            continue
        steps[cert.valid_until] = step
        by_producer[(cert.valid_until, cert.product.producer_id)].append(cert)
        district = product_district(cert.product)
        if district is not None:
            by_district[(cert.valid_until, district.pk)].append(cert)
    producers = producer_recipients({pid for _v, pid in by_producer})
    plain = {}
    for (_v, pid), certs_ in by_producer.items():
        if not producers.get(pid) and certs_[0].product.producer.email:
            producer = certs_[0].product.producer
            plain[pid] = [Recipient(email=producer.email, display_name=producer.name)]
    officers = district_officers({did for _v, did in by_district})
    for (valid_until, pid), group in by_producer.items():
        recipients = producers.get(pid) or plain.get(pid)
        if recipients:
            yield _expiry_reminder("producer", pid, valid_until, steps[valid_until], group, recipients)
    for (valid_until, did), group in by_district.items():
        if officers.get(did):
            yield _expiry_reminder("district", did, valid_until, steps[valid_until], group, officers[did])


def _expiry_reminder(object_type, object_id, valid_until, step, certs, recipients) -> Reminder:
    months, due = step
    first = certs[0]
    label_owner = (
        first.product.producer.name if object_type == "producer" else first.product.commune.parent.name
    )

    def build():
        return {
            "audience": object_type,
            "months": months,
            "valid_until": valid_until,
            "certificates": [_cert_row(c) for c in certs],
            "owner": label_owner,
        }

    return Reminder(
        kind=Kind.CERTIFICATE_EXPIRY,
        object_type=object_type,
        object_id=object_id,
        moment=valid_until,
        lead=f"{months}m",
        due_on=due,
        template="certificate_expiry",
        recipients=recipients,
        build=build,
        url=_url("certificates:certificate_detail", first.pk)
        if len(certs) == 1
        else _url("certificates:certificate_list"),
        label=f"{len(certs)} giấy chứng nhận hết hạn {_d(valid_until)} · {label_owner}",
    )


def recently_expired(today: datetime.date, *, include_unprocessed: bool = False):
    """Certificates whose validity ended within the catch-up window and that were not renewed.

    ``include_unprocessed``: also certificates still marked valid although past ``valid_until``
    (what a dry run sees before the housekeeping step has expired them).
    """
    window = conf.get("OCOP_EXPIRED_NOTICE_CATCHUP_DAYS")
    statuses = [Certificate.Status.EXPIRED] + ([Certificate.Status.VALID] if include_unprocessed else [])
    renewed = Certificate.objects.filter(
        product=OuterRef("product"), status=Certificate.Status.VALID, valid_until__gte=today
    )
    return (
        _cert_queryset()
        .filter(
            status__in=statuses,
            valid_until__lt=today,
            valid_until__gte=today - datetime.timedelta(days=window + 1),
        )
        .exclude(Exists(renewed))
        .order_by("valid_until", "number")
    )


def certificates_expired(today: datetime.date, *, include_unprocessed: bool = False) -> Iterator[Reminder]:
    by_unit: dict[tuple, list[Certificate]] = defaultdict(list)
    provinces: dict[int, AdministrativeUnit] = {}
    for cert in recently_expired(today, include_unprocessed=include_unprocessed):
        district = product_district(cert.product)
        if district is not None:
            by_unit[("district", district.pk, cert.valid_until)].append(cert)
        province_code = cert.product.commune.ancestor_codes()[0]
        province = provinces.setdefault(province_code, AdministrativeUnit.objects.get(code=province_code))
        by_unit[("province", province.pk, cert.valid_until)].append(cert)
    if not by_unit:
        return
    officers = district_officers({uid for kind, uid, _v in by_unit if kind == "district"})
    dard = province_staff()
    for (object_type, unit_id, valid_until), group in by_unit.items():
        recipients = officers.get(unit_id, []) if object_type == "district" else dard
        if not recipients:
            continue
        yield Reminder(
            kind=Kind.CERTIFICATE_EXPIRED,
            object_type=object_type,
            object_id=unit_id,
            moment=valid_until,
            lead="expired",
            due_on=valid_until + ONE_DAY,
            template="certificate_expired",
            recipients=recipients,
            build=_expired_context(group, valid_until, today),
            url=_url("certificates:certificate_list"),
            label=f"{len(group)} giấy chứng nhận đã hết hạn {_d(valid_until)}",
        )


def _expired_context(certs, valid_until, today):
    def build():
        planned = {
            pp.product_id: pp.plan
            for pp in PlanProduct.objects.filter(
                product__in=[c.product_id for c in certs],
                kind=PlanProduct.Kind.UPGRADE,
                plan__year__gte=today.year,
            ).select_related("plan")
        }
        rows = []
        for c in certs:
            row = _cert_row(c)
            plan = planned.get(c.product_id)
            row["plan"] = f"Kế hoạch năm {plan.year}" if plan else ""
            rows.append(row)
        return {"valid_until": valid_until, "certificates": rows}

    return build


def next_draft_plan(product, today: datetime.date):
    """The plan a re-rating candidate goes to: the earliest *draft* plan of the product's province
    for this year or later. Published plans are never amended automatically (DARD decides)."""
    from plans.models import AnnualPlan

    province_code = product.commune.ancestor_codes()[0]
    return (
        AnnualPlan.objects.filter(province__code=province_code, year__gte=today.year, status=pwf.DRAFT)
        .order_by("year")
        .first()
    )


# --- tasks ------------------------------------------------------------------------------------------
def _task_queryset():
    return (
        Task.objects.filter(plan__status=pwf.PUBLISHED)
        .exclude(status=pwf.DONE)
        .select_related("plan", "lead_department")
        .prefetch_related("cooperating")
        .order_by("due_date", "pk")
    )


def _lead_recipients(task: Task) -> list[Recipient]:
    if task.lead_department_id:
        departments = [task.lead_department_id, *(d.pk for d in task.cooperating.all())]
        users = _users(department_id__in=departments, role__in=[Role.DEPARTMENT, Role.PROVINCE])
    elif task.lead_group == LeadGroup.DISTRICTS:
        users = _users(role=Role.DISTRICT)
    elif task.lead_group == LeadGroup.COMMUNES:
        users = _users(role=Role.COMMUNE)
    else:  # pragma: no cover - the check constraint forbids it
        users = []
    return [Recipient(u) for u in users]


def _heads(task: Task) -> list[Recipient]:
    """The head(s) of the lead unit; for locality-led tasks, heads of localities that have not reported."""
    if task.lead_department_id:
        return [Recipient(u) for u in _users(department_id=task.lead_department_id, is_unit_head=True)]
    role = Role.DISTRICT if task.lead_group == LeadGroup.DISTRICTS else Role.COMMUNE
    reported = ProgressReport.objects.filter(task=task, unit__isnull=False).values("unit_id")
    return [
        Recipient(u)
        for u in User.objects.filter(is_active=True, role=role, is_unit_head=True)
        .exclude(unit_id__in=reported)
        .order_by("username")
    ]


def _task_context(task: Task, *, lead=None, overdue_days=None):
    def build():
        last = task.reports.order_by("-date", "-pk").first()
        return {
            "task": task,
            "title": task.title,
            "lead_name": task.lead_name,
            "due_date": task.due_date,
            "days_left": lead,
            "overdue_days": overdue_days,
            "status": task.status_label,
            "plan": str(task.plan),
            "last_report": last,
        }

    return build


def tasks_due(today: datetime.date) -> Iterator[Reminder]:
    leads = conf.get("OCOP_TASK_REMINDER_LEAD_DAYS")
    if not leads:
        return
    for task in _task_queryset().filter(
        due_date__gte=today, due_date__lte=today + datetime.timedelta(days=max(leads))
    ):
        step = rung(today, task.due_date, leads)
        if step is None:
            continue
        lead, due = step
        recipients = _lead_recipients(task)
        if not recipients:
            continue
        yield Reminder(
            kind=Kind.TASK_DUE,
            object_type="task",
            object_id=task.pk,
            moment=task.due_date,
            lead=f"{lead}d",
            due_on=due,
            template="task_due",
            recipients=recipients,
            build=_task_context(task, lead=lead),
            url=_url("plans:task_detail", task.pk),
            label=f"{task.title} · hạn {_d(task.due_date)}",
        )


def tasks_overdue(today: datetime.date) -> Iterator[Reminder]:
    window = conf.get("OCOP_TASK_OVERDUE_CATCHUP_DAYS")
    dard = None
    for task in _task_queryset().filter(
        due_date__lt=today, due_date__gte=today - datetime.timedelta(days=window + 1)
    ):
        dard = province_staff() if dard is None else dard
        recipients = _dedupe([*_heads(task), *dard])
        if not recipients:
            continue
        yield Reminder(
            kind=Kind.TASK_OVERDUE,
            object_type="task",
            object_id=task.pk,
            moment=task.due_date,
            lead="overdue",
            due_on=task.due_date + ONE_DAY,
            template="task_overdue",
            recipients=recipients,
            build=_task_context(task, overdue_days=(today - task.due_date).days),
            url=_url("plans:task_detail", task.pk),
            label=f"{task.title} · quá hạn {_d(task.due_date)}",
        )


# --- evaluation -------------------------------------------------------------------------------------
def scoring(today: datetime.date) -> Iterator[Reminder]:
    leads = conf.get("OCOP_SCORING_REMINDER_LEAD_DAYS")
    if not leads:
        return
    rounds = Round.objects.filter(
        status=Round.Status.SCORING,
        scoring_closes_on__gte=today,
        scoring_closes_on__lte=today + datetime.timedelta(days=max(leads)),
    ).order_by("scoring_closes_on", "pk")
    for round_ in rounds:
        step = rung(today, round_.scoring_closes_on, leads)
        if step is None:
            continue
        lead, due = step
        entries = list(round_.entries.select_related("product").order_by("product__name"))
        done = set(
            ScoreSheet.objects.filter(entry__round=round_, status=ScoreSheet.Status.SUBMITTED).values_list(
                "member_id", "entry_id"
            )
        )
        done |= set(
            ConflictDeclaration.objects.filter(entry__round=round_).values_list("member_id", "entry_id")
        )
        for member in round_.members.select_related("user").order_by("user__username"):
            if not member.user.is_active:
                continue
            unscored = [e for e in entries if (member.pk, e.pk) not in done]
            if not unscored:
                continue
            yield Reminder(
                kind=Kind.SCORING,
                object_type="round",
                object_id=round_.pk,
                moment=round_.scoring_closes_on,
                lead=f"{lead}d",
                due_on=due,
                template="scoring",
                recipients=[Recipient(member.user)],
                build=_scoring_context(round_, unscored, lead),
                url=_url("evaluation:my_sheets"),
                label=f"{round_.name} · {len(unscored)} sản phẩm chưa chấm",
            )


def _scoring_context(round_, unscored, lead):
    def build():
        return {
            "round": round_.name,
            "closes_on": round_.scoring_closes_on,
            "days_left": lead,
            "products": [e.product.name for e in unscored],
        }

    return build


# --- weekly digest ----------------------------------------------------------------------------------
def late_districts(today: datetime.date) -> list[dict]:
    """Districts behind the quota of a batch whose deadline has passed (calls of this year)."""
    rows = []
    batches = (
        SubmissionBatch.objects.filter(call__year=today.year, deadline__lt=today)
        .select_related("call", "call__issuing_unit", "call__issuing_unit__level")
        .order_by("deadline", "pk")
    )
    for batch in batches:
        districts = districts_of(batch.call.issuing_unit)
        progress = batch_progress(batch, districts, today, count_late=True)
        for district in districts:
            p = progress[district.pk]
            if p.registered and not p.met:
                rows.append(
                    {
                        "district": district.name,
                        "batch": batch.number,
                        "deadline": batch.deadline,
                        "submitted": p.submitted,
                        "needed": p.needed,
                        "registered": p.registered,
                    }
                )
    return rows


def weekly_digest(today: datetime.date) -> Iterator[Reminder]:
    weekday = int(conf.get("OCOP_DIGEST_WEEKDAY"))
    if today.weekday() < weekday:
        return
    recipients = province_staff()
    if not recipients:
        return
    monday = today - datetime.timedelta(days=today.weekday())
    iso = monday.isocalendar()

    def build():
        overdue = list(
            Task.objects.filter(plan__status=pwf.PUBLISHED)
            .overdue(today)
            .select_related("lead_department")
            .order_by("due_date", "pk")
        )
        expiring = list(
            _cert_queryset()
            .filter(
                status=Certificate.Status.VALID,
                valid_until__gte=today,
                valid_until__lte=today + relativedelta(months=3),
            )
            .order_by("valid_until", "number")
        )
        return {
            "week": f"{iso.week:02d}/{iso.year}",
            "monday": monday,
            "sunday": monday + datetime.timedelta(days=6),
            "overdue_tasks": [
                {
                    "title": t.title,
                    "lead": t.lead_name,
                    "due_date": t.due_date,
                    "days": (today - t.due_date).days,
                }
                for t in overdue
            ],
            "late_districts": late_districts(today),
            "expiring": [_cert_row(c) for c in expiring],
        }

    yield Reminder(
        kind=Kind.WEEKLY_DIGEST,
        object_type="digest",
        object_id=0,
        moment=monday,
        lead=f"{iso.year}-W{iso.week:02d}",
        due_on=monday + datetime.timedelta(days=weekday),
        template="weekly_digest",
        recipients=recipients,
        build=build,
        url=_url("dashboard"),
        label=f"Tuần {iso.week:02d}/{iso.year}",
    )


RULES = (
    dossier_batches,
    plan_milestone_batches,
    certificates_expiring,
    certificates_expired,
    tasks_due,
    tasks_overdue,
    scoring,
    weekly_digest,
)


def collect(today: datetime.date, *, dry_run: bool = False) -> Iterator[Reminder]:
    """Every reminder due on ``today``, in a stable order."""
    for rule in RULES:
        if rule is certificates_expired:
            yield from rule(today, include_unprocessed=dry_run)
        else:
            yield from rule(today)
